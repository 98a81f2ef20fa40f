"""Smart Charging profile, CSMS DUT."""
