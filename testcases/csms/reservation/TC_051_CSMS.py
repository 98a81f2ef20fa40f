"""TC_051_CSMS — Cancel Reservation."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_051_CSMS", "Cancel Reservation", Profile.RESERVATION)
async def test_TC_051_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS cancels a reservation it made, naming the right reservation.

    Steps:
    1. Reusable state Booted. [Make the CSMS reserve the configured connector for the valid id tag.]
       The CSMS sends ReserveNow for the configured connector (not 0) and the valid id tag.
    2. The charge point answers Accepted.
    3. StatusNotification Reserved on the configured connector; the CSMS acknowledges.
    4. [Make the CSMS cancel the reservation.] The CSMS sends CancelReservation with the
       reservationId of step 1.
    5. The charge point answers Accepted.
    6. StatusNotification Available on the configured connector; the CSMS acknowledges.
    """
    connector = cp.connector()
    await cp.booted()
    cp.step(f"1. [Make the CSMS reserve connector {connector} for {cp.tags.valid}]: ReserveNow")
    request = await cp.reservation_requested(connector, cp.tags.valid)
    cp.step("2-3. ReserveNow.conf Accepted; StatusNotification Reserved")
    reservation = await cp.reserved(request)
    cp.step(f"4. [Make the CSMS cancel reservation {reservation}]: CancelReservation")
    cancel = await cp.csms_sends("CancelReservation", reservationId=reservation)
    if cancel.payload["reservationId"] != reservation:
        raise Fail(f"CancelReservation names reservation {cancel.payload['reservationId']}; the reservation is {reservation}")
    cp.step("5. CancelReservation.conf Accepted")
    await cp.answered(cancel)
    cp.step(f"6. StatusNotification Available on connector {connector}")
    await cp.status(connector, "Available")
