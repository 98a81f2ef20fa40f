"""TC_053_2_CS — Use a reserved Connector with parentIdTag - Remote."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_053_2_CS", "Use a reserved Connector with parentIdTag - Remote", Profile.RESERVATION)
async def test_TC_053_2_CS(csms: FakeCsms) -> None:
    """A remote start for another id tag of the reservation's parent uses the reservation.

    Steps:
    Before: reusable state SetConnectorUnavailable for all unused connectors.
    1-2. The CSMS sends ReserveNow for the configured connector, the valid id tag and parentIdTag
       <parent>; Accepted.
    3-4. StatusNotification Reserved for the configured connector.
    5. The CSMS sends RemoteStartTransaction for the configured connector and the second valid id
       tag; Accepted. Authorize for it is allowed (answered Accepted with parentIdTag <parent>).
    6. [Plug in the cable.] StartTransaction for the second id tag with the reservationId, and
       StatusNotification Charging, in either order (Preparing allowed, as in TC_046_2).

    Choice: the catalogue gives only "same reservation, started by remote start with the second
    tag"; the flow is TC_053_1's with TC_011_1's remote start. The charge point may need an
    Authorize to learn the tag's parent (OCPP 1.6 §5.13) even with AuthorizeRemoteTxRequests
    false, so Authorize is optional.
    """
    connector = csms.connector()
    cp, tags = csms.cp, csms.tags
    await csms.booted()
    await csms.unused_connectors_unavailable(connector)
    async with csms.reserved(connector, tags.valid, parent_id_tag=tags.parent) as reservation_id:
        csms.step(f"5. RemoteStartTransaction connector {connector}, {tags.valid_2} (Authorize optional)")
        cp.allow("Authorize")
        await csms.remote_start(connector, tags.valid_2)

        csms.step(f"6. [Plug in connector {connector}]: StartTransaction with reservationId "
                  f"{reservation_id}, Charging")
        await csms.act("plug_in", connector=connector)
        start, _ = await cp.expect_all(
            match("StartTransaction", connectorId=connector, idTag=tags.valid_2),
            match("StatusNotification", connectorId=connector, status="Charging"),
            timeout=csms.timing.remote_start_time,
        )
        used = start.payload.get("reservationId")
        if used != reservation_id:
            raise Fail(f"StartTransaction on the reserved connector has reservationId {used}, not {reservation_id}")
