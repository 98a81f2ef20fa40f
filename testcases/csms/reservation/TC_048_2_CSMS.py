"""TC_048_2_CSMS — Reservation of a Connector - Occupied."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_048_2_CSMS", "Reservation of a Connector - Occupied", Profile.RESERVATION)
async def test_TC_048_2_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS tries to reserve a connector that is occupied and copes with the refusal.

    Steps:
    1. Reusable state Booted. [EV driver plugs in the cable] StatusNotification Preparing on
       the configured connector; the CSMS acknowledges.
    2. [Make the CSMS reserve the configured connector for the valid id tag.] The CSMS sends
       ReserveNow for the connector of step 1 and the valid id tag.
    3. The charge point answers Occupied.
    4. The CSMS carries on: it keeps the connection and answers the next CALL (Heartbeat).
    """
    connector = cp.connector()
    await cp.booted()
    cp.step(f"1. [EV driver plugs in] StatusNotification Preparing on connector {connector}")
    await cp.status(connector, "Preparing")
    cp.csms.respond("ReserveNow", {"status": "Occupied"}, once=True)
    cp.step(f"2. [Make the CSMS reserve connector {connector} for {cp.tags.valid}]: ReserveNow")
    request = await cp.reservation_requested(connector, cp.tags.valid)
    cp.step("3-4. ReserveNow.conf Occupied; the CSMS carries on")
    await cp.copes_with_refusal(request)
