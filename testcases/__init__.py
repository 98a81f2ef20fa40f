"""The official OCPP 1.6 test cases, one module per case, by DUT side then feature profile.

``charge_point/`` holds the ``_CS`` cases (the DUT is a charge point, the harness plays the CSMS);
``csms/`` holds the ``_CSMS`` cases (the DUT is a central system, the harness plays a charge point).
"""
