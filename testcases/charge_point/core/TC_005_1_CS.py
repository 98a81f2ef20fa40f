"""TC_005_1_CS — EV Side Disconnected - StopTransactionOnEVSideDisconnect = true -
UnlockConnectorOnEVSideDisconnect = true."""

from octt_py.pics import Pics, Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

STATE = {"StopTransactionOnEVSideDisconnect": "true", "UnlockConnectorOnEVSideDisconnect": "true"}


def _settable(pics: Pics) -> bool:
    return FakeCsms.configurable(pics, STATE)


@case(
    "TC_005_1_CS",
    "EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = true",
    Profile.CORE,
    requires=(
        needs(lambda p: not p.capabilities.fixed_cable, "the PICS declares a fixed cable"),
        needs(_settable, "the PICS declares StopTransactionOnEVSideDisconnect or "
                         "UnlockConnectorOnEVSideDisconnect read-only false"),
    ),
)
async def test_TC_005_1_CS(csms: FakeCsms) -> None:
    """Unplugging at the EV side stops the transaction (EVDisconnected) and unlocks the cable,
    which the driver then takes out.

    Steps:
    Before: configuration states MinimumStatusDuration 0 (if implemented),
    StopTransactionOnEVSideDisconnect true, UnlockConnectorOnEVSideDisconnect true.
    1. Reusable state Charging on the configured connector.
    2. [Unplug the cable at the EV side.] StopTransaction with reason EVDisconnected and
       StatusNotification Finishing, in either order.
    3. [Unplug the cable from the charge point.] StatusNotification Available.

    Step 3 also proves the unlock: a cable still locked cannot be taken out.
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()
    async with csms.configured({"MinimumStatusDuration": "0", **STATE}, if_implemented=("MinimumStatusDuration",)):
        transaction = await csms.charging(connector=connector)

        csms.step("2. [Unplug at the EV side]: StopTransaction (EVDisconnected) and Finishing, in either order")
        await csms.act("ev_disconnect", connector=connector)
        stop, _ = await cp.expect_all(
            match("StopTransaction", transactionId=transaction.transaction_id),
            match("StatusNotification", connectorId=connector, status="Finishing"),
        )
        reason = stop.payload.get("reason", "Local (omitted)")
        if reason != "EVDisconnected":
            raise Fail(f"StopTransaction after an EV-side disconnect has reason {reason}, not EVDisconnected")

        csms.step(f"3. [Unplug the cable from connector {connector}]: StatusNotification Available")
        await csms.act("unplug", connector=connector)
        await cp.expect(match("StatusNotification", connectorId=connector, status="Available"))
