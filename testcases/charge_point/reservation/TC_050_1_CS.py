"""TC_050_1_CS — Reservation of a Charge Point - Faulted."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs


@case(
    "TC_050_1_CS",
    "Reservation of a Charge Point - Faulted",
    Profile.RESERVATION,
    requires=(needs(lambda p: p.capabilities.reserve_connector_zero, "the PICS declares ReserveConnectorZeroSupported false"),),
)
async def test_TC_050_1_CS(csms: FakeCsms) -> None:
    """A faulted charge point cannot be reserved.

    Steps:
    Before: [put the charge point (connector 0) into a fault]; StatusNotification Faulted for
    connector 0, with an errorCode other than NoError (a fault has a cause).
    1-2. The CSMS sends ReserveNow with connectorId 0; the charge point answers Faulted.
    After: [clear the fault]; StatusNotification Available for connector 0.
    """
    await csms.booted()
    async with csms.faulted(0):
        csms.step("1-2. ReserveNow connector 0: Faulted")
        await csms.reservation_refused(0, "Faulted")
