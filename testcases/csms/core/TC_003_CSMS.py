"""TC_003_CSMS — Regular Charging Session - Plugin First."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_003_CSMS", "Regular Charging Session - Plugin First", Profile.CORE)
async def test_TC_003_CSMS(cp: FakeChargePoint) -> None:
    """Cable first, then identification: the CSMS authorizes the valid tag and accepts the start.

    Steps:
    1. Reusable state Booted.
    2. StatusNotification Preparing on the configured connector.
    3. Authorize with the valid id tag: the CSMS answers Accepted.
    4. StartTransaction: the CSMS answers Accepted with a transaction id.
    5. StatusNotification Charging.
    """
    connector = cp.connector()
    await cp.booted()
    cp.step(f"2. StatusNotification Preparing on connector {connector}")
    await cp.status(connector, "Preparing")
    await cp.authorized()
    await cp.accepted_start(connector, cp.tags.valid)
    cp.step("5. StatusNotification Charging")
    await cp.status(connector, "Charging")
