"""TC_005_1_CSMS — EV Side Disconnected - StopTransactionOnEVSideDisconnect = true -
UnlockConnectorOnEVSideDisconnect = true."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case(
    "TC_005_1_CSMS",
    "EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - "
    "UnlockConnectorOnEVSideDisconnect = true",
    Profile.CORE,
)
async def test_TC_005_1_CSMS(cp: FakeChargePoint) -> None:
    """The cable is pulled at the EV: the CSMS acknowledges the stop with reason EVDisconnected.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. [EV driver disconnects the cable on the EV side.] StatusNotification SuspendedEV.
    3. StopTransaction with reason EVDisconnected; the CSMS acknowledges it.
    4. StatusNotification Finishing.
    5. [EV driver unplugs the cable from the charge point.] StatusNotification Available.

    Choice: the detachable-cable prerequisite belongs to the charge-point variant; a CSMS must
    cope with every charge point, so this case applies whatever the PICS says about the cable.
    Every StatusNotification and the StopTransaction must be answered with a CALLRESULT.
    """
    connector = cp.connector()
    await cp.booted()
    transaction_id = await cp.charging(connector)
    cp.step("2. [EV side disconnected] StatusNotification SuspendedEV")
    await cp.status(connector, "SuspendedEV")
    cp.step("3. StopTransaction reason EVDisconnected")
    await cp.stop_transaction(transaction_id, reason="EVDisconnected", id_tag=cp.tags.valid)
    cp.step("4. StatusNotification Finishing")
    await cp.status(connector, "Finishing")
    cp.step("5. [Cable unplugged] StatusNotification Available")
    await cp.status(connector, "Available")
