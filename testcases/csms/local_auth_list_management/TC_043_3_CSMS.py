"""TC_043_3_CSMS — Send Local Authorization List - Failed."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_043_3_CSMS", "Send Local Authorization List - Failed", Profile.LOCAL_AUTH_LIST_MANAGEMENT)
async def test_TC_043_3_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS sends a full local list and copes with a charge point that fails to store it.

    Steps:
    1. Reusable state Booted. [Make the CSMS send a full local authorization list.] The CSMS
       sends SendLocalList with updateType Full.
    2. The charge point answers Failed.
    3. The CSMS carries on: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: the official purpose says "Rejected" but its validations and expected result say
    Failed, which is the UpdateStatus OCPP 1.6 has for a list that could not be stored; Failed
    it is.
    """
    await cp.booted()
    cp.csms.respond("SendLocalList", {"status": "Failed"}, once=True)
    cp.step("1. [Make the CSMS send a full local list]: SendLocalList updateType Full")
    request = await cp.local_list_sent("Full")
    cp.step("2-3. SendLocalList.conf Failed; the CSMS carries on")
    await cp.copes_with_refusal(request)
