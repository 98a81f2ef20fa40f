"""Core profile, CSMS DUT."""
