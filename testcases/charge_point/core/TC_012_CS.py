"""TC_012_CS — Remote Stop Charging Session."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail

CONNECTOR = 1


@case("TC_012_CS", "Remote Stop Charging Session", Profile.CORE)
async def test_TC_012_CS(csms: FakeCsms) -> None:
    """The CSMS stops a running transaction remotely.

    Steps:
    1. Reusable state Charging on connector 1.
    2. The CSMS sends RemoteStopTransaction with the transaction id; Accepted.
    3. StopTransaction with reason Remote and StatusNotification Finishing, in either order.
    4. [Unplug the cable.] StatusNotification Available.

    Choice: StopTransaction.reason is optional in the schema, but OCPP 1.6 §7.43 says a stop
    requested by the CSMS has reason Remote, so a missing reason (meaning Local) fails.
    """
    cp, timing = csms.cp, csms.timing
    await csms.booted()
    transaction = await csms.charging(connector=CONNECTOR)

    csms.step(f"2. RemoteStopTransaction {transaction.transaction_id}: Accepted")
    reply = await cp.call("RemoteStopTransaction", {"transactionId": transaction.transaction_id})
    if reply.payload["status"] != "Accepted":
        raise Fail(f"the charge point answered RemoteStopTransaction with {reply.payload['status']}, not Accepted")

    csms.step("3. StopTransaction (reason Remote) and StatusNotification Finishing, in either order")
    stop, _ = await cp.expect_all(
        match("StopTransaction", transactionId=transaction.transaction_id),
        match("StatusNotification", connectorId=CONNECTOR, status="Finishing"),
        timeout=timing.remote_stop_time,
    )
    reason = stop.payload.get("reason", "Local (omitted)")
    if reason != "Remote":
        raise Fail(f"StopTransaction after RemoteStopTransaction has reason {reason}, not Remote")

    csms.step(f"4. [Unplug connector {CONNECTOR}]: StatusNotification Available")
    await csms.act("unplug", connector=CONNECTOR)
    await cp.expect(match("StatusNotification", connectorId=CONNECTOR, status="Available"))
