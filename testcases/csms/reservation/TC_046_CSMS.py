"""TC_046_CSMS — Reservation of a Connector - Transaction."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_046_CSMS", "Reservation of a Connector - Transaction", Profile.RESERVATION)
async def test_TC_046_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS reserves a connector for an id tag, and accepts the transaction that uses the
    reservation.

    Steps:
    1. Reusable state Booted. [Make the CSMS reserve the configured connector for the valid id tag.]
       The CSMS sends ReserveNow for the configured connector and the valid id tag, expiring in the
       future.
    2. The charge point answers Accepted.
    3. StatusNotification Reserved on the configured connector; the CSMS acknowledges.
    4. Reusable state Charging with the valid id tag on the configured connector: Preparing,
       Authorize (Accepted), StartTransaction carrying the reservationId of step 1 (Accepted),
       Charging.

    Choice: the official validations name connectorId and idTag; an expiryDate already in the
    past (beyond the PICS max time deviation) is a reservation nobody could use, so it fails
    the case too.
    """
    connector = cp.connector()
    await cp.booted()
    cp.step(f"1. [Make the CSMS reserve connector {connector} for {cp.tags.valid}]: ReserveNow")
    request = await cp.reservation_requested(connector, cp.tags.valid)
    cp.step("2-3. ReserveNow.conf Accepted; StatusNotification Reserved")
    reservation = await cp.reserved(request)
    cp.step("4. Reusable state Charging, StartTransaction with the reservationId")
    await cp.charging_on_reservation(connector, cp.tags.valid, reservation)
