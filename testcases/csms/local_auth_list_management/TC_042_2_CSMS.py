"""TC_042_2_CSMS — Get Local List Version (empty)."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case

EMPTY = 0


@case("TC_042_2_CSMS", "Get Local List Version (empty)", Profile.LOCAL_AUTH_LIST_MANAGEMENT)
async def test_TC_042_2_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS asks a charge point with an empty local list for its version.

    Steps:
    1. Reusable state Booted. [Make the CSMS ask for the local list version.] The CSMS sends
       GetLocalListVersion.
    2. The charge point answers listVersion 0: its local authorization list is empty.

    Choice: as in the official table, the CSMS side is checked by its request alone (the
    schema leaves GetLocalListVersion.req no fields to get wrong).
    """
    await cp.booted()
    cp.csms.respond("GetLocalListVersion", {"listVersion": EMPTY}, once=True)
    cp.step("1. [Make the CSMS ask for the local list version]: GetLocalListVersion")
    request = await cp.csms_sends("GetLocalListVersion")
    cp.step("2. GetLocalListVersion.conf listVersion 0")
    await cp.answered(request)
