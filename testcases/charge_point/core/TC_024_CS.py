"""TC_024_CS — Start Charging Session - Lock Failure."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs


@case(
    "TC_024_CS",
    "Start Charging Session - Lock Failure",
    Profile.CORE,
    requires=(
        needs(lambda p: not p.capabilities.fixed_cable, "the PICS declares a fixed cable"),
        needs(lambda p: p.capabilities.connector_lock, "the PICS declares no connector lock"),
    ),
)
async def test_TC_024_CS(csms: FakeCsms) -> None:
    """A cable that cannot be locked is reported as a ConnectorLockFailure and no transaction
    starts.

    Steps:
    1. The CSMS reads AuthorizeRemoteTxRequests with GetConfiguration.
    2. The CSMS sends RemoteStartTransaction (the configured connector, valid id tag): Accepted.
    3. If AuthorizeRemoteTxRequests is true: Authorize, answered Accepted.
    4. StatusNotification Preparing.
    5. [Plug in the cable only halfway: the lock fails.] StatusNotification Faulted with
       errorCode ConnectorLockFailure; no StartTransaction.
    6. [Remove the cable.] StatusNotification Available.

    Choice: step 6 is not in the official table; it leaves the connector usable for the next
    case, and a charge point that stays Faulted once the cable is out fails it.
    """
    connector = csms.connector()
    cp, timing = csms.cp, csms.timing
    await csms.booted()
    csms.step("1. GetConfiguration AuthorizeRemoteTxRequests")
    authorize = await csms.authorize_remote_tx_requests()
    await csms.remote_start(connector)
    if authorize:
        csms.step("3. AuthorizeRemoteTxRequests is true: Authorize, answered Accepted")
        await cp.expect(match("Authorize", idTag=csms.tags.valid), timeout=timing.remote_start_time)

    csms.step("4. StatusNotification Preparing")
    await cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))

    csms.step(f"5. [Plug the cable into connector {connector} halfway]: Faulted, ConnectorLockFailure")
    await csms.act("lock_failure", connector=connector)
    await csms.act("plug_in", connector=connector)
    await cp.expect(match("StatusNotification", connectorId=connector, status="Faulted", errorCode="ConnectorLockFailure"))
    await cp.expect_none(match("StartTransaction"), during=0)

    csms.step(f"6. [Remove the cable from connector {connector}]: StatusNotification Available")
    await csms.act("unplug", connector=connector)
    await cp.expect(match("StatusNotification", connectorId=connector, status="Available"))
