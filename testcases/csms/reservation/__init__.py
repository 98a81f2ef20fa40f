"""Reservation profile, CSMS DUT."""
