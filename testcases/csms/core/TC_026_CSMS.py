"""TC_026_CSMS — Remote Start Charging Session - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_026_CSMS", "Remote Start Charging Session - Rejected", Profile.CORE)
async def test_TC_026_CSMS(cp: FakeChargePoint) -> None:
    """A charge point rejects a remote start: the CSMS copes.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS start a transaction on the configured connector for the valid id tag.] The
       CSMS sends RemoteStartTransaction; the charge point answers Rejected.
    3. The CSMS copes: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: the official table only has the CSMS send the request and the tool reject it;
    "coping" is checked as the connection staying up and the next CALL being answered, which
    every CSMS can show without an operator looking at its screens.
    """
    connector = cp.connector()
    await cp.booted()
    cp.csms.respond("RemoteStartTransaction", {"status": "Rejected"}, once=True)
    request = await cp.remote_start(connector)
    await cp.copes_with_refusal(request)
