"""TC_001_CSMS — Cold Boot Charge Point."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_001_CSMS", "Cold Boot Charge Point", Profile.CORE)
async def test_TC_001_CSMS(cp: FakeChargePoint) -> None:
    """A charge point boots: the CSMS accepts it and acknowledges its statuses and heartbeat.

    Steps:
    1. The charge point connects and sends BootNotification; the CSMS answers Accepted with a
       currentTime and a heartbeat interval.
    2. StatusNotification Available for connector 0 and every connector; the CSMS acknowledges.
    3. Heartbeat; the CSMS answers with its currentTime.

    The schema check of every reply covers the rest: an interval that is not an integer, or a
    currentTime that is not an RFC 3339 date-time, fails the case.
    """
    await cp.booted()
    cp.step("3. Heartbeat: answered with the CSMS's currentTime")
    await cp.csms.call("Heartbeat", {})
