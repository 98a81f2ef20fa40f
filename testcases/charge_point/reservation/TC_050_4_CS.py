"""TC_050_4_CS — Reservation of a Charge Point - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs


@case(
    "TC_050_4_CS",
    "Reservation of a Charge Point - Rejected",
    Profile.RESERVATION,
    requires=(needs(lambda p: p.capabilities.reserve_connector_zero, "the PICS declares ReserveConnectorZeroSupported false"),),
)
async def test_TC_050_4_CS(csms: FakeCsms) -> None:
    """A charge point configured not to accept reservations rejects one for connector 0.

    Steps:
    Before: [configure the charge point not to accept reservations] (operator action
    reservation_refusal).
    1-2. The CSMS sends ReserveNow with connectorId 0; the charge point answers Rejected.
    After: [let the charge point accept reservations again].

    Choice: as TC_048_4. A charge point without ReserveConnectorZeroSupported would reject
    connector 0 for that reason alone, which is why the case needs it declared.
    """
    await csms.booted()
    csms.step("[Configure the charge point not to accept reservations]")
    async with csms.switched("reservation_refusal"):
        csms.step("1-2. ReserveNow connector 0: Rejected")
        await csms.reservation_refused(0, "Rejected")
