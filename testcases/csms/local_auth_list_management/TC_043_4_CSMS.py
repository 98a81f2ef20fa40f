"""TC_043_4_CSMS — Send Local Authorization List - Full."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_043_4_CSMS", "Send Local Authorization List - Full", Profile.LOCAL_AUTH_LIST_MANAGEMENT)
async def test_TC_043_4_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS sends a full local authorization list a charge point can authorize from.

    Steps:
    1. Reusable state Booted. [Make the CSMS send a full local authorization list.] The CSMS
       sends SendLocalList with updateType Full: at least one entry, and every entry with its
       idTagInfo.
    2. The charge point answers Accepted.

    Choice: the prerequisite "the CSMS has at least one IdToken for the list" is checked as
    part of the request: an empty full list would erase the charge point's list, not set one.
    """
    await cp.booted()
    cp.csms.respond("SendLocalList", {"status": "Accepted"}, once=True)
    cp.step("1. [Make the CSMS send a full local list]: SendLocalList updateType Full")
    request = await cp.local_list_sent("Full")
    entries = request.payload.get("localAuthorizationList") or []
    if not entries:
        raise Fail("the full SendLocalList carries no id tags; it must set at least one")
    bare = [entry["idTag"] for entry in entries if "idTagInfo" not in entry]
    if bare:
        raise Fail(f"the full SendLocalList has no idTagInfo for {', '.join(bare)}; every entry of a full list needs one")
    cp.step("2. SendLocalList.conf Accepted")
    await cp.answered(request)
