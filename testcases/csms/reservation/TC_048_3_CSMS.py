"""TC_048_3_CSMS — Reservation of a Connector - Unavailable."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_048_3_CSMS", "Reservation of a Connector - Unavailable", Profile.RESERVATION)
async def test_TC_048_3_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS makes a connector inoperative, then tries to reserve it and copes with the
    refusal.

    Steps:
    1. Reusable state Booted. [Make the CSMS set the configured connector inoperative.] The CSMS
       sends ChangeAvailability for the configured connector with type Inoperative; the charge point
       answers
       Accepted.
    2. StatusNotification Unavailable on the configured connector; the CSMS acknowledges.
    3. [Make the CSMS reserve the configured connector for the valid id tag.] The CSMS sends
       ReserveNow for the connector of step 1 and the valid id tag.
    4. The charge point answers Unavailable.
    5. The CSMS carries on: it keeps the connection and answers the next CALL (Heartbeat).
    """
    connector = cp.connector()
    await cp.booted()
    cp.step(f"1. [Make the CSMS set connector {connector} inoperative]: ChangeAvailability")
    change = await cp.csms_sends("ChangeAvailability", connectorId=connector, type="Inoperative")
    got = (change.payload["connectorId"], change.payload["type"])
    if got != (connector, "Inoperative"):
        raise Fail(f"ChangeAvailability sets connector {got[0]} {got[1]}; the operator asked for connector {connector} Inoperative")
    await cp.answered(change)
    cp.step(f"2. StatusNotification Unavailable on connector {connector}")
    await cp.status(connector, "Unavailable")
    cp.csms.respond("ReserveNow", {"status": "Unavailable"}, once=True)
    cp.step(f"3. [Make the CSMS reserve connector {connector} for {cp.tags.valid}]: ReserveNow")
    request = await cp.reservation_requested(connector, cp.tags.valid)
    cp.step("4-5. ReserveNow.conf Unavailable; the CSMS carries on")
    await cp.copes_with_refusal(request)
