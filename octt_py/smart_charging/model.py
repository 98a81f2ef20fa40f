"""The data of OCPP 1.6 Smart Charging: periods, charging profiles, transactions, composites.

Field names follow the specification's classes (§7.8 ChargingProfile, §7.13 ChargingSchedule,
§7.14 ChargingSchedulePeriod) in snake_case; :meth:`ChargingProfile.from_ocpp` and
:meth:`CompositeSchedule.from_ocpp` read the JSON as it travels (camelCase, or the snake_case the
``ocpp`` library hands to handlers) and the ``to_ocpp`` methods write camelCase JSON.

Every time is a timezone-aware :class:`~datetime.datetime` and is kept in UTC: Python subtracts
two datetimes of the same ``tzinfo`` by wall clock, which would make a "24 hours" recurrence
(§7.24 RecurrencyKindType) 23 or 25 hours long across a DST change in a local zone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

PURPOSES = ("ChargePointMaxProfile", "TxDefaultProfile", "TxProfile")
"""§7.10 ChargingProfilePurposeType."""

KINDS = ("Absolute", "Recurring", "Relative")
"""§7.9 ChargingProfileKindType."""

RECURRENCE_SECONDS = {"Daily": 86_400, "Weekly": 604_800}
"""§7.24 RecurrencyKindType: "restarts every 24 hours" / "every 7 days"."""

UNITS = ("A", "W")
"""§7.12 ChargingRateUnitType (errata 3.69: A per phase, W total)."""


def utc(value: datetime, what: str = "time") -> datetime:
    """``value`` in UTC; a naive datetime is refused (its instant is unknown)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} {value.isoformat()} has no time zone")
    return value.astimezone(UTC)


def parse_time(text: str, what: str = "time") -> datetime:
    """An ISO 8601 date-time of the wire (§3.15: fractions and offsets allowed), in UTC."""
    try:
        # RFC 3339 allows a lower-case "t" and "z"; anything but a string is a TypeError here
        value = datetime.fromisoformat(text.upper() if isinstance(text, str) else text)
    except (TypeError, ValueError):
        raise ValueError(f"{what} {text!r} is not an ISO 8601 date-time") from None
    return utc(value, what)


