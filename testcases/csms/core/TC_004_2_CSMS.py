"""TC_004_2_CSMS — Regular Charging Session - Identification First - ConnectionTimeOut."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case(
    "TC_004_2_CSMS",
    "Regular Charging Session - Identification First - ConnectionTimeOut",
    Profile.CORE,
)
async def test_TC_004_2_CSMS(cp: FakeChargePoint) -> None:
    """The driver identifies but never plugs in: the CSMS accepts the connector going back to Available.

    Steps:
    1. Reusable state Booted, then Authorized: Authorize with the valid id tag, answered Accepted.
    2. StatusNotification Preparing on the configured connector; the CSMS acknowledges it.
    3. [ConnectionTimeOut expires with no cable plugged in.] StatusNotification Available on
       the configured connector, no transaction; the CSMS acknowledges it.

    Choice: "acknowledges" means a StatusNotification.conf; a CALLERROR (a CSMS that insists on a
    transaction after Preparing) fails the case. The fake charge point waits the PICS connection
    timeout before reporting Available, as a real one would.
    """
    connector = cp.connector()
    await cp.booted()
    await cp.authorized()
    cp.step(f"2. StatusNotification Preparing on connector {connector}")
    await cp.status(connector, "Preparing")
    await cp.connection_times_out(connector)
