"""TC_046_1_CS — Reservation of a Connector - Local start transaction."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_046_1_CS", "Reservation of a Connector - Local start transaction", Profile.RESERVATION)
async def test_TC_046_1_CS(csms: FakeCsms) -> None:
    """A reserved connector refuses other id tags without asking the CSMS and starts for the
    reserved one, with the reservationId in StartTransaction.

    Steps:
    Before: reusable state SetConnectorUnavailable for all unused connectors.
    1-2. The CSMS sends ReserveNow for the configured connector and the valid id tag; Accepted.
    3-4. StatusNotification Reserved for the configured connector.
    5. [Present another id tag (the second valid one).] No Authorize for it.
    6-7. [Present the reserved id tag.] Authorize is optional.
    8-9. StatusNotification Preparing.
    10-13. [Plug in the cable.] StartTransaction with the reserved id tag and the reservationId,
       and StatusNotification Charging, in either order.

    Official rule: real charge points dispute step 5 and ask the CSMS about the other tag; the
    official table forbids it ("5. The Charge Point does NOT send an Authorize.req"; the one for
    the reserved tag, step 6, is optional; ocpplab tc-046-1-cs): the reservation carries no
    parentIdTag, so nothing the CSMS could answer would let the other tag use it. The failure
    reason quotes the step.

    Choice: the other tag is one the CSMS would accept, so refusing it can only come from the
    reservation (OCPP 1.6 §5.13: a reserved connector is kept for the reservation's idTag). "No
    Authorize" is watched for the PICS triggered function timeout.
    """
    connector = csms.connector()
    cp, tags, timing = csms.cp, csms.tags, csms.timing
    await csms.booted()
    await csms.unused_connectors_unavailable(connector)
    async with csms.reserved(connector, tags.valid) as reservation_id:
        csms.step(f"5. [Present {tags.valid_2}]: no Authorize, the connector is reserved for {tags.valid}")
        await csms.act("present_id_tag", id_tag=tags.valid_2, connector=connector)
        not_reserved = "a tag the connector is not reserved for: the official step 5 has no Authorize for it"
        await cp.expect_none(match("Authorize", idTag=tags.valid_2, label=not_reserved),
                             during=timing.triggered_function_timeout)

        csms.step(f"6-9. [Present {tags.valid}]: Authorize optional, StatusNotification Preparing")
        cp.allow("Authorize")
        await csms.act("present_id_tag", id_tag=tags.valid, connector=connector)
        await cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))

        csms.step(f"10-13. [Plug in connector {connector}]: StartTransaction with reservationId "
                  f"{reservation_id} and Charging")
        await csms.act("plug_in", connector=connector)
        start, _ = await cp.expect_all(
            match("StartTransaction", connectorId=connector, idTag=tags.valid),
            match("StatusNotification", connectorId=connector, status="Charging"),
        )
        used = start.payload.get("reservationId")
        if used != reservation_id:
            raise Fail(f"StartTransaction on the reserved connector has reservationId {used}, not {reservation_id}")