def format_time(value: datetime) -> str:
    """UTC, ``Z`` suffix, fractions only when there are some."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _camel(name: str) -> str:
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


def _camelize(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {_camel(str(k)): _camelize(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_camelize(v) for v in value]
    return value


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if data.get(key) is None:
        raise ValueError(f"{where} has no {key}")
    return data[key]


def _time_or_none(data: Mapping[str, Any], key: str) -> datetime | None:
    value = data.get(key)
    return None if value is None else parse_time(value, key)


@dataclass(frozen=True)
class Period:
    """One ChargingSchedulePeriod (§7.14).

    ``start`` is the startPeriod in seconds from the start of the schedule; in a
    :class:`CompositeSchedule` that is the start of the requested window. ``limit`` is in the
    schedule's chargingRateUnit. ``limit is None`` only occurs in a composite: no installed profile
    constrains that stretch (see :func:`~octt_py.smart_charging.composite_schedule`).
    """

    start: int
    limit: float | None
    number_phases: int | None = None

    def to_ocpp(self) -> dict[str, Any]:
        if self.limit is None:
            raise ValueError(
                f"period from +{self.start} s has no limit: no profile applies there; "
                "pass default_limit to composite_schedule to report one"
            )
        out: dict[str, Any] = {"startPeriod": self.start, "limit": self.limit}
        if self.number_phases is not None:
            out["numberPhases"] = self.number_phases
        return out

    @classmethod
    def from_ocpp(cls, data: Mapping[str, Any]) -> Period:
        data = _camelize(data)
        phases = data.get("numberPhases")
        return cls(
            start=int(_require(data, "startPeriod", "chargingSchedulePeriod")),
            limit=float(_require(data, "limit", "chargingSchedulePeriod")),
            number_phases=None if phases is None else int(phases),
        )


@dataclass(frozen=True)
class Transaction:
    """The transaction on the connector: its transactionId and when it started.

    ``start`` anchors Relative schedules (§7.9) and ``id`` selects the TxProfiles that apply
    (§7.8 transactionId). ``id`` may be ``None`` for a transaction the Central System has not
    numbered yet (§5.16.2, a profile given in RemoteStartTransaction).
    """

    id: int | None
    start: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", utc(self.start, "transaction start"))


@dataclass(frozen=True)
class ChargingProfile:
    """One installed charging profile (§7.8) with its schedule (§7.13) flattened in.

    ``connector_id`` is the connectorId of the SetChargingProfile.req that installed it (§6.43):
    it is not part of csChargingProfiles. Nothing is validated here beyond types, so that a
    malformed profile from a CSMS can still be described by
    :func:`~octt_py.smart_charging.profile_problems`.
    """

    id: int
    stack_level: int
    purpose: str
    kind: str
    unit: str
    periods: tuple[Period, ...]
    connector_id: int = 0
    transaction_id: int | None = None
    recurrency: str | None = None
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    start_schedule: datetime | None = None
    duration: int | None = None
    min_charging_rate: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "periods", tuple(self.periods))
        for name in ("valid_from", "valid_to", "start_schedule"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, utc(value, name))

    @classmethod
    def from_ocpp(cls, payload: Mapping[str, Any], *, connector_id: int | None = None
                  ) -> ChargingProfile:
        """From a csChargingProfiles object, or a whole SetChargingProfile.req.

        With a whole request the connectorId comes from it; with a bare csChargingProfiles it
        comes from ``connector_id`` (default 0). Raises :class:`ValueError` naming the first
        missing required field or unreadable time.
        """
        data = _camelize(payload)
        if "csChargingProfiles" in data:
            if connector_id is None:
                connector_id = int(_require(data, "connectorId", "SetChargingProfile.req"))
            data = data["csChargingProfiles"]
        where = "csChargingProfiles"
        profile_id = int(_require(data, "chargingProfileId", where))
        stack_level = int(_require(data, "stackLevel", where))
        purpose = str(_require(data, "chargingProfilePurpose", where))
        kind = str(_require(data, "chargingProfileKind", where))
        schedule = _require(data, "chargingSchedule", where)
        unit = str(_require(schedule, "chargingRateUnit", "chargingSchedule"))
        periods = _require(schedule, "chargingSchedulePeriod", "chargingSchedule")
        transaction_id = data.get("transactionId")
        duration = schedule.get("duration")
        min_rate = schedule.get("minChargingRate")
        return cls(
            id=profile_id,
            stack_level=stack_level,
            purpose=purpose,
            kind=kind,
            unit=unit,
            periods=tuple(Period.from_ocpp(p) for p in periods),
            connector_id=0 if connector_id is None else connector_id,
            transaction_id=None if transaction_id is None else int(transaction_id),
            recurrency=data.get("recurrencyKind"),
            valid_from=_time_or_none(data, "validFrom"),
            valid_to=_time_or_none(data, "validTo"),
            start_schedule=_time_or_none(schedule, "startSchedule"),
            duration=None if duration is None else int(duration),
            min_charging_rate=None if min_rate is None else float(min_rate),
        )

    def to_ocpp(self) -> dict[str, Any]:
        """The csChargingProfiles object (camelCase, optional fields omitted when unset)."""
        schedule: dict[str, Any] = {}
        if self.duration is not None:
            schedule["duration"] = self.duration
        if self.start_schedule is not None:
            schedule["startSchedule"] = format_time(self.start_schedule)
        schedule["chargingRateUnit"] = self.unit
        schedule["chargingSchedulePeriod"] = [p.to_ocpp() for p in self.periods]
        if self.min_charging_rate is not None:
            schedule["minChargingRate"] = self.min_charging_rate
        out: dict[str, Any] = {"chargingProfileId": self.id}
        if self.transaction_id is not None:
            out["transactionId"] = self.transaction_id
        out["stackLevel"] = self.stack_level
        out["chargingProfilePurpose"] = self.purpose
        out["chargingProfileKind"] = self.kind
        if self.recurrency is not None:
            out["recurrencyKind"] = self.recurrency
        if self.valid_from is not None:
            out["validFrom"] = format_time(self.valid_from)
        if self.valid_to is not None:
            out["validTo"] = format_time(self.valid_to)
        out["chargingSchedule"] = schedule
        return out


@dataclass(frozen=True)
class CompositeSchedule:
    """A composite schedule as GetCompositeSchedule.conf reports it (§6.22, §5.7).

    ``start`` is scheduleStart (errata 3.57: the chargingSchedule itself carries no
    startSchedule); period starts are seconds from it. ``duration`` is ``None`` only for a
    parsed report that left it out.
    """

    start: datetime
    duration: int | None
    unit: str
    periods: tuple[Period, ...]
    connector_id: int = field(default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", utc(self.start, "scheduleStart"))
        object.__setattr__(self, "periods", tuple(self.periods))

    def to_ocpp(self) -> dict[str, Any]:
        """A GetCompositeSchedule.conf payload with status Accepted.

        Raises :class:`ValueError` when a period has no limit (nothing applies there and no
        ``default_limit`` was given): OCPP has no way to say "unconstrained".
        """
        schedule: dict[str, Any] = {}
        if self.duration is not None:
            schedule["duration"] = self.duration
        schedule["chargingRateUnit"] = self.unit
        schedule["chargingSchedulePeriod"] = [p.to_ocpp() for p in self.periods]
        return {
            "status": "Accepted",
            "connectorId": self.connector_id,
            "scheduleStart": format_time(self.start),
            "chargingSchedule": schedule,
        }

    @classmethod
    def from_ocpp(cls, payload: Mapping[str, Any]) -> CompositeSchedule:
        """From a GetCompositeSchedule.conf payload with a chargingSchedule.

        The start is scheduleStart, else (for a charge point that ignores errata 3.57) the
        chargingSchedule's startSchedule. Raises :class:`ValueError` when neither is there or
        the schedule is missing.
        """
        data = _camelize(payload)
        schedule = _require(data, "chargingSchedule", "GetCompositeSchedule.conf")
        start = data.get("scheduleStart") or schedule.get("startSchedule")
        if start is None:
            raise ValueError("GetCompositeSchedule.conf has no scheduleStart")
        duration = schedule.get("duration")
        periods = _require(schedule, "chargingSchedulePeriod", "chargingSchedule")
        return cls(
            start=parse_time(start, "scheduleStart"),
            duration=None if duration is None else int(duration),
            unit=str(_require(schedule, "chargingRateUnit", "chargingSchedule")),
            periods=tuple(Period.from_ocpp(p) for p in periods),
            connector_id=int(data.get("connectorId") or 0),
        )
