"""TC_030_CS — Unlock Connector - Unlock Failure."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs
from octt_py.verdict import Fail


@case(
    "TC_030_CS",
    "Unlock Connector - Unlock Failure",
    Profile.CORE,
    requires=(
        needs(lambda p: not p.capabilities.fixed_cable, "the PICS declares a fixed cable"),
        needs(lambda p: p.capabilities.connector_lock, "the PICS declares no connector lock"),
    ),
)
async def test_TC_030_CS(csms: FakeCsms) -> None:
    """A charge point whose lock does not open reports UnlockFailed.

    Steps:
    1. [Make the next unlock of the configured connector fail (e.g. block the lock).]
    2. The CSMS sends UnlockConnector for the configured connector: UnlockFailed.
    """
    connector = csms.connector()
    await csms.booted()
    csms.step(f"1. [Make the next unlock of connector {connector} fail]")
    await csms.act("unlock_failure", connector=connector)

    csms.step(f"2. UnlockConnector {connector}: UnlockFailed")
    status = (await csms.cp.call("UnlockConnector", {"connectorId": connector})).payload["status"]
    if status != "UnlockFailed":
        raise Fail(f"the charge point answered UnlockConnector with {status} although unlocking failed, not UnlockFailed")
