"""TC_032_1_CSMS — Power failure boot charging point-configured to stop transaction(s)."""

from datetime import UTC, datetime

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case(
    "TC_032_1_CSMS",
    "Power failure boot charging point-configured to stop transaction(s)",
    Profile.CORE,
)
async def test_TC_032_1_CSMS(cp: FakeChargePoint) -> None:
    """A charge point loses power during a transaction: the CSMS accepts its boot and the stop.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. [Disconnect and reconnect the power of the charge point.] The connection drops; the
       charge point reconnects and sends BootNotification; the CSMS answers Accepted.
    3. StatusNotification for connector 0 and every connector: Finishing for the configured
       connector (the one with the transaction), Available for the others; the CSMS acknowledges
       them.
    4. StopTransaction with reason PowerLoss, stamped with the moment power was lost; the CSMS
       acknowledges it.

    Choice: the official CSMS table has the charge point send StopTransaction after the boot
    (what a charge point without backup power does); the catalogue's "before going down" order
    belongs to the charge-point variant. We follow the CSMS table.
    """
    connector = cp.connector()
    await cp.booted()
    transaction_id = await cp.charging(connector)
    power_lost = datetime.now(UTC)
    cp.step("2. [Power cycle] the charge point restarts")
    await cp.reboot(statuses={connector: "Finishing"})
    cp.step("4. StopTransaction reason PowerLoss")
    await cp.stop_transaction(
        transaction_id, reason="PowerLoss", id_tag=cp.tags.valid, timestamp=cp.timestamp(power_lost)
    )
