"""TC_052_CSMS — Cancel Reservation - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_052_CSMS", "Cancel Reservation - Rejected", Profile.RESERVATION)
async def test_TC_052_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS tries to cancel a reservation the charge point no longer holds and copes with
    the rejection.

    Steps:
    1. Reusable state Booted. [Make the CSMS reserve the configured connector for the valid id tag.]
       The CSMS sends ReserveNow for the configured connector and the valid id tag.
    2. The charge point answers Accepted.
    3. StatusNotification Reserved on the configured connector; the CSMS acknowledges.
    4. [The reservation is cancelled at the charge point.] (No message: the CSMS is not told.)
    5. [Make the CSMS cancel the reservation.] The CSMS sends CancelReservation.
    6. The charge point answers Rejected: it holds no such reservation.
    7. The CSMS carries on: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: the official table has no check on the CSMS side; "the CSMS processes the
    rejection" is checked as in the other refusal cases.
    """
    connector = cp.connector()
    await cp.booted()
    cp.step(f"1. [Make the CSMS reserve connector {connector} for {cp.tags.valid}]: ReserveNow")
    request = await cp.reservation_requested(connector, cp.tags.valid)
    cp.step("2-3. ReserveNow.conf Accepted; StatusNotification Reserved")
    reservation = await cp.reserved(request)
    cp.step("4. [The reservation is cancelled at the charge point]: the charge point forgets it")
    cp.csms.respond("CancelReservation", {"status": "Rejected"}, once=True)
    cp.step(f"5. [Make the CSMS cancel reservation {reservation}]: CancelReservation")
    cancel = await cp.csms_sends("CancelReservation", reservationId=reservation)
    cp.step("6-7. CancelReservation.conf Rejected; the CSMS carries on")
    await cp.copes_with_refusal(cancel)
