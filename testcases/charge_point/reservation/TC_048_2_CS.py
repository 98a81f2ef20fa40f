"""TC_048_2_CS — Reservation of a Connector - Occupied."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case


@case("TC_048_2_CS", "Reservation of a Connector - Occupied", Profile.RESERVATION)
async def test_TC_048_2_CS(csms: FakeCsms) -> None:
    """An occupied connector cannot be reserved.

    Steps:
    Before: reusable state SetConnectorOccupied for the configured connector ([plug in the cable],
    StatusNotification Preparing).
    1-2. The CSMS sends ReserveNow for the configured connector; the charge point answers Occupied.
    The charge point continues normal operation (the runner unplugs the cable afterwards).
    """
    connector = csms.connector()
    await csms.booted()
    await csms.connector_occupied(connector)
    csms.step(f"1-2. ReserveNow connector {connector}: Occupied")
    await csms.reservation_refused(connector, "Occupied")
