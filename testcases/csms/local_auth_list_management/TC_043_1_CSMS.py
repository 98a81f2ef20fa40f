"""TC_043_1_CSMS — Send Local Authorization List - NotSupported."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_043_1_CSMS", "Send Local Authorization List - NotSupported", Profile.LOCAL_AUTH_LIST_MANAGEMENT)
async def test_TC_043_1_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS sends a full local list and copes with a charge point that does not support one.

    Steps:
    1. Reusable state Booted. [Make the CSMS send a full local authorization list.] The CSMS
       sends SendLocalList with updateType Full.
    2. The charge point answers NotSupported.
    3. The CSMS carries on: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: "the CSMS is able to receive a NotSupported response" is checked as in the other
    refusal cases: the connection stays up and the next CALL is answered.
    """
    await cp.booted()
    cp.csms.respond("SendLocalList", {"status": "NotSupported"}, once=True)
    cp.step("1. [Make the CSMS send a full local list]: SendLocalList updateType Full")
    request = await cp.local_list_sent("Full")
    cp.step("2-3. SendLocalList.conf NotSupported; the CSMS carries on")
    await cp.copes_with_refusal(request)
