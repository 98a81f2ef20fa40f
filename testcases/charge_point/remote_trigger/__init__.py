"""Remote Trigger profile, charge point DUT."""
