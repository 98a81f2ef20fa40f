"""Local Authorization List Management profile, CSMS DUT."""
