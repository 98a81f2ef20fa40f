"""Reservation profile, charge point DUT."""
