"""TC_049_CSMS — Reservation of a Charge Point - Transaction."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case, needs

WHOLE_CHARGE_POINT = 0


@case("TC_049_CSMS", "Reservation of a Charge Point - Transaction", Profile.RESERVATION,
      requires=(needs(lambda p: p.capabilities.reserve_connector_zero,
                      "the PICS declares no reservations of connector 0 "
                      "(capabilities.reserve_connector_zero, ReserveConnectorZeroSupported)"),))
async def test_TC_049_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS reserves the charge point as a whole (connector 0) for an id tag, and accepts
    the transaction that uses the reservation.

    Steps:
    1. Reusable state Booted. [Make the CSMS reserve the charge point for the valid id tag.]
       The CSMS sends ReserveNow with connectorId 0 and the valid id tag.
    2. The charge point answers Accepted.
    3. StatusNotification Reserved on the configured connector; the CSMS acknowledges.
    4. Reusable state Charging with the valid id tag on the configured connector: Preparing,
       Authorize (Accepted), StartTransaction carrying the reservationId of step 1 (Accepted),
       Charging.

    Choice: connector 0 may only report Available, Unavailable or Faulted (OCPP 1.6 section
    4.9), so the charge point shows the reservation on the connector it keeps free for it,
    the configured connector. The official table ends with the Reserved status although the title
    and the expected result speak of the transaction; the transaction is run, as in TC_046.
    """
    connector = cp.connector()
    await cp.booted()
    cp.step(f"1. [Make the CSMS reserve the charge point for {cp.tags.valid}]: ReserveNow connector 0")
    request = await cp.reservation_requested(WHOLE_CHARGE_POINT, cp.tags.valid)
    cp.step(f"2-3. ReserveNow.conf Accepted; StatusNotification Reserved on connector {connector}")
    reservation = await cp.reserved(request, connector)
    cp.step("4. Reusable state Charging, StartTransaction with the reservationId")
    await cp.charging_on_reservation(connector, cp.tags.valid, reservation)
