"""TC_031_CSMS — Unlock Connector - Unknown Connector."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_031_CSMS", "Unlock Connector - Unknown Connector", Profile.CORE)
async def test_TC_031_CSMS(cp: FakeChargePoint) -> None:
    """Unlocking a connector the charge point does not have: the CSMS copes with NotSupported.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS unlock connector <number of connectors + 1>.] The CSMS sends
       UnlockConnector for that connector; the charge point answers NotSupported.
    3. The CSMS copes: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: the official title speaks of an unknown connector and its purpose of a charge point
    that does not support unlocking; both are answered NotSupported (OCPP 1.6 UnlockStatus: no
    connector lock, or connectorId unknown). The operator asks for the first connector id the
    PICS does not declare. A CSMS that refuses to address an unknown connector at all leaves the
    operator step undone: inconclusive.
    """
    await cp.booted()
    unknown = cp.pics.capabilities.connectors + 1
    cp.csms.respond("UnlockConnector", {"status": "NotSupported"}, once=True)
    request = await cp.unlock_requested(unknown)
    await cp.copes_with_refusal(request)
