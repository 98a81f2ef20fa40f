"""TC_061_CSMS — Clear Authorization Data in Authorization Cache."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case, needs_action


@case("TC_061_CSMS", "Clear Authorization Data in Authorization Cache", Profile.CORE,
      requires=(needs_action("ClearCache"),))
async def test_TC_061_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS can clear the authorization cache of a charge point.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS clear the charge point's authorization cache.] The CSMS sends ClearCache;
       the charge point answers Accepted.

    Choice: the case applies whatever the PICS says about the emulated charge point's cache: the
    official CSMS variant has no prerequisite, and ClearCache is a Core message every CSMS sends.
    """
    await cp.booted()
    await cp.csms_sends("ClearCache")
