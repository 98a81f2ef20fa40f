"""Charging profiles (OCPP 1.6 §3.13, §5.16, §7.8-7.16, errata v4.0): the installed stack and
the composite schedule.

Written independently of the harness's oracle (``octt_py.smart_charging``) so that each checks
the other; both follow the same reading of the specification:

- **Which profiles** (§3.13.1): ChargePointMaxProfile only at connector 0; TxDefaultProfile of
  the connector and of connector 0, with or without a transaction; TxProfile of the connector
  only while a transaction runs there and only for that transaction (its transactionId, or none
  for a profile that came with RemoteStartTransaction). Connector 0's composite is the grid
  connection (§5.7): ChargePointMaxProfile only.
- **When a profile speaks**: valid from validFrom (inclusive) to validTo (exclusive); its
  schedule started (Absolute: startSchedule, or the start of charging without one, §7.13;
  Relative: the transaction start; Recurring: startSchedule + k x 24 h / 7 d) and not past its
  duration, capped at the recurrence period (§5.16.4 errata: the remainder is not executed).
  Without a transaction "the start of charging" is the moment asked about, as if a transaction
  began then.
- **Stacking** (§3.13.2): per purpose the highest stackLevel that speaks wins; one that is not
  valid or past its duration leaves the time to lower levels. The connector's TxDefaultProfile
  and connector 0's are one stack; at equal stackLevel the connector's own goes first.
- **Purposes** (§3.13.1, §3.13.3): TxProfile overrules TxDefaultProfile; the result is the
  minimum of that and ChargePointMaxProfile.
- **Units** (errata 3.69): A per phase, W total, W = A x voltage x phases (the period's
  numberPhases, else the PICS phases); a converted limit is rounded down to 0.1 so it never
  exceeds what it came from. A composite period's numberPhases is the lowest stated.
- **Where nothing applies**: the charge point's own maximum, HARDWARE_LIMIT_A per phase
  (§3.13.6 "as if no constraints apply"; the value is the product's, not the specification's).
- Time: changes take effect at the next whole second of the composite (startPeriod is whole
  seconds).

Planted faults are switched here (``faults`` passed to :meth:`ProfileStore.composite`), each at
one place.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from ocpp.v16.enums import ChargingProfilePurposeType as Purpose

from octt_py.reference.charge_point.clock import format_time, now, parse_time

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
    installed_at: datetime | None = None

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

    # -- the schedule in time ------------------------------------------------------------------

    def recurrence(self) -> timedelta | None:
        if self.kind != "Recurring" or self.recurrency not in ("Daily", "Weekly"):
            return None
        return WEEK if self.recurrency == "Weekly" else DAY

    def run_length(self) -> timedelta | None:
        """How long one run of the schedule lasts: its duration, at most the recurrence."""
        length = None if self.duration is None else timedelta(seconds=self.duration)
        recurrence = self.recurrence()
        if recurrence is not None:
            length = recurrence if length is None else min(length, recurrence)
        return length

    def first_start(self, anchor: datetime) -> datetime:
        """Relative, or no startSchedule: the start of charging (``anchor``); else startSchedule."""
        if self.kind == "Relative" or self.start_schedule is None:
            return anchor
        return self.start_schedule

    def run_start(self, at: datetime, anchor: datetime) -> datetime | None:
        """When the run of the schedule in effect at ``at`` began (None: not begun yet)."""
        first = self.first_start(anchor)
        if at < first:
            return None
        recurrence = self.recurrence()
        if recurrence is None:
            return first
        return first + recurrence * ((at - first) // recurrence)

    def valid_at(self, at: datetime, faults: Container[str] = ()) -> bool:
        if self.valid_from is not None and at < self.valid_from:
            return False
        if "composite_ignores_valid_to" in faults:
            return True
        return self.valid_to is None or at < self.valid_to

    def period_at(self, at: datetime, anchor: datetime,
                  faults: Container[str] = ()) -> Period | None:
        """The period in effect at ``at``; None when the profile says nothing then."""
        if not self.valid_at(at, faults):
            return None
        start = self.run_start(at, anchor)
        if start is None:
            return None
        offset = at - start
        length = self.run_length()
        if length is not None and offset >= length:
            return None
        current = None
        for period in self.periods:
            if timedelta(seconds=period.start) <= offset:
                current = period
        return current

    def boundaries(self, begin: datetime, end: datetime, anchor: datetime) -> set[datetime]:
        """Instants in (begin, end) where what this profile says may change."""
        points = {t for t in (self.valid_from, self.valid_to) if t is not None}
        first = self.first_start(anchor)
        recurrence = self.recurrence()
        starts = [first]
        if recurrence is not None:
            run = first + recurrence * max(0, (begin - first) // recurrence)
            starts = []
            while run < end:
                starts.append(run)
                run += recurrence
        length = self.run_length()
        for start in starts:
            points.update(start + timedelta(seconds=p.start) for p in self.periods)
            if length is not None:
                points.add(start + length)
        return {p for p in points if begin < p < end}

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


@dataclass(frozen=True)
class _Running:
    """The transaction on the connector a composite is for."""

    transaction_id: int | None  # None: not numbered by the Central System yet
    start: datetime


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
        and connector (OCPP 1.6 section 5.16.3)."""
        self._profiles = self._without_replaced(profile) + [replace(profile, installed_at=now())]

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

    # -- the composite schedule ----------------------------------------------------------------

    def composite(self, connector_id: int, begin: datetime, duration: int, unit: str,
                  tx_start: datetime | None, transaction_id: int | None = None,
                  faults: Container[str] = ()) -> list[Period]:
        """The merged schedule for [begin, begin + duration), periods relative to ``begin``."""
        end = begin + timedelta(seconds=duration)
        running = None if tx_start is None else _Running(transaction_id, tx_start)
        stacks = self._stacks(connector_id, running, faults)
        anchor = tx_start or begin  # no transaction: as if one began now
        points = {begin}
        for profile in [p for stack in stacks for p in stack]:
            points |= profile.boundaries(begin, end, anchor)
        offsets = sorted({_whole_seconds_up(p - begin) for p in points})
        periods: list[Period] = []
        for offset in offsets:
            if offset >= duration:
                break
            at = begin + timedelta(seconds=offset)
            limit, phases = self._limit(stacks, at, anchor, unit, faults)
            if periods and (periods[-1].limit, periods[-1].phases) == (limit, phases):
                continue
            periods.append(Period(offset, limit, phases))
        return periods

    def limit_w(self, connector_id: int, at: datetime, tx_start: datetime | None,
                transaction_id: int | None = None) -> float:
        """The limit in W at ``at`` (the meter and the Charging / SuspendedEVSE status use it)."""
        running = None if tx_start is None else _Running(transaction_id, tx_start)
        stacks = self._stacks(connector_id, running, ())
        return self._limit(stacks, at, tx_start or at, "W", ())[0]

    def _stacks(self, connector_id: int, running: _Running | None, faults: Container[str]
                ) -> tuple[list[ChargingProfile], list[ChargingProfile], list[ChargingProfile]]:
        """ChargePointMaxProfile, TxDefaultProfile and TxProfile stacks, precedence first."""
        reverse = "composite_ignores_stack_level" not in faults  # highest stackLevel first

        def stacked(profiles: list[ChargingProfile]) -> list[ChargingProfile]:
            # sort is stable: at equal stackLevel the connector's own profile stays first
            ordered = sorted(profiles, key=lambda p: p.connector_id == 0)
            return sorted(ordered, key=lambda p: p.stack_level, reverse=reverse)

        cp_max = stacked([p for p in self._profiles if p.purpose == Purpose.charge_point_max_profile
                          and p.connector_id == 0])
        if connector_id == 0:
            return cp_max, [], []
        tx_default = [p for p in self._profiles if p.purpose == Purpose.tx_default_profile
                      and p.connector_id in (0, connector_id)]
        if ("tx_default_ignored_during_transaction" in faults and running is not None):
            tx_default = [p for p in tx_default
                          if p.installed_at is None or p.installed_at <= running.start]
        tx: list[ChargingProfile] = []
        if running is not None:
            tx = [p for p in self._profiles if p.purpose == Purpose.tx_profile
                  and p.connector_id == connector_id
                  and (running.transaction_id is None
                       or p.transaction_id in (None, running.transaction_id))]
        if tx and "tx_profile_replaces_tx_default" in faults:
            tx_default = []
        return cp_max, stacked(tx_default), stacked(tx)

    def _limit(self, stacks: tuple[list[ChargingProfile], ...], at: datetime, anchor: datetime,
               unit: str, faults: Container[str]) -> tuple[float, int | None]:
        cp_max, tx_default, tx = stacks

        def leading(candidates: list[ChargingProfile]) -> tuple[ChargingProfile, Period] | None:
            for profile in candidates:
                period = profile.period_at(at, anchor, faults)
                if period is not None:
                    return profile, period
            return None

        if "tx_profile_stacked_with_tx_default" in faults:
            merged = sorted(tx + tx_default, key=lambda p: p.stack_level, reverse=True)
            tx_level = leading(merged)
        else:
            tx_level = leading(tx) or leading(tx_default)
        chosen = [tx_level]
        if "composite_ignores_charge_point_max" not in faults:
            chosen.append(leading(cp_max))
        found = [c for c in chosen if c is not None]
        if not found:
            return self._convert(HARDWARE_LIMIT_A, None, "A", unit, faults), None
        limits = [self._convert(period.limit, period.phases, profile.unit, unit, faults)
                  for profile, period in found]
        stated = [period.phases for _, period in found if period.phases is not None]
        return min(limits), (min(stated) if stated else None)

    def _convert(self, limit: float, phases: int | None, from_unit: str, to_unit: str,
                 faults: Container[str]) -> float:
        """Errata 3.69: W = A x voltage x phases; a converted limit is rounded down to 0.1."""
        if from_unit == to_unit:
            return float(limit)
        count = phases or self._phases
        if "composite_wrong_unit_conversion" in faults:
            count = 1
        factor = Decimal(repr(float(self._voltage))) * count
        value = Decimal(repr(float(limit)))
        value = value * factor if to_unit == "W" else value / factor
        return float(value.quantize(Decimal("0.1"), rounding=ROUND_FLOOR))


def _whole_seconds_up(delta: timedelta) -> int:
    """A change at a fractional second takes effect at the next whole second."""
    seconds, rest = divmod(delta, timedelta(seconds=1))
    return int(seconds) + (1 if rest else 0)
