"""TC_052_CS — Cancel Reservation - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_052_CS", "Cancel Reservation - Rejected", Profile.RESERVATION)
async def test_TC_052_CS(csms: FakeCsms) -> None:
    """Cancelling a reservation the charge point does not hold is rejected and leaves the one it
    holds in place.

    Steps:
    1-2. The CSMS sends ReserveNow for the configured connector and the valid id tag; Accepted.
    3-4. StatusNotification Reserved for the configured connector.
    5-6. The CSMS sends CancelReservation with another reservationId; Rejected. Connector 1 stays
       Reserved.
    7-8. The CSMS sends CancelReservation with the reservation's id; Accepted, and
       StatusNotification Available: the reservation was still there.

    Choice: steps 7-8 check the catalogue's "existing reservation untouched" with the only means
    OCPP 1.6 gives a CSMS to see a reservation, and tidy up at the same time.
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()
    async with csms.reserved(connector) as reservation_id:
        unknown = reservation_id + 1
        csms.step(f"5-6. CancelReservation {unknown} (not held): Rejected")
        status = (await cp.call("CancelReservation", {"reservationId": unknown})).payload["status"]
        if status != "Rejected":
            raise Fail(f"CancelReservation for reservationId {unknown}, which the charge point does not hold, was "
                       f"answered {status}, not Rejected")
        await cp.expect_none(match("StatusNotification", connectorId=connector, status="Available",
                                   label="the held reservation must stay"), during=0)

        csms.step(f"7-8. CancelReservation {reservation_id}: Accepted; StatusNotification Available")
        await csms.reservation_cancelled(reservation_id, connector)
