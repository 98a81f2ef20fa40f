"""TC_005_3_CS — EV Side Disconnected - StopTransactionOnEVSideDisconnect = false -
UnlockConnectorOnEVSideDisconnect = false."""

from octt_py.pics import Pics, Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

KEY = "StopTransactionOnEVSideDisconnect"
STATE = {KEY: "false", "UnlockConnectorOnEVSideDisconnect": "false"}


def _read_write(pics: Pics) -> bool:
    declared = pics.configuration.get(KEY)
    return declared is not None and not declared.readonly


@case(
    "TC_005_3_CS",
    "EV Side Disconnected - StopTransactionOnEVSideDisconnect = false - UnlockConnectorOnEVSideDisconnect = false",
    Profile.CORE,
    requires=(
        needs(_read_write, f"the PICS does not declare {KEY} as implemented and read-write"),
        needs(lambda p: FakeCsms.configurable(p, {"UnlockConnectorOnEVSideDisconnect": "false"}),
              "the PICS declares UnlockConnectorOnEVSideDisconnect read-only true"),
    ),
)
async def test_TC_005_3_CS(csms: FakeCsms) -> None:
    """Unplugging at the EV side does not end the transaction when the charge point is told
    not to; the CSMS then stops it remotely.

    Steps:
    Before: configuration states MinimumStatusDuration 0 (if implemented),
    StopTransactionOnEVSideDisconnect false, UnlockConnectorOnEVSideDisconnect false.
    1. Reusable state Charging on the configured connector.
    2. [Unplug the cable at the EV side.] StatusNotification SuspendedEV; no StopTransaction.
    3. The CSMS sends RemoteStopTransaction: Accepted.
    4. StopTransaction with reason Remote and a StatusNotification, in either order: Finishing
       (detachable cable, still in the socket); Finishing or Available (fixed cable).
    5. Detachable cable only: [unplug the cable from the charge point] StatusNotification
       Available.

    Choice: with the EV gone the transaction goes on without energy flowing because of the EV
    side, which OCPP 1.6 §4.9 calls SuspendedEV.
    """
    connector = csms.connector()
    cp, fixed = csms.cp, csms.pics.capabilities.fixed_cable
    await csms.booted()
    async with csms.configured({"MinimumStatusDuration": "0", **STATE}, if_implemented=("MinimumStatusDuration",)):
        transaction = await csms.charging(connector=connector)

        csms.step("2. [Unplug at the EV side]: StatusNotification SuspendedEV, no StopTransaction")
        await csms.act("ev_disconnect", connector=connector)
        await cp.expect(match("StatusNotification", connectorId=connector, status="SuspendedEV"))
        await cp.expect_none(match("StopTransaction"), during=0)

        csms.step(f"3. RemoteStopTransaction {transaction.transaction_id}: Accepted")
        status = (await cp.call("RemoteStopTransaction", {"transactionId": transaction.transaction_id})).payload["status"]
        if status != "Accepted":
            raise Fail(f"the charge point answered RemoteStopTransaction with {status}, not Accepted")

        after_stop = ("Finishing", "Available") if fixed else ("Finishing",)
        csms.step(f"4. StopTransaction (Remote) and StatusNotification {' or '.join(after_stop)}, in either order")
        stop, _ = await cp.expect_all(
            match("StopTransaction", transactionId=transaction.transaction_id),
            match("StatusNotification", where=lambda p: p["status"] in after_stop, label=" or ".join(after_stop),
                  connectorId=connector),
            timeout=csms.timing.remote_stop_time,
        )
        reason = stop.payload.get("reason", "Local (omitted)")
        if reason != "Remote":
            raise Fail(f"StopTransaction after RemoteStopTransaction has reason {reason}, not Remote")

        if not fixed:
            csms.step(f"5. [Unplug the cable from connector {connector}]: StatusNotification Available")
            await csms.act("unplug", connector=connector)
            await cp.expect(match("StatusNotification", connectorId=connector, status="Available"))
