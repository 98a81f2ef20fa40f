"""TC_024_CSMS — Start Charging Session - Lock Failure."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_024_CSMS", "Start Charging Session - Lock Failure", Profile.CORE)
async def test_TC_024_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS acknowledges a connector lock failure reported after authorization.

    Steps:
    1. Reusable state Booted, then Authorized: Authorize with the valid id tag, answered Accepted.
    2. StatusNotification Preparing on the configured connector; the CSMS acknowledges it.
    3. [EV driver plugs in the cable; the connector cannot lock it.] StatusNotification Faulted
       with errorCode ConnectorLockFailure; the CSMS acknowledges it.

    Choice: the detachable-cable prerequisite belongs to the charge-point variant; the CSMS
    variant applies to every CSMS. A CALLERROR to the fault report fails the case.
    """
    connector = cp.connector()
    await cp.booted()
    await cp.authorized()
    cp.step(f"2. StatusNotification Preparing on connector {connector}")
    await cp.status(connector, "Preparing")
    cp.step("3. [Cable plugged in, lock fails] StatusNotification Faulted, ConnectorLockFailure")
    await cp.status(connector, "Faulted", error_code="ConnectorLockFailure")
