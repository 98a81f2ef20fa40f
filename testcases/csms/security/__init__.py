"""Security white paper cases, CSMS DUT (the harness plays a charge point)."""
