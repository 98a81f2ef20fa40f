"""TC_023_1_CSMS — Start Charging Session - Authorize invalid."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_023_1_CSMS", "Start Charging Session - Authorize invalid", Profile.CORE)
async def test_TC_023_1_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS refuses the PICS's invalid id tag: Authorize is answered Invalid.

    Steps:
    1. Reusable state Booted.
    2. [EV driver presents the invalid id tag.] Authorize; the CSMS answers idTagInfo status Invalid.

    Prerequisite: the CSMS does not know the PICS's invalid id tag.
    """
    await cp.booted()
    await cp.refused(cp.tags.invalid, "Invalid")
