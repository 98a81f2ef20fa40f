"""TC_005_2_CS — EV Side Disconnected - StopTransactionOnEVSideDisconnect = true -
UnlockConnectorOnEVSideDisconnect = false."""

from octt_py.pics import Pics, Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

STATE = {"StopTransactionOnEVSideDisconnect": "true", "UnlockConnectorOnEVSideDisconnect": "false"}


def _settable(pics: Pics) -> bool:
    return FakeCsms.configurable(pics, STATE)


@case(
    "TC_005_2_CS",
    "EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = false",
    Profile.CORE,
    requires=(needs(_settable, "the PICS declares StopTransactionOnEVSideDisconnect read-only false or "
                               "UnlockConnectorOnEVSideDisconnect read-only true"),),
)
async def test_TC_005_2_CS(csms: FakeCsms) -> None:
    """Unplugging at the EV side stops the transaction (EVDisconnected) but keeps the cable
    locked; the CSMS unlocks it with UnlockConnector.

    Steps:
    Before: configuration states MinimumStatusDuration 0 (if implemented),
    StopTransactionOnEVSideDisconnect true, UnlockConnectorOnEVSideDisconnect false.
    1. Reusable state Charging on the configured connector.
    2. [Unplug the cable at the EV side.] StopTransaction with reason EVDisconnected and a
       StatusNotification, in either order: Finishing (detachable cable, still in the socket);
       Finishing or Available (fixed cable, now hanging free).
    3. The CSMS sends UnlockConnector: Unlocked (detachable cable); NotSupported (fixed cable).
    4. Detachable cable only: [unplug the cable from the charge point] StatusNotification
       Available.

    Choice: the official table leaves the UnlockConnector answer of a fixed-cable charge point
    open; NotSupported is the UnlockStatus for a connector without a lock (OCPP 1.6 §5.18), as
    in TC_017_2.
    """
    connector = csms.connector()
    cp, fixed = csms.cp, csms.pics.capabilities.fixed_cable
    await csms.booted()
    async with csms.configured({"MinimumStatusDuration": "0", **STATE}, if_implemented=("MinimumStatusDuration",)):
        transaction = await csms.charging(connector=connector)

        after_stop = ("Finishing", "Available") if fixed else ("Finishing",)
        csms.step(f"2. [Unplug at the EV side]: StopTransaction (EVDisconnected) and {' or '.join(after_stop)}")
        await csms.act("ev_disconnect", connector=connector)
        stop, _ = await cp.expect_all(
            match("StopTransaction", transactionId=transaction.transaction_id),
            match("StatusNotification", where=lambda p: p["status"] in after_stop, label=" or ".join(after_stop),
                  connectorId=connector),
        )
        reason = stop.payload.get("reason", "Local (omitted)")
        if reason != "EVDisconnected":
            raise Fail(f"StopTransaction after an EV-side disconnect has reason {reason}, not EVDisconnected")

        wanted = "NotSupported" if fixed else "Unlocked"
        csms.step(f"3. UnlockConnector {connector}: {wanted}")
        status = (await cp.call("UnlockConnector", {"connectorId": connector})).payload["status"]
        if status != wanted:
            raise Fail(f"the charge point answered UnlockConnector with {status}, not {wanted}")

        if not fixed:
            csms.step(f"4. [Unplug the cable from connector {connector}]: StatusNotification Available")
            await csms.act("unplug", connector=connector)
            await cp.expect(match("StatusNotification", connectorId=connector, status="Available"))
