"""TC_048_4_CS — Reservation of a Connector - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case


@case("TC_048_4_CS", "Reservation of a Connector - Rejected", Profile.RESERVATION)
async def test_TC_048_4_CS(csms: FakeCsms) -> None:
    """A charge point configured not to accept reservations rejects them.

    Steps:
    Before: [configure the charge point not to accept reservations] (operator action
    reservation_refusal).
    1-2. The CSMS sends ReserveNow for the configured connector; the charge point answers Rejected.
    After: [let the charge point accept reservations again].

    Choice: Rejected is for a charge point "not configured to accept reservations" (OCPP 1.6
    §7.41 ReservationStatus); how a product is configured so is its own business, so the case
    asks the operator for it.
    """
    connector = csms.connector()
    await csms.booted()
    csms.step("[Configure the charge point not to accept reservations]")
    async with csms.switched("reservation_refusal"):
        csms.step(f"1-2. ReserveNow connector {connector}: Rejected")
        await csms.reservation_refused(connector, "Rejected")
