"""TC_053_CSMS — Use a reserved Connector with parentIdTag."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_053_CSMS", "Use a reserved Connector with parentIdTag", Profile.RESERVATION)
async def test_TC_053_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS reserves a connector for an id tag of a group (parentIdTag), and accepts the
    transaction of another id tag of the same group on that reservation.

    Steps:
    1. Reusable state Booted. [Make the CSMS reserve the configured connector for the valid id tag.]
       The CSMS sends ReserveNow for the configured connector and the valid id tag, with parentIdTag
       the valid
       id tag's parent.
    2. The charge point answers Accepted.
    3. StatusNotification Reserved on the configured connector; the CSMS acknowledges.
    4. [A driver with the second valid id tag, of the same parent, arrives.] Reusable state
       Charging with the second valid id tag on the configured connector: Preparing, Authorize
       (Accepted, with the reservation's parentIdTag), StartTransaction carrying the reservationId
       of step
       1 (Accepted), Charging.

    Choice: OCPP 1.6 section 5.13 lets another id tag use a reservation when its parent equals
    the reservation's parentIdTag, which the charge point learns from Authorize; so the
    ReserveNow must carry the parent the PICS declares for the valid id tag, and the Authorize
    answer for the second tag must name the same parent.
    """
    connector = cp.connector()
    await cp.booted()
    other = cp.tags.valid_2
    cp.step(f"1. [Make the CSMS reserve connector {connector} for {cp.tags.valid}]: ReserveNow")
    request = await cp.reservation_requested(connector, cp.tags.valid)
    parent = request.payload.get("parentIdTag")
    if parent != cp.tags.parent:
        got = f"parentIdTag {parent!r}" if parent else "no parentIdTag"
        raise Fail(f"ReserveNow carries {got}; {cp.tags.valid} belongs to {cp.tags.parent!r}")
    cp.step("2-3. ReserveNow.conf Accepted; StatusNotification Reserved")
    reservation = await cp.reserved(request)
    cp.step(f"4. [{other}, of the same parent, arrives]: Charging on the reservation")
    await cp.charging_on_reservation(connector, other, reservation, parent=parent)
