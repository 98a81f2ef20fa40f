"""TC_050_2_CS — Reservation of a Charge Point - Occupied."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs


@case(
    "TC_050_2_CS",
    "Reservation of a Charge Point - Occupied",
    Profile.RESERVATION,
    requires=(needs(lambda p: p.capabilities.reserve_connector_zero, "the PICS declares ReserveConnectorZeroSupported false"),),
)
async def test_TC_050_2_CS(csms: FakeCsms) -> None:
    """A charge point whose connectors are all occupied cannot be reserved.

    Steps:
    Before: reusable state SetConnectorOccupied for every connector ([plug in the cable],
    StatusNotification Preparing).
    1-2. The CSMS sends ReserveNow with connectorId 0; the charge point answers Occupied.
    The charge point continues normal operation (the runner unplugs the cables afterwards).

    Occupied for connector 0 means no connector is left to keep for the reserved tag (OCPP 1.6
    §5.13, §7.41 ReservationStatus).
    """
    await csms.booted()
    for connector in range(1, csms.pics.capabilities.connectors + 1):
        await csms.connector_occupied(connector)
    csms.step("1-2. ReserveNow connector 0: Occupied")
    await csms.reservation_refused(0, "Occupied")
