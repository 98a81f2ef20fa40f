"""TC_048_4_CSMS — Reservation of a Connector - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_048_4_CSMS", "Reservation of a Connector - Rejected", Profile.RESERVATION)
async def test_TC_048_4_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS tries to reserve a connector, the charge point rejects it, and the CSMS copes.

    Steps:
    1. Reusable state Booted. [Make the CSMS reserve the configured connector for the valid id tag.]
       The CSMS sends ReserveNow for the configured connector and the valid id tag.
    2. The charge point answers Rejected (it is configured not to accept reservations).
    3. The CSMS carries on: it keeps the connection and answers the next CALL (Heartbeat).
    """
    connector = cp.connector()
    await cp.booted()
    cp.csms.respond("ReserveNow", {"status": "Rejected"}, once=True)
    cp.step(f"1. [Make the CSMS reserve connector {connector} for {cp.tags.valid}]: ReserveNow")
    request = await cp.reservation_requested(connector, cp.tags.valid)
    cp.step("2-3. ReserveNow.conf Rejected; the CSMS carries on")
    await cp.copes_with_refusal(request)
