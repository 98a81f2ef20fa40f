"""TC_023_2_CSMS — Start Charging Session - Authorize expired."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_023_2_CSMS", "Start Charging Session - Authorize expired", Profile.CORE)
async def test_TC_023_2_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS refuses the PICS's expired id tag: Authorize is answered Expired.

    Steps:
    1. Reusable state Booted.
    2. [EV driver presents the expired id tag.] Authorize; the CSMS answers idTagInfo status Expired.

    Prerequisite: the CSMS holds the PICS's expired id tag as expired (its expiryDate passed).
    """
    await cp.booted()
    await cp.refused(cp.tags.expired, "Expired")
