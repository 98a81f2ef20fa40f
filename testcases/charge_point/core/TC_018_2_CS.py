"""TC_018_2_CS — Unlock Connector - With Charging Session (Fixed cable)."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail


@case(
    "TC_018_2_CS",
    "Unlock Connector - With Charging Session (Fixed cable)",
    Profile.CORE,
    requires=(needs(lambda p: p.capabilities.fixed_cable, "the PICS declares a detachable cable"),),
)
async def test_TC_018_2_CS(csms: FakeCsms) -> None:
    """UnlockConnector during a transaction on a fixed-cable charge point is NotSupported and
    does not break off the session.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. The CSMS sends UnlockConnector for the configured connector: NotSupported.
    3. The CSMS sends RemoteStopTransaction for the transaction: Accepted (it is still running).
    4. StopTransaction with reason Remote and StatusNotification Finishing, in either order.
    5. [Unplug the cable from the EV.] StatusNotification Available.

    Choice: the catalogue only says the session is not broken off; ending it with
    RemoteStopTransaction shows it: a charge point that had stopped it on the unlock request
    rejects the RemoteStopTransaction or has already sent a StopTransaction with another reason.
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()
    transaction = await csms.charging(connector=connector)

    csms.step(f"2. UnlockConnector {connector}: NotSupported")
    status = (await cp.call("UnlockConnector", {"connectorId": connector})).payload["status"]
    if status != "NotSupported":
        raise Fail(f"the charge point with a fixed cable answered UnlockConnector with {status}, not NotSupported")

    csms.step("3-4. RemoteStopTransaction: Accepted (still running); StopTransaction (Remote) and Finishing")
    await csms.stops_remotely(transaction)

    csms.step(f"5. [Unplug the cable from the EV at connector {connector}]: StatusNotification Available")
    await csms.act("unplug", connector=connector)
    await cp.expect(match("StatusNotification", connectorId=connector, status="Available"))
