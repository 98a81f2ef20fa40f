"""TC_051_CS — Cancel Reservation."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case


@case("TC_051_CS", "Cancel Reservation", Profile.RESERVATION)
async def test_TC_051_CS(csms: FakeCsms) -> None:
    """A cancelled reservation frees its connector.

    Steps:
    1-2. The CSMS sends ReserveNow for the configured connector and the valid id tag; Accepted.
    3-4. StatusNotification Reserved for the configured connector.
    Extended (not in the official table): a second ReserveNow for the reserved connector, with
       another reservationId and id tag, is answered Occupied (``second_reservation_refused``;
       otherwise the extended finding case.second-reservation-accepted).
    5-6. The CSMS sends CancelReservation with that reservationId; Accepted.
    7-8. StatusNotification Available for the configured connector.
    """
    connector = csms.connector()
    await csms.booted()
    async with csms.reserved(connector) as reservation_id:
        await csms.second_reservation_refused(connector)
        csms.step(f"5-8. CancelReservation {reservation_id}: Accepted; StatusNotification Available")
        await csms.reservation_cancelled(reservation_id, connector)
