"""TC_012_CS — Remote Stop Charging Session."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case


@case("TC_012_CS", "Remote Stop Charging Session", Profile.CORE)
async def test_TC_012_CS(csms: FakeCsms) -> None:
    """The CSMS stops a running transaction remotely.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. The CSMS sends RemoteStopTransaction with the transaction id; Accepted.
    3. StopTransaction with reason Remote and StatusNotification Finishing, in either order.
    4. [Unplug the cable.] StatusNotification Available.

    Choice: StopTransaction.reason is optional in the schema, but OCPP 1.6 §7.43 says a stop
    requested by the CSMS has reason Remote, so a missing reason (meaning Local) fails.
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()
    transaction = await csms.charging(connector=connector)

    csms.step("2-3. RemoteStopTransaction: Accepted; StopTransaction (Remote) and Finishing")
    await csms.stops_remotely(transaction)

    csms.step(f"4. [Unplug connector {connector}]: StatusNotification Available")
    await csms.act("unplug", connector=connector)
    await cp.expect(match("StatusNotification", connectorId=connector, status="Available"))
