"""How the CSMS answers BootNotification: the registration status and the interval.

One global policy plus per-charge-point overrides, both settable through the control API, so a
case can have the CSMS answer Pending or Rejected first. The interval defaults to the PICS
heartbeat interval when Accepted and to the boot retry interval otherwise (OCPP 1.6 §4.2: for
Pending/Rejected the interval is the time before the next BootNotification).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from octt_py.pics import Timing

REGISTRATION_STATUSES = ("Accepted", "Pending", "Rejected")


@dataclass
class _Setting:
    status: str | None = None
    interval: int | None = None


class BootPolicy:
    def __init__(self, timing: Timing) -> None:
        self._timing = timing
        self._global = _Setting()
        self._per_charge_point: dict[str, _Setting] = {}

    def decide(self, charge_point_id: str) -> tuple[str, int]:
        """The (status, interval) to answer this charge point's BootNotification with."""
        own = self._per_charge_point.get(charge_point_id, _Setting())
        status = own.status or self._global.status or "Accepted"
        interval = own.interval if own.interval is not None else self._global.interval
        if interval is None:
            interval = self.retry_interval(status)
        return status, interval

    def retry_interval(self, status: str) -> int:
        if status == "Accepted":
            return self._timing.heartbeat_interval
        return self._timing.boot_retry_interval

    def set_status(self, status: object, charge_point_id: str | None = None) -> None:
        if status not in REGISTRATION_STATUSES:
            raise ValueError(f"boot_status must be one of {', '.join(REGISTRATION_STATUSES)}")
        self._setting(charge_point_id).status = str(status)

    def set_interval(self, interval: object, charge_point_id: str | None = None) -> None:
        """``None`` goes back to the PICS-derived default."""
        if interval is not None and (
            isinstance(interval, bool) or not isinstance(interval, int) or interval < 0
        ):
            raise ValueError("boot_interval must be a non-negative integer or null")
        self._setting(charge_point_id).interval = interval

    def snapshot(self) -> dict[str, Any]:
        return {
            "default": vars(self._global).copy(),
            "per_charge_point": {cp: vars(s).copy() for cp, s in self._per_charge_point.items()},
        }

    def _setting(self, charge_point_id: str | None) -> _Setting:
        if charge_point_id is None:
            return self._global
        return self._per_charge_point.setdefault(charge_point_id, _Setting())
