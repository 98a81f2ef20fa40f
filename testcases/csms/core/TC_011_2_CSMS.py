"""TC_011_2_CSMS — Remote Start Charging Session - Time Out."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_011_2_CSMS", "Remote Start Charging Session - Time Out", Profile.CORE)
async def test_TC_011_2_CSMS(cp: FakeChargePoint) -> None:
    """A remote start that no cable follows: the CSMS accepts the connector going back to Available.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS start a transaction on the configured connector for the valid id tag.] The
       CSMS sends RemoteStartTransaction; the charge point answers Accepted.
    3. If the charge point's AuthorizeRemoteTxRequests is true: Authorize, answered Accepted.
    4. StatusNotification Preparing; the CSMS acknowledges it.
    5. [The connection timeout expires with no cable plugged in.] StatusNotification Available,
       no StartTransaction; the CSMS acknowledges it.

    Choice: Authorize depends on AuthorizeRemoteTxRequests (OCPP 1.6 section 5.11), as in
    TC_011_1_CSMS. A CALLERROR to either StatusNotification fails the case.
    """
    connector = cp.connector()
    await cp.booted()
    await cp.remote_start_accepted(connector)
    cp.step(f"4. StatusNotification Preparing on connector {connector}")
    await cp.status(connector, "Preparing")
    await cp.connection_times_out(connector)
