"""TC_048_3_CS — Reservation of a Connector - Unavailable."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case


@case("TC_048_3_CS", "Reservation of a Connector - Unavailable", Profile.RESERVATION)
async def test_TC_048_3_CS(csms: FakeCsms) -> None:
    """An Inoperative connector cannot be reserved.

    Steps:
    Before: reusable state SetConnectorUnavailable for the configured connector (ChangeAvailability
    Inoperative, Accepted; StatusNotification Unavailable).
    1-2. The CSMS sends ReserveNow for the configured connector; the charge point answers
         Unavailable.
    The runner makes the connector Operative again afterwards.
    """
    connector = csms.connector()
    await csms.booted()
    await csms.connector_unavailable(connector)
    csms.step(f"1-2. ReserveNow connector {connector}: Unavailable")
    await csms.reservation_refused(connector, "Unavailable")
