"""TC_017_2_CSMS — Unlock connector - no charging session running (Fixed cable)."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_017_2_CSMS", "Unlock connector - no charging session running (Fixed cable)", Profile.CORE)
async def test_TC_017_2_CSMS(cp: FakeChargePoint) -> None:
    """A charge point with a fixed cable cannot unlock: the CSMS copes with NotSupported.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS unlock the configured connector.] The CSMS sends UnlockConnector for the
       configured connector; the charge point, which has a fixed cable, answers NotSupported.
    3. The CSMS copes: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: the fake charge point plays a fixed-cable charge point in this case whatever the PICS
    says, because the CSMS must cope with both kinds (OCPP 1.6 UnlockStatus NotSupported: the
    charge point has no connector lock). "Coping" is not defined by the official table; we
    require what every CSMS can show: the connection stays up and the next CALL is answered.
    """
    connector = cp.connector()
    await cp.booted()
    cp.csms.respond("UnlockConnector", {"status": "NotSupported"}, once=True)
    request = await cp.unlock_requested(connector)
    await cp.copes_with_refusal(request)
