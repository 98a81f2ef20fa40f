"""TC_048_2_CS — Reservation of a Connector - Occupied."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case

CONNECTOR = 1


@case("TC_048_2_CS", "Reservation of a Connector - Occupied", Profile.RESERVATION)
async def test_TC_048_2_CS(csms: FakeCsms) -> None:
    """An occupied connector cannot be reserved.

    Steps:
    Before: reusable state SetConnectorOccupied for connector 1 ([plug in the cable],
    StatusNotification Preparing).
    1-2. The CSMS sends ReserveNow for connector 1; the charge point answers Occupied.
    The charge point continues normal operation (the runner unplugs the cable afterwards).
    """
    await csms.booted()
    await csms.connector_occupied(CONNECTOR)
    csms.step(f"1-2. ReserveNow connector {CONNECTOR}: Occupied")
    await csms.reservation_refused(CONNECTOR, "Occupied")
