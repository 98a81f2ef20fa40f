"""Smart Charging profile, charge point DUT."""
