"""TC_048_1_CSMS — Reservation of a Connector - Faulted."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_048_1_CSMS", "Reservation of a Connector - Faulted", Profile.RESERVATION)
async def test_TC_048_1_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS tries to reserve a connector that is faulted and copes with the refusal.

    Steps:
    1. Reusable state Booted. [Make the CSMS reserve the configured connector for the valid id tag.]
       The CSMS sends ReserveNow for the configured connector and the valid id tag.
    2. The charge point answers Faulted.
    3. The CSMS carries on: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: as in the official table the connector's fault is not reported beforehand (a CSMS
    may not even offer a reservation of a connector it knows to be faulted); "the CSMS accepts
    the not Accepted status" is checked as in the other refusal cases.
    """
    connector = cp.connector()
    await cp.booted()
    cp.csms.respond("ReserveNow", {"status": "Faulted"}, once=True)
    cp.step(f"1. [Make the CSMS reserve connector {connector} for {cp.tags.valid}]: ReserveNow")
    request = await cp.reservation_requested(connector, cp.tags.valid)
    cp.step("2-3. ReserveNow.conf Faulted; the CSMS carries on")
    await cp.copes_with_refusal(request)
