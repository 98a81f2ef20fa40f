"""TC_023_3_CSMS — Start Charging Session - Authorize blocked."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_023_3_CSMS", "Start Charging Session - Authorize blocked", Profile.CORE)
async def test_TC_023_3_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS refuses the PICS's blocked id tag: Authorize is answered Blocked.

    Steps:
    1. Reusable state Booted.
    2. [EV driver presents the blocked id tag.] Authorize; the CSMS answers idTagInfo status Blocked.

    Prerequisite: the CSMS holds the PICS's blocked id tag as blocked.
    """
    await cp.booted()
    await cp.refused(cp.tags.blocked, "Blocked")
