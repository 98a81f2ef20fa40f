"""TC_004_1_CSMS — Regular Charging Session - Identification First."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_004_1_CSMS", "Regular Charging Session - Identification First", Profile.CORE)
async def test_TC_004_1_CSMS(cp: FakeChargePoint) -> None:
    """Identification first, then the cable: the CSMS accepts the tag, then the transaction.

    Steps:
    1. Reusable state Booted.
    2. Reusable state Authorized: Authorize with the valid id tag, answered Accepted.
    3. StatusNotification Preparing on the configured connector.
    4. StartTransaction: the CSMS answers Accepted with a transaction id.
    5. StatusNotification Charging.
    """
    connector = cp.connector()
    await cp.booted()
    await cp.authorized()
    cp.step(f"3. StatusNotification Preparing on connector {connector}")
    await cp.status(connector, "Preparing")
    await cp.accepted_start(connector, cp.tags.valid)
    cp.step("5. StatusNotification Charging")
    await cp.status(connector, "Charging")
