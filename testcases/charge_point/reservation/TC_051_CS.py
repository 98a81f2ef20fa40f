"""TC_051_CS — Cancel Reservation."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case

CONNECTOR = 1


@case("TC_051_CS", "Cancel Reservation", Profile.RESERVATION)
async def test_TC_051_CS(csms: FakeCsms) -> None:
    """A cancelled reservation frees its connector.

    Steps:
    1-2. The CSMS sends ReserveNow for connector 1 and the valid id tag; Accepted.
    3-4. StatusNotification Reserved for connector 1.
    5-6. The CSMS sends CancelReservation with that reservationId; Accepted.
    7-8. StatusNotification Available for connector 1.
    """
    await csms.booted()
    async with csms.reserved(CONNECTOR) as reservation_id:
        csms.step(f"5-8. CancelReservation {reservation_id}: Accepted; StatusNotification Available")
        await csms.reservation_cancelled(reservation_id, CONNECTOR)
