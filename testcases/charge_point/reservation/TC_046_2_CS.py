"""TC_046_2_CS — Reservation of a Connector - Remote start transaction."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_046_2_CS", "Reservation of a Connector - Remote start transaction", Profile.RESERVATION)
async def test_TC_046_2_CS(csms: FakeCsms) -> None:
    """A remote start for the reserved id tag uses the reservation.

    Steps:
    1-2. The CSMS sends ReserveNow for the configured connector and the valid id tag; Accepted.
    3-4. StatusNotification Reserved for the configured connector.
    5. Charging (Authorize optional): the CSMS sends RemoteStartTransaction for the configured
       connector and the valid id tag (Accepted); [plug in the cable]; StartTransaction and
       StatusNotification
       Charging, in either order. The StartTransaction's idTag and reservationId are those of the
       reservation.

    Choice: the official step 5 is "Charging"; for a remote-start case that is the remote-start
    flow of TC_011_1 (remote start first, then the cable), with Authorize optional as the table
    says (AuthorizeRemoteTxRequests decides, OCPP 1.6 §5.11). A Preparing status is allowed but
    not required: the cable may arrive while the charge point still authorizes, and the official
    validations check only ReserveNow, Reserved and the StartTransaction.
    """
    connector = csms.connector()
    cp, tag = csms.cp, csms.tags.valid
    await csms.booted()
    async with csms.reserved(connector, tag) as reservation_id:
        csms.step(f"5. RemoteStartTransaction connector {connector}, {tag} (Authorize optional); "
                  "[plug in]: StartTransaction and Charging")
        cp.allow("Authorize")
        await csms.remote_start(connector, tag)
        await csms.act("plug_in", connector=connector)
        start, _ = await cp.expect_all(
            match("StartTransaction", connectorId=connector),
            match("StatusNotification", connectorId=connector, status="Charging"),
            timeout=csms.timing.remote_start_time,
        )
        id_tag, used = start.payload.get("idTag"), start.payload.get("reservationId")
        if (id_tag, used) != (tag, reservation_id):
            raise Fail(f"StartTransaction has idTag {id_tag} and reservationId {used}; the reservation is "
                       f"{tag} with reservationId {reservation_id}")
