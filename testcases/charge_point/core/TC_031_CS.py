"""TC_031_CS — Unlock Connector - Unknown Connector."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_031_CS", "Unlock Connector - Unknown Connector", Profile.CORE)
async def test_TC_031_CS(csms: FakeCsms) -> None:
    """UnlockConnector for a connector the charge point does not have is NotSupported.

    Steps:
    1. The CSMS sends UnlockConnector for connectorId <connectors> + 1: NotSupported.

    NotSupported also covers "ConnectorId is unknown" (OCPP 1.6 UnlockStatus).
    """
    unknown = csms.pics.capabilities.connectors + 1
    await csms.booted()
    csms.step(f"1. UnlockConnector {unknown} (no such connector): NotSupported")
    status = (await csms.cp.call("UnlockConnector", {"connectorId": unknown})).payload["status"]
    if status != "NotSupported":
        raise Fail(f"the charge point answered UnlockConnector for unknown connector {unknown} with {status}, "
                   "not NotSupported")
