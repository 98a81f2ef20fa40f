"""TC_018_1_CS — Unlock Connector - With Charging Session (Not fixed cable)."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail


@case(
    "TC_018_1_CS",
    "Unlock Connector - With Charging Session (Not fixed cable)",
    Profile.CORE,
    requires=(needs(lambda p: not p.capabilities.fixed_cable, "the PICS declares a fixed cable"),),
)
async def test_TC_018_1_CS(csms: FakeCsms) -> None:
    """UnlockConnector during a transaction first stops the transaction, then unlocks; a socket
    without a lock says it has none and the session goes on.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. The CSMS sends UnlockConnector for the configured connector: Unlocked (a socket without
       a lock, PICS connector_lock false: NotSupported).
    3. StopTransaction with reason UnlockCommand and StatusNotification Finishing, in either
       order. Without a lock: the CSMS sends RemoteStopTransaction (Accepted: the session is
       still running); StopTransaction with reason Remote and StatusNotification Finishing.
    4. [Unplug the cable.] StatusNotification Available.

    With a transaction on the connector the charge point finishes it first (OCPP 1.6 §5.18).
    Official rule: the official table (tool validations: step 2 Unlocked, step 3 reason
    UnlockCommand, step 5 Finishing, step 7 Available) has only a detachable cable as
    prerequisite; a socket without a lock has nothing to unlock, so it is held to NotSupported
    (OCPP 1.6 UnlockStatus: "Charge Point has no connector lock") and, as in TC_018_2, to a
    session the request did not break off.
    """
    connector = csms.connector()
    expected, why = csms.unlock_answer()
    cp = csms.cp
    await csms.booted()
    transaction = await csms.charging(connector=connector)

    csms.step(f"2. UnlockConnector {connector}: {expected}")
    status = (await cp.call("UnlockConnector", {"connectorId": connector})).payload["status"]
    if status != expected:
        raise Fail(f"the charge point answered UnlockConnector with {status}, not {expected} ({why})")

    if expected == "NotSupported":
        csms.step("3. No lock: RemoteStopTransaction Accepted (still running); StopTransaction (Remote) and Finishing")
        await csms.stops_remotely(transaction)
    else:
        csms.step("3. StopTransaction (UnlockCommand) and StatusNotification Finishing, in either order")
        stop, _ = await cp.expect_all(
            match("StopTransaction", transactionId=transaction.transaction_id),
            match("StatusNotification", connectorId=connector, status="Finishing"),
        )
        reason = stop.payload.get("reason", "Local (omitted)")
        if reason != "UnlockCommand":
            raise Fail(f"StopTransaction after UnlockConnector has reason {reason}, not UnlockCommand")

    csms.step(f"4. [Unplug connector {connector}]: StatusNotification Available")
    await csms.act("unplug", connector=connector)
    await cp.expect(match("StatusNotification", connectorId=connector, status="Available"))
