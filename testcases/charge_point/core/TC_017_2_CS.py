"""TC_017_2_CS — Unlock connector - no charging session running (Fixed cable)."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs
from octt_py.verdict import Fail


@case(
    "TC_017_2_CS",
    "Unlock connector - no charging session running (Fixed cable)",
    Profile.CORE,
    requires=(needs(lambda p: p.capabilities.fixed_cable, "the PICS declares a detachable cable"),),
)
async def test_TC_017_2_CS(csms: FakeCsms) -> None:
    """A charge point with a fixed cable has nothing to unlock and says so.

    Steps:
    1. The CSMS sends UnlockConnector for the configured connector: NotSupported.
    """
    connector = csms.connector()
    await csms.booted()
    csms.step(f"1. UnlockConnector {connector}: NotSupported")
    status = (await csms.cp.call("UnlockConnector", {"connectorId": connector})).payload["status"]
    if status != "NotSupported":
        raise Fail(f"the charge point with a fixed cable answered UnlockConnector with {status}, not NotSupported")
