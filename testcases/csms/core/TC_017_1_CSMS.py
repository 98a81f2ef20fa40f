"""TC_017_1_CSMS — Unlock connector - no charging session running (Not fixed cable)."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case(
    "TC_017_1_CSMS",
    "Unlock connector - no charging session running (Not fixed cable)",
    Profile.CORE,
)
async def test_TC_017_1_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS can unlock an idle connector.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS unlock the configured connector.] The CSMS sends UnlockConnector for the
       configured connector; the charge point answers Unlocked.

    Choice: the cable prerequisite belongs to the charge-point variant; the CSMS variant applies
    whatever the PICS says about the emulated charge point's cable.
    """
    connector = cp.connector()
    await cp.booted()
    await cp.unlock_requested(connector)
