"""Firmware Management profile, CSMS DUT."""
