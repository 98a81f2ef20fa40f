"""TC_007_CSMS — Regular Start Charging Session - Cached Id."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_007_CSMS", "Regular Start Charging Session - Cached Id", Profile.CORE)
async def test_TC_007_CSMS(cp: FakeChargePoint) -> None:
    """A charge point starts for an id from its authorization cache: the CSMS accepts the start
    although no Authorize preceded it.

    Steps:
    1. Reusable state Booted. [EV driver plugs in the cable.] StatusNotification Preparing on
       the configured connector.
    2. [EV driver presents the valid id tag, found in the charge point's cache.] StartTransaction
       with no Authorize before it: the CSMS answers Accepted with a transaction id.
    3. StatusNotification Charging.
    """
    connector = cp.connector()
    await cp.booted()
    cp.step(f"1. [Cable plugged in] StatusNotification Preparing on connector {connector}")
    await cp.status(connector, "Preparing")
    cp.step("2. [Cached id presented] StartTransaction without Authorize")
    await cp.accepted_start(connector, cp.tags.valid)
    cp.step("3. StatusNotification Charging")
    await cp.status(connector, "Charging")
