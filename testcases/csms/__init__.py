"""``_CSMS`` cases: the harness is a charge point, the DUT is a Central System."""
