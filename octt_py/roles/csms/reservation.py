"""Reservation profile for the fake CSMS: TC_046_x … TC_053_x.

ReserveNow, CancelReservation and the reusable states the reservation cases use
(SetConnectorOccupied, SetConnectorUnavailable, SetChargePointUnavailable, a faulted
connector). Separate from ``core`` because it is its own OCPP feature profile.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from octt_py.roles.csms.core import CsmsCore
from octt_py.session import Match, Payload, match
from octt_py.trace import FindingKind, Severity
from octt_py.verdict import Fail


SECOND_RESERVATION_ACCEPTED = "case.second-reservation-accepted"
"""The extended rule of a reserved connector that takes a second reservation."""


def faulted(connector: int) -> Match:
    """StatusNotification Faulted for ``connector`` whose errorCode names the fault (not NoError)."""
    return match("StatusNotification", connectorId=connector, status="Faulted",
                 where=lambda p: p.get("errorCode") != "NoError", label="errorCode other than NoError")


class ReservationSteps(CsmsCore):
    # -- reservations (OCTT TC_046_x … TC_053_x) ---------------------------------------------

    # Start far from 1 so ids from an earlier run of the same DUT are unlikely to collide.
    _reservation_ids = itertools.count(int(time.time()) % 100_000 * 10 + 1)

    def expiry_date(self, lasting: float | None = None) -> str:
        """A ReserveNow expiryDate ``lasting`` seconds from now.

        By default the PICS reservation_expiry plus operator_timeout: a reservation must outlive
        the case's manual steps; only TC_047, which waits for the expiry, uses reservation_expiry
        alone. Cases cancel what they reserve (``reserved``), so the long default is never
        left behind."""
        seconds = lasting if lasting is not None else self.timing.reservation_expiry + self.timing.operator_timeout
        return datetime.fromtimestamp(time.time() + seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    async def reserve_now(
        self, connector: int, id_tag: str | None = None, *, parent_id_tag: str | None = None, lasting: float | None = None
    ) -> tuple[str, int]:
        """ReserveNow for a connector (0: the charge point) and id tag; returns the status
        answered and the reservationId used."""
        tag = id_tag or self.tags.valid
        reservation_id = next(self._reservation_ids)
        payload: Payload = {
            "connectorId": connector, "expiryDate": self.expiry_date(lasting), "idTag": tag, "reservationId": reservation_id,
        }
        if parent_id_tag is not None:
            payload["parentIdTag"] = parent_id_tag
        self.step(f"ReserveNow connector {connector}, id tag {tag}" + (f", parentIdTag {parent_id_tag}" if parent_id_tag else ""))
        status = str((await self.cp.call("ReserveNow", payload)).payload["status"])
        return status, reservation_id

    @contextlib.asynccontextmanager
    async def reserved(
        self,
        connector: int,
        id_tag: str | None = None,
        *,
        parent_id_tag: str | None = None,
        lasting: float | None = None,
        holds: int | None = None,
    ) -> AsyncIterator[int]:
        """ReserveNow answered Accepted and StatusNotification Reserved for the connector that
        holds the reservation (``holds``, by default ``connector``; a reservation of connector 0
        holds the last free connector). Yields the reservationId.

        After the block a reservation still in place (its connector still reported Reserved, or
        never reported so) is cancelled with CancelReservation: no case leaves one behind. One
        a transaction used, the case cancelled or that expired is left alone.
        """
        status, reservation_id = await self.reserve_now(connector, id_tag, parent_id_tag=parent_id_tag, lasting=lasting)
        if status != "Accepted":
            raise Fail(f"ReserveNow for connector {connector} was answered {status}, not Accepted")
        held = connector if holds is None else holds
        reported = False
        try:
            self.step(f"StatusNotification Reserved for connector {held}")
            why = "" if held == connector else f"the one connector free for the reservation of connector {connector}"
            await self.cp.expect(match("StatusNotification", connectorId=held, status="Reserved", label=why))
            reported = True
            yield reservation_id
        finally:
            if not reported or self.status.get(held) == "Reserved":
                self.step(f"Cancel reservation {reservation_id}, still in place after the case")
                await self._quietly(self.cp.call("CancelReservation", {"reservationId": reservation_id}))

    async def reservation_refused(self, connector: int, expected: str, id_tag: str | None = None) -> None:
        """ReserveNow answered ``expected`` (Faulted, Occupied, Unavailable or Rejected). A
        reservation wrongly Accepted is cancelled again before the case fails."""
        status, reservation_id = await self.reserve_now(connector, id_tag)
        if status == expected:
            return
        if status == "Accepted":
            await self._quietly(self.cp.call("CancelReservation", {"reservationId": reservation_id}))
        raise Fail(f"ReserveNow for connector {connector} was answered {status}, not {expected}")

    async def second_reservation_refused(self, connector: int) -> None:
        """Extended (the official tables never drive it): a connector that holds a reservation
        refuses another one. ReserveNow with a new reservationId, for the second valid id tag,
        is answered Occupied (OCPP 1.6 §5.13: a reserved connector is not free, and only a
        ReserveNow with the same reservationId replaces the reservation). Anything else is the
        extended finding case.second-reservation-accepted; a reservation wrongly Accepted is
        cancelled again."""
        self.step(f"Extended: a second ReserveNow for reserved connector {connector} (another reservationId): Occupied")
        status, reservation_id = await self.reserve_now(connector, self.tags.valid_2)
        if status == "Occupied":
            return
        if status == "Accepted":
            await self._quietly(self.cp.call("CancelReservation", {"reservationId": reservation_id}, causes=False))
        self.trace.finding(
            FindingKind.PROTOCOL,
            f"a second ReserveNow (reservationId {reservation_id}) for connector {connector}, which holds a "
            f"reservation, was answered {status}, not Occupied",
            extended=True,
            rule=SECOND_RESERVATION_ACCEPTED,
            severity=Severity.WARNING,
        )

    async def reservation_cancelled(self, reservation_id: int, connector: int) -> None:
        """CancelReservation answered Accepted, and StatusNotification Available for the
        connector the reservation held."""
        status = (await self.cp.call("CancelReservation", {"reservationId": reservation_id})).payload["status"]
        if status != "Accepted":
            raise Fail(f"CancelReservation {reservation_id} was answered {status}, not Accepted")
        await self.cp.expect(match("StatusNotification", connectorId=connector, status="Available"))

    async def connector_occupied(self, connector: int) -> None:
        """Reusable state SetConnectorOccupied: [plug in the cable]; StatusNotification Preparing."""
        self.step(f"Reusable state SetConnectorOccupied: [plug in connector {connector}], Preparing")
        await self.act("plug_in", connector=connector)
        await self.cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))

    async def connector_unavailable(self, connector: int) -> None:
        """Reusable state SetConnectorUnavailable: ChangeAvailability Inoperative, Accepted;
        StatusNotification Unavailable. The runner makes the charge point Operative again."""
        self.step(f"Reusable state SetConnectorUnavailable: connector {connector} Inoperative")
        await self.change_availability(connector, "Inoperative")

    async def unused_connectors_unavailable(self, used: int) -> None:
        """Reusable state SetConnectorUnavailable for all unused connectors: every connector but
        ``used`` (nothing to do on a single-connector charge point)."""
        for connector in range(1, self.pics.capabilities.connectors + 1):
            if connector != used:
                await self.connector_unavailable(connector)

    async def charge_point_unavailable(self) -> None:
        """Reusable state SetChargePointUnavailable: ChangeAvailability connector 0 Inoperative,
        Accepted; StatusNotification Unavailable for every connector (and connector 0 when it
        reports: ``reports_every_connector``)."""
        self.step("Reusable state SetChargePointUnavailable: connector 0 Inoperative")
        status = (await self.cp.call("ChangeAvailability", {"connectorId": 0, "type": "Inoperative"})).payload["status"]
        if status != "Accepted":
            raise Fail(f"ChangeAvailability Inoperative for connector 0 was answered {status}, not Accepted")
        await self.reports_every_connector("Unavailable")

    @contextlib.asynccontextmanager
    async def faulted(self, connector: int) -> AsyncIterator[None]:
        """[Put the connector (0: the charge point) into a fault] for the block: StatusNotification
        Faulted for it, with an errorCode other than NoError (a fault has a cause: OCPP 1.6
        ChargePointErrorCode). Afterwards [clear the fault] and wait for it to be Available
        again (the runner's return to idle leaves a Faulted connector as it is)."""
        self.step(f"[Put connector {connector} into a fault]: StatusNotification Faulted, with an errorCode")
        await self.act("fault", connector=connector)
        try:
            await self.cp.expect(faulted(connector))
            yield
        finally:
            self.step(f"[Clear the fault on connector {connector}]: StatusNotification Available")
            if await self.try_act("clear_fault", connector=connector):
                await self._quietly(self.cp.wait_until(
                    lambda: self.status.get(connector) == "Available",
                    timeout=self.timing.triggered_function_timeout, what=f"connector {connector} Available again",
                ))
