"""Reservation profile for the fake charge point: TC_046 … TC_053.

ReserveNow as the CSMS sends it, the Reserved status, and the reusable state Charging on a
reservation.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from octt_py.roles.charge_point.core import ChargePointCore
from octt_py.roles.common import ocpp_instant
from octt_py.session import IncomingCall
from octt_py.verdict import Fail


class ReservationSteps(ChargePointCore):
    # -- reservation (TC_046 to TC_053) ------------------------------------------------------

    async def reservation_requested(self, connector: int, id_tag: str | None = None) -> IncomingCall:
        """[Make the CSMS reserve ``connector`` for ``id_tag``]: ReserveNow for exactly that
        connector and tag, expiring in the future. The request the operator gets expires after
        the PICS reservation expiry and carries the tag's parent (OCPP 1.6 §5.13: TC_053). The
        case chooses the answer beforehand (``csms.respond``; Accepted by default)."""
        tag = id_tag or self.tags.valid
        expires = datetime.now(UTC) + timedelta(seconds=self.timing.reservation_expiry)
        parent = self.authorization_data(tag)["idTagInfo"].get("parentIdTag")
        request = await self.csms_sends(
            "ReserveNow", connectorId=connector, expiryDate=self.timestamp(expires), idTag=tag,
            reservationId=self.next_id(), **({"parentIdTag": parent} if parent else {}),
        )
        payload = request.payload
        if payload["connectorId"] != connector:
            raise Fail(f"ReserveNow is for connector {payload['connectorId']}; the operator asked for {connector}")
        if payload["idTag"] != tag:
            raise Fail(f"ReserveNow is for id tag {payload['idTag']!r}; the operator asked for {tag!r}")
        expiry = self.expiry_of(request)
        if expiry <= datetime.now(UTC) - timedelta(seconds=self.timing.max_time_deviation):
            raise Fail(f"ReserveNow expiryDate {payload['expiryDate']} has already passed")
        return request

    @staticmethod
    def expiry_of(request: IncomingCall) -> datetime:
        """The instant a ReserveNow's expiryDate names; one without a UTC offset fails the case
        (OCPP 1.6 date-times are UTC; a local wall-clock time names no instant)."""
        text = request.payload["expiryDate"]
        expiry = ocpp_instant(text)
        if expiry is None:
            raise Fail(f"ReserveNow expiryDate {str(text)[:40]!r} is not an RFC 3339 date-time with a UTC "
                       "offset (OCPP 1.6 date-times are UTC)")
        return expiry

    async def reserved(self, request: IncomingCall, connector: int | None = None) -> int:
        """The reservation ``request`` was accepted: StatusNotification Reserved on ``connector``
        (default: the reserved one). Returns the reservation id."""
        await self.answered(request)
        where = request.payload["connectorId"] if connector is None else connector
        self.step(f"StatusNotification Reserved on connector {where}")
        await self.status(where, "Reserved")
        return int(request.payload["reservationId"])

    async def charging_on_reservation(
        self, connector: int, id_tag: str, reservation_id: int, *, parent: str | None = None
    ) -> int:
        """Reusable state Charging for a reservation: Preparing, Authorized, StartTransaction
        carrying ``reservation_id`` (the CSMS must accept it), Charging. Returns the id. With
        ``parent``, the Authorize answer must name that parentIdTag: it is what lets a tag
        other than the reserved one use the reservation (OCPP 1.6 §5.13, TC_053)."""
        self.step(f"Reusable state Charging on connector {connector} for {id_tag}, reservation {reservation_id}")
        await self.status(connector, "Preparing")
        info = await self.authorized(id_tag)
        if parent is not None and info.get("parentIdTag") != parent:
            raise Fail(
                f"the CSMS answered Authorize for {id_tag} with parentIdTag {info.get('parentIdTag')!r}; "
                f"the reservation's parentIdTag is {parent!r}"
            )
        transaction_id = await self.accepted_start(connector, id_tag, reservation_id=reservation_id)
        await self.status(connector, "Charging")
        return transaction_id
