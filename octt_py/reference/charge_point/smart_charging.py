"""Charging profiles (OCPP 1.6 section 3.13): the installed stack and the composite schedule.

Deliberately simple but correct for the certified cases: per time instant, the highest stack
level of each purpose that is valid and has a period there wins; the transaction level is
TxProfile, else TxDefaultProfile (connector-specific before connector 0); the result is the
minimum of that and ChargePointMaxProfile. Limits convert between A and W with the PICS
voltage and the period's number of phases.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from ocpp.v16.enums import ChargingProfilePurposeType as Purpose

from octt_py.reference.charge_point.clock import format_time, parse_time

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
HARDWARE_LIMIT_A = 32.0  # per phase; what applies where no profile does


@dataclass(frozen=True)
class Period:
    start: int
    limit: float
    phases: int | None


@dataclass(frozen=True)
class ChargingProfile:
    connector_id: int
    profile_id: int
    stack_level: int
    purpose: str
    kind: str
    unit: str
    periods: tuple[Period, ...]
    duration: int | None = None
    start_schedule: datetime | None = None
    recurrency: str | None = None
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    transaction_id: int | None = None
    min_rate: float | None = None

    @classmethod
    def from_payload(cls, connector_id: int, data: dict[str, Any]) -> ChargingProfile:
        """From a snake_case csChargingProfiles as the ocpp library hands it over."""
        schedule = data["charging_schedule"]
        periods = tuple(
            Period(int(p["start_period"]), float(p["limit"]), p.get("number_phases"))
            for p in schedule["charging_schedule_period"]
        )

        def when(value: str | None) -> datetime | None:
            return parse_time(value) if value else None

        return cls(
            connector_id=connector_id,
            profile_id=int(data["charging_profile_id"]),
            stack_level=int(data["stack_level"]),
            purpose=data["charging_profile_purpose"],
            kind=data["charging_profile_kind"],
            unit=schedule["charging_rate_unit"],
            periods=tuple(sorted(periods, key=lambda p: p.start)),
            duration=schedule.get("duration"),
            start_schedule=when(schedule.get("start_schedule")),
            recurrency=data.get("recurrency_kind"),
            valid_from=when(data.get("valid_from")),
            valid_to=when(data.get("valid_to")),
            transaction_id=data.get("transaction_id"),
            min_rate=schedule.get("min_charging_rate"),
        )

    def bind(self, transaction_id: int | None) -> ChargingProfile:
        return replace(self, transaction_id=transaction_id)

    def schedule_start(self, at: datetime, tx_start: datetime | None) -> datetime | None:
        """When the schedule's period 0 began for instant ``at`` (None: not started)."""
        if self.kind == "Relative":
            return tx_start
        anchor = self.start_schedule or self.valid_from
        if anchor is None:
            return None
        if self.kind == "Recurring" and at >= anchor:
            step = WEEK if self.recurrency == "Weekly" else DAY
            return anchor + step * ((at - anchor) // step)
        return anchor

    def limit_at(self, at: datetime, tx_start: datetime | None) -> Period | None:
        if self.valid_from is not None and at < self.valid_from:
            return None
        if self.valid_to is not None and at >= self.valid_to:
            return None
        start = self.schedule_start(at, tx_start)
        if start is None or at < start:
            return None
        offset = (at - start).total_seconds()
        if self.duration is not None and offset >= self.duration:
            return None
        current = None
        for period in self.periods:
            if period.start <= offset:
                current = period
        return current

    def boundaries(self, begin: datetime, end: datetime,
                   tx_start: datetime | None) -> set[datetime]:
        """Instants in [begin, end) where this profile's limit may change."""
        points = {t for t in (self.valid_from, self.valid_to) if t is not None}
        starts: list[datetime] = []
        if self.kind == "Recurring":
            first = self.schedule_start(begin, tx_start)
            step = WEEK if self.recurrency == "Weekly" else DAY
            while first is not None and first < end:
                starts.append(first)
                first += step
        else:
            start = self.schedule_start(begin, tx_start)
            if start is not None:
                starts.append(start)
        for start in starts:
            points.update(start + timedelta(seconds=p.start) for p in self.periods)
            if self.duration is not None:
                points.add(start + timedelta(seconds=self.duration))
        return {p for p in points if begin <= p < end}

    def to_json(self) -> dict[str, Any]:
        schedule: dict[str, Any] = {
            "chargingRateUnit": self.unit,
            "chargingSchedulePeriod": [
                {"startPeriod": p.start, "limit": p.limit}
                | ({"numberPhases": p.phases} if p.phases is not None else {})
                for p in self.periods
            ],
        }
        if self.duration is not None:
            schedule["duration"] = self.duration
        if self.start_schedule is not None:
            schedule["startSchedule"] = format_time(self.start_schedule)
        data: dict[str, Any] = {
            "connectorId": self.connector_id,
            "chargingProfileId": self.profile_id,
            "stackLevel": self.stack_level,
            "chargingProfilePurpose": self.purpose,
            "chargingProfileKind": self.kind,
            "chargingSchedule": schedule,
        }
        if self.transaction_id is not None:
            data["transactionId"] = self.transaction_id
        return data


@dataclass(frozen=True)
class Selection:
    """ClearChargingProfile's criteria: the id if given, else every given field."""

    profile_id: int | None = None
    connector_id: int | None = None
    purpose: str | None = None
    stack_level: int | None = None

    def matches(self, profile: ChargingProfile) -> bool:
        if self.profile_id is not None:
            return profile.profile_id == self.profile_id
        return ((self.connector_id is None or profile.connector_id == self.connector_id)
                and (self.purpose is None or profile.purpose == self.purpose)
                and (self.stack_level is None or profile.stack_level == self.stack_level))


class ProfileStore:
    """The installed charging profiles; non-volatile except TxProfiles, which end with their
    transaction."""

    def __init__(self, voltage: float, phases: int) -> None:
        self._profiles: list[ChargingProfile] = []
        self._voltage = voltage
        self._phases = phases

    def __len__(self) -> int:
        return len(self._profiles)

    def all(self) -> list[ChargingProfile]:
        return list(self._profiles)

    def fits(self, profile: ChargingProfile, max_installed: int) -> bool:
        """Whether installing ``profile`` stays within MaxChargingProfilesInstalled."""
        return len(self._without_replaced(profile)) < max_installed

    def install(self, profile: ChargingProfile) -> None:
        """Add, replacing a profile with the same id, or with the same stack level, purpose
        and connector (OCPP 1.6 section 5.16.2)."""
        self._profiles = self._without_replaced(profile) + [profile]

    def _without_replaced(self, profile: ChargingProfile) -> list[ChargingProfile]:
        return [
            p for p in self._profiles
            if p.profile_id != profile.profile_id
            and not (p.stack_level == profile.stack_level and p.purpose == profile.purpose
                     and p.connector_id == profile.connector_id)
        ]

    def matching(self, selection: Selection) -> list[ChargingProfile]:
        return [p for p in self._profiles if selection.matches(p)]

    def clear(self, selection: Selection) -> None:
        self._profiles = [p for p in self._profiles if not selection.matches(p)]

    def end_transaction(self, connector_id: int) -> None:
        """TxProfiles live only as long as their transaction."""
        self._profiles = [
            p for p in self._profiles
            if not (p.purpose == Purpose.tx_profile and p.connector_id == connector_id)
        ]

    def composite(self, connector_id: int, begin: datetime, duration: int, unit: str,
                  tx_start: datetime | None, lowest_wins: bool = False) -> list[Period]:
        """The merged schedule for [begin, begin + duration), periods relative to ``begin``."""
        end = begin + timedelta(seconds=duration)
        relevant = self._relevant(connector_id, tx_start is not None)
        tx_start = tx_start or begin  # Relative profiles without a transaction: as if it began now
        points = {begin}
        for profile in relevant:
            points |= profile.boundaries(begin, end, tx_start)
        periods: list[Period] = []
        for at in sorted(points):
            limit, phases = self._limit(relevant, connector_id, at, unit, tx_start, lowest_wins)
            offset = int((at - begin).total_seconds())
            if periods and periods[-1].start == offset:  # sub-second step: the later one holds
                periods.pop()
            if periods and periods[-1].limit == limit and periods[-1].phases == phases:
                continue
            periods.append(Period(offset, limit, phases))
        return periods

    def limit_w(self, connector_id: int, at: datetime, tx_start: datetime | None) -> float:
        relevant = self._relevant(connector_id, tx_start is not None)
        return self._limit(relevant, connector_id, at, "W", tx_start, False)[0]

    def _relevant(self, connector_id: int, in_transaction: bool) -> list[ChargingProfile]:
        wanted = {0, connector_id}
        return [p for p in self._profiles if p.connector_id in wanted
                and (p.purpose != Purpose.tx_profile or (in_transaction and connector_id > 0))]

    def _limit(self, profiles: list[ChargingProfile], connector_id: int, at: datetime, unit: str,
               tx_start: datetime | None, lowest_wins: bool) -> tuple[float, int | None]:
        def winner(candidates: list[ChargingProfile]) -> Period | None:
            ordered = sorted(candidates, key=lambda p: p.stack_level, reverse=not lowest_wins)
            for profile in ordered:
                period = profile.limit_at(at, tx_start)
                if period is not None:
                    return self._convert(period, profile.unit, unit)
            return None

        def of(purpose: str, connectors: set[int]) -> list[ChargingProfile]:
            return [p for p in profiles if p.purpose == purpose and p.connector_id in connectors]

        tx_level = winner(of(Purpose.tx_profile, {connector_id}))
        if tx_level is None:
            tx_level = winner(of(Purpose.tx_default_profile, {connector_id}))
        if tx_level is None and connector_id != 0:
            tx_level = winner(of(Purpose.tx_default_profile, {0}))
        cp_max = winner(of(Purpose.charge_point_max_profile, {0}))
        limits = [p for p in (tx_level, cp_max) if p is not None]
        if not limits:
            hardware = self._convert(Period(0, HARDWARE_LIMIT_A, None), "A", unit)
            return hardware.limit, None
        best = min(limits, key=lambda p: p.limit)
        return best.limit, best.phases

    def _convert(self, period: Period, from_unit: str, to_unit: str) -> Period:
        limit = period.limit
        if from_unit != to_unit:
            factor = self._voltage * (period.phases or self._phases)
            limit = limit * factor if to_unit == "W" else limit / factor
        return Period(period.start, round(limit, 1), period.phases)
