"""TC_053_1_CS — Use a reserved Connector with parentIdTag - Local."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_053_1_CS", "Use a reserved Connector with parentIdTag - Local", Profile.RESERVATION)
async def test_TC_053_1_CS(csms: FakeCsms) -> None:
    """A connector reserved with a parentIdTag is used by another id tag of the same parent.

    Steps:
    Before: reusable state SetConnectorUnavailable for all unused connectors.
    1-2. The CSMS sends ReserveNow for the configured connector, the valid id tag and parentIdTag
       <parent>; Accepted.
    3-4. StatusNotification Reserved for the configured connector.
    5. Reusable state Authorized with the second valid id tag: [present it], Authorize,
       answered Accepted with parentIdTag <parent>.
    6. [Plug in the cable.]
    7-10. StartTransaction for the second id tag with the reservationId, and StatusNotification
       Charging, in either order.

    OCPP 1.6 §5.13: a tag that is not the reservation's but has its parentIdTag may use the
    reservation; the charge point learns the parent with Authorize when neither its local list
    nor its cache knows the tag (both are empty here).
    """
    connector = csms.connector()
    cp, tags = csms.cp, csms.tags
    await csms.booted()
    await csms.unused_connectors_unavailable(connector)
    async with csms.reserved(connector, tags.valid, parent_id_tag=tags.parent) as reservation_id:
        csms.step(f"5. Reusable state Authorized with {tags.valid_2} (parentIdTag {tags.parent})")
        await csms.authorized(tags.valid_2, connector)

        csms.step(f"6-10. [Plug in connector {connector}]: StartTransaction with reservationId {reservation_id}, "
                  "Charging")
        await csms.act("plug_in", connector=connector)
        start, _ = await cp.expect_all(
            match("StartTransaction", connectorId=connector, idTag=tags.valid_2),
            match("StatusNotification", connectorId=connector, status="Charging"),
        )
        used = start.payload.get("reservationId")
        if used != reservation_id:
            raise Fail(f"StartTransaction on the reserved connector has reservationId {used}, not {reservation_id}")
