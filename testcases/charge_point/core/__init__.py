"""Core profile, charge point DUT."""
