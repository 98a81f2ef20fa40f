"""The reference CSMS: a conformant OCPP 1.6-J Central System with planted faults.

It is the default device under test when the harness plays a charge point, and the oracle
of every ``_CSMS`` case's self-test.
"""

from octt_py.reference.csms.faults import CSMS_FAULTS
from octt_py.reference.csms.server import ReferenceCsms

__all__ = ["CSMS_FAULTS", "ReferenceCsms"]
