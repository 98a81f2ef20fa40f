"""TC_049_CS — Reservation of a Charge Point - Transaction."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail


@case(
    "TC_049_CS",
    "Reservation of a Charge Point - Transaction",
    Profile.RESERVATION,
    requires=(needs(lambda p: p.capabilities.reserve_connector_zero, "the PICS declares ReserveConnectorZeroSupported false"),),
)
async def test_TC_049_CS(csms: FakeCsms) -> None:
    """A reservation of the charge point (connector 0) keeps a connector for the reserved id tag,
    which then charges there with the reservationId.

    Steps:
    Before: reusable state SetConnectorUnavailable for all unused connectors (all but 1).
    1-2. The CSMS sends ReserveNow with connectorId 0 and the valid id tag; Accepted.
    3-4. StatusNotification Reserved for the configured connector, the one connector left.
    5. [Present another id tag (the second valid one).] No StartTransaction for it.
    6. [Present the reserved id tag] (Authorize optional), [plug in the cable]: StartTransaction
       for the reserved id tag with the reservationId, and StatusNotification Charging.

    Official rule: real charge points dispute which connector reports Reserved for a
    reservation of the whole charge point; the official table checks "The status is Reserved"
    (step 3) and expects that "only the idTag from the reservation can charge, on any available
    connector" (ocpplab tc-049-csms, Charge Point side). Connector 0 cannot report Reserved (OCPP
    1.6 §4.9 limits it to Available, Unavailable and Faulted), so the connector left free must.

    Choice: with connectorId 0 the charge point "SHALL make sure that at any time during the
    validity of the reservation, one connector remains available for the reserved idTag" (OCPP
    1.6 §5.13); it need not report Reserved while several connectors are free. Leaving one
    connector operative makes the reservation hold exactly that one, so Reserved, the refusal of
    another tag and the use by the reserved tag are all determined.
    """
    connector = csms.connector()
    cp, tags, timing = csms.cp, csms.tags, csms.timing
    await csms.booted()
    await csms.unused_connectors_unavailable(connector)
    async with csms.reserved(0, tags.valid, holds=connector) as reservation_id:
        csms.step(f"5. [Present {tags.valid_2}]: no transaction, the charge point is reserved for {tags.valid}")
        cp.allow("Authorize")
        await csms.act("present_id_tag", id_tag=tags.valid_2, connector=connector)
        await cp.expect_none(match("StatusNotification", connectorId=connector, status="Preparing",
                                   label=f"{tags.valid_2} is not the reserved tag"),
                             during=timing.triggered_function_timeout)

        csms.step(f"6. [Present {tags.valid}, plug in connector {connector}]: StartTransaction with "
                  f"reservationId {reservation_id}, Charging")
        await csms.act("present_id_tag", id_tag=tags.valid, connector=connector)
        await cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))
        await csms.act("plug_in", connector=connector)
        start, _ = await cp.expect_all(
            match("StartTransaction", connectorId=connector, idTag=tags.valid),
            match("StatusNotification", connectorId=connector, status="Charging"),
        )
        used = start.payload.get("reservationId")
        if used != reservation_id:
            raise Fail(f"StartTransaction for the reserved id tag has reservationId {used}, not {reservation_id}")
