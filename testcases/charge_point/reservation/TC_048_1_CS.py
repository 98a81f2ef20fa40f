"""TC_048_1_CS — Reservation of a Connector - Faulted."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case


@case("TC_048_1_CS", "Reservation of a Connector - Faulted", Profile.RESERVATION)
async def test_TC_048_1_CS(csms: FakeCsms) -> None:
    """A faulted connector cannot be reserved.

    Steps:
    Before: [put the configured connector into a fault]; StatusNotification Faulted with an
    errorCode other than NoError (a fault has a cause: OCPP 1.6 ChargePointErrorCode).
    1-2. The CSMS sends ReserveNow for the configured connector; the charge point answers Faulted.
    After: [clear the fault]; StatusNotification Available.

    Choice: the catalogue takes this row from the CSMS-side text; the charge point variant
    follows OCPP 1.6 §7.41 ReservationStatus (Faulted: the connector or charge point is in a
    faulted state), with the fault made by the operator step "fault".
    """
    connector = csms.connector()
    await csms.booted()
    async with csms.faulted(connector):
        csms.step(f"1-2. ReserveNow connector {connector}: Faulted")
        await csms.reservation_refused(connector, "Faulted")
