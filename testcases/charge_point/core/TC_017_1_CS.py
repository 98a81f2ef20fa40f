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
    """A charge point with a socket unlocks an idle connector on request; a socket without a
    lock says it has none.

    Steps:
    1. The CSMS sends UnlockConnector for the configured connector: Unlocked (a socket without
       a lock, PICS connector_lock false: NotSupported).

    Official rule: the official table (tool validation step 2: status is Unlocked) has only a
    detachable cable as prerequisite, but a socket without a lock cannot unlock anything, and
    NotSupported is OCPP 1.6's UnlockStatus for "Charge Point has no connector lock"; such a
    socket is held to that answer, and the reason says which one the PICS calls for.
    """
    connector = csms.connector()
    expected, why = csms.unlock_answer()
    await csms.booted()
    csms.step(f"1. UnlockConnector {connector}: {expected}")
    status = (await csms.cp.call("UnlockConnector", {"connectorId": connector})).payload["status"]
    if status != expected:
        raise Fail(f"the charge point answered UnlockConnector with {status}, not {expected} ({why})")

