"""Remote Trigger profile, CSMS DUT."""
