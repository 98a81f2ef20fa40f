"""TC_030_CSMS — Unlock Connector - Unlock Failure."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_030_CSMS", "Unlock Connector - Unlock Failure", Profile.CORE)
async def test_TC_030_CSMS(cp: FakeChargePoint) -> None:
    """A charge point fails to unlock: the CSMS copes with UnlockFailed.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS unlock the configured connector.] The CSMS sends UnlockConnector for the
       configured connector; the charge point answers UnlockFailed.
    3. The CSMS copes: it keeps the connection and answers the next CALL (Heartbeat).
    """
    connector = cp.connector()
    await cp.booted()
    cp.csms.respond("UnlockConnector", {"status": "UnlockFailed"}, once=True)
    request = await cp.unlock_requested(connector)
    await cp.copes_with_refusal(request)
