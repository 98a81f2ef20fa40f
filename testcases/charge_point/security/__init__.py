"""Security white paper cases, charge point DUT (the harness plays the CSMS)."""
