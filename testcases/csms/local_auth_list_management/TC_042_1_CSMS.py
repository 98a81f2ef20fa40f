"""TC_042_1_CSMS — Get Local List Version (not supported)."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case

NOT_SUPPORTED = -1


@case("TC_042_1_CSMS", "Get Local List Version (not supported)", Profile.LOCAL_AUTH_LIST_MANAGEMENT)
async def test_TC_042_1_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS asks for the local list version of a charge point without a local list and
    copes with the answer -1.

    Steps:
    1. Reusable state Booted. [Make the CSMS ask for the local list version.] The CSMS sends
       GetLocalListVersion.
    2. The charge point answers listVersion -1: it has no local authorization list.
    3. The CSMS carries on: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: OCPP 1.6 section 5.10 gives -1 for "local list not supported / disabled" and 0 for
    "empty". The official table checks nothing on the CSMS side but that it sends the request;
    that it can take -1 is checked as in the other refusal cases, by a Heartbeat round trip.
    """
    await cp.booted()
    cp.csms.respond("GetLocalListVersion", {"listVersion": NOT_SUPPORTED}, once=True)
    cp.step("1. [Make the CSMS ask for the local list version]: GetLocalListVersion")
    request = await cp.csms_sends("GetLocalListVersion")
    cp.step("2. GetLocalListVersion.conf listVersion -1")
    await cp.answered(request)
    cp.step("3. The CSMS carries on")
    await cp.carries_on("GetLocalListVersion was answered -1 (no local list)")
