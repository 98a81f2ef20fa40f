"""Firmware Management profile, charge point DUT."""
