"""TC_050_3_CS — Reservation of a Charge Point - Unavailable."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs


@case(
    "TC_050_3_CS",
    "Reservation of a Charge Point - Unavailable",
    Profile.RESERVATION,
    requires=(needs(lambda p: p.capabilities.reserve_connector_zero, "the PICS declares ReserveConnectorZeroSupported false"),),
)
async def test_TC_050_3_CS(csms: FakeCsms) -> None:
    """An Inoperative charge point cannot be reserved.

    Steps:
    Before: reusable state SetChargePointUnavailable (ChangeAvailability connector 0
    Inoperative, Accepted; StatusNotification Unavailable for connector 0 and every connector).
    1-2. The CSMS sends ReserveNow with connectorId 0; the charge point answers Unavailable.
    The charge point continues normal operation (the runner makes it Operative afterwards).

    Connector 0 is checked when it reports; only TC_001 and TC_002 require its report.
    """
    await csms.booted()
    await csms.charge_point_unavailable()
    csms.step("1-2. ReserveNow connector 0: Unavailable")
    await csms.reservation_refused(0, "Unavailable")
