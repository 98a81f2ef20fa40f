"""Local Auth List Management profile, charge point DUT."""
