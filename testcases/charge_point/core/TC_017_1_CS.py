"""TC_017_1_CS — Unlock connector - no charging session running (Not fixed cable)."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs
from octt_py.verdict import Fail


@case(
    "TC_017_1_CS",
    "Unlock connector - no charging session running (Not fixed cable)",
    Profile.CORE,
    requires=(needs(lambda p: not p.capabilities.fixed_cable, "the PICS declares a fixed cable"),),
)
async def test_TC_017_1_CS(csms: FakeCsms) -> None:
    """A charge point with a socket unlocks an idle connector on request.

    Steps:
    1. The CSMS sends UnlockConnector for the configured connector: Unlocked.
    """
    connector = csms.connector()
    await csms.booted()
    csms.step(f"1. UnlockConnector {connector}: Unlocked")
    status = (await csms.cp.call("UnlockConnector", {"connectorId": connector})).payload["status"]
    if status != "Unlocked":
        raise Fail(f"the charge point answered UnlockConnector with {status}, not Unlocked")
