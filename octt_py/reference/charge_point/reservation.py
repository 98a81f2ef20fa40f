"""Reservation profile: ReserveNow (OCPP 1.6 section 5.13) holds a connector until its expiry,
CancelReservation (5.1) frees it. Whether a reservation is accepted is decided in ``link``; who
may use a reserved connector, in ``sessions``. The ``reservation_refusal`` switch makes the
charge point refuse reservations (Rejected).

Planted faults served here: ``reservation_never_expires``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from octt_py.reference.charge_point.base import ChargePointBase, _flag
from octt_py.reference.charge_point.clock import now
from octt_py.reference.charge_point.model import Reservation


class ReservationBehaviour(ChargePointBase):
    """Reservations and their expiry (Reservation profile)."""

    def _act_reservation_refusal(self, enabled: bool = True) -> dict[str, Any]:
        self.reservation_refusal = _flag(enabled)
        return {}

    def reserve(self, reservation: Reservation) -> None:
        self.model.reservations[reservation.reservation_id] = reservation
        self._cancel(self._reservation_timers, reservation.reservation_id)
        if "reservation_never_expires" not in self.faults:
            self._reservation_timers[reservation.reservation_id] = self._spawn_power(
                self._expire(reservation))
        self.refresh_status()

    def cancel_reservation(self, reservation_id: int) -> None:
        self.model.reservations.pop(reservation_id, None)
        self._cancel(self._reservation_timers, reservation_id)
        self.refresh_status()

    async def _expire(self, reservation: Reservation) -> None:
        await asyncio.sleep(max(0.0, (reservation.expiry - now()).total_seconds()))
        if self.model.reservations.get(reservation.reservation_id) is reservation:
            del self.model.reservations[reservation.reservation_id]
            self._reservation_timers.pop(reservation.reservation_id, None)
            self.refresh_status()
