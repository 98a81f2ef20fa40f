"""TC_019_1_CSMS — Retrieve all configuration keys."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_019_1_CSMS", "Retrieve all configuration keys", Profile.CORE)
async def test_TC_019_1_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS can retrieve the whole configuration of a charge point.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS retrieve all configuration keys.] The CSMS sends GetConfiguration with no
       key list (or an empty one); the charge point answers with every key it has.
    """
    await cp.booted()
    request = await cp.csms_sends("GetConfiguration")
    if request.payload.get("key"):
        raise Fail(f"GetConfiguration asks for {request.payload['key']}; to retrieve all keys it must name none")
