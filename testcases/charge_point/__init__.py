"""``_CS`` cases: the harness is the Central System, the DUT is a charge point."""
