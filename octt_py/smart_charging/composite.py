"""The composite schedule of OCPP 1.6 §3.13, computed from first principles.

References are to OCPP 1.6 edition 2 and its errata sheet (v4.0, numbered as in the 2025-04
release). The rules, in the order they are applied at each instant:

1. **Which profiles concern the connector** (:func:`_applicable`, §3.13.1). ChargePointMaxProfile
   only at connectorId 0. TxDefaultProfile of the connector and of connectorId 0 ("applicable to
   all Connectors"), with or without a transaction. TxProfile of the connector, only while a
   transaction runs there and only if its transactionId is that transaction's (or absent,
   §5.16.2). For connectorId 0 (the grid connection, §5.7) only ChargePointMaxProfile.
2. **When a profile says something** (:func:`_period_at`). It must be valid (§7.8: from validFrom,
   inclusive, until validTo, exclusive) and its schedule must have a period in effect: the
   schedule has started (§7.9 kinds, below), its duration has not ended (§7.13; §5.16.4 "the
   remainder periods SHALL not be executed"), and a period with startPeriod <= the offset exists
   (the last such one is in effect; §7.14 "the value of StartPeriod also defines the stop time of
   the previous period").
3. **Stacking within a purpose** (:func:`_leading`, §3.13.2 with errata 3.7 and 3.43): the profile
   with the highest stackLevel among those that say something wins; a higher level that is not
   valid, or whose schedule has no period in effect, leaves the instant to lower levels ("fall
   back ... use a ChargingProfile with a lower stackLevel if available").
4. **TxProfile over TxDefaultProfile** (§3.13.1 "SHALL overrule ... for the duration of the
   current transaction"; errata 3.43 fall-back): the transaction level is the leading TxProfile
   where one says something, else the leading TxDefaultProfile.
5. **Combining purposes** (§3.13.3): the minimum of the ChargePointMaxProfile level and the
   transaction level, each converted to the requested unit first (below).

Schedule start per kind (§7.9, §7.13, §7.24):

* Absolute: startSchedule. Without one (malformed, see ``profile_problems``) §7.13 applies: "If
  absent the schedule will be relative to start of charging".
* Recurring: startSchedule anchors the recurrence; the occurrence in effect at ``t`` began at
  ``startSchedule + k * P`` (P = 86 400 s Daily, 604 800 s Weekly, absolute seconds: §3.13.7
  notes DST needs its own profile), ``k >= 0``. An occurrence lasts ``min(duration, P)`` (errata
  3.44: periods or duration beyond P are not executed). Without recurrencyKind the profile is
  evaluated as if it were not recurring.
* Relative: the transaction start; without a transaction, the start of the window ("now", the
  moment the GetCompositeSchedule.req is received, §5.7 errata 3.29) as if one started then.
  A startSchedule on a Relative profile is ignored.

Units (errata 3.69, §7.12): A is per phase, W is the total, ``W = A x voltage x phases`` with
``phases`` the period's numberPhases, or the ``phases`` argument where it has none (the errata
says 3 is assumed; the PICS default is 3). A converted limit is rounded *down* to 0.1 (the
schema's ``multipleOf 0.1`` for limit), so a composite never exceeds a limit it combines. The
numberPhases of a composite period is the lowest numberPhases among the periods combined (a
phase count is a limit too), ``None`` when none states one.

Time resolution: OCPP startPeriod is whole seconds. A change at a fractional offset from the
window start takes effect at the next whole second; with whole-second inputs this is exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal

from octt_py.smart_charging.model import (
    RECURRENCE_SECONDS,
    UNITS,
    ChargingProfile,
    CompositeSchedule,
    Period,
    Transaction,
    utc,
)

_SECOND = timedelta(seconds=1)
_TENTH = Decimal("0.1")

Limit = tuple[Decimal, int | None]
"""A limit in the requested unit and the numberPhases that came with it."""


# --- which profiles ----------------------------------------------------------------------------


class _Applicable:
    """The profiles that concern one connector, by purpose, each list highest precedence first."""

    def __init__(self, max_profiles: list[ChargingProfile], tx_default: list[ChargingProfile],
                 tx: list[ChargingProfile]) -> None:
        self.max_profiles = max_profiles
        self.tx_default = tx_default
        self.tx = tx

    def all(self) -> list[ChargingProfile]:
        return [*self.max_profiles, *self.tx_default, *self.tx]


def _refuse_duplicates(profiles: Iterable[ChargingProfile], purpose: str) -> None:
    """§3.13.2: one profile per stackLevel and purpose (per connector, errata 3.53)."""
    seen: dict[tuple[int, int], ChargingProfile] = {}
    for profile in profiles:
        key = (profile.connector_id, profile.stack_level)
        if key in seen:
            raise ValueError(
                f"two {purpose}s at stackLevel {profile.stack_level} on connectorId "
                f"{profile.connector_id} (chargingProfileId {seen[key].id} and {profile.id}); "
                "§3.13.2 allows one per stackLevel and purpose, the later replaces the earlier"
            )
        seen[key] = profile


def _applicable(profiles: Iterable[ChargingProfile], connector_id: int,
                transaction: Transaction | None) -> _Applicable:
    """Select by purpose, connector and transaction (§3.13.1) and order by precedence.

    Connector-specific and connector-0 TxDefaultProfiles are stacked together by stackLevel
    (§3.13.2: "Precedence ... is determined by ... StackLevel"); at the *same* stackLevel the
    connector's own profile goes first (§3.13.1: a connector-specific TxDefaultProfile replaces
    the connector-0 one "only for that specific connector"). Like any higher precedence it only
    shadows the other while it has a period in effect.
    """
    profiles = list(profiles)
    max_profiles = [p for p in profiles
                    if p.purpose == "ChargePointMaxProfile" and p.connector_id == 0]
    _refuse_duplicates(max_profiles, "ChargePointMaxProfile")
    max_profiles.sort(key=lambda p: -p.stack_level)
    if connector_id == 0:
        return _Applicable(max_profiles, [], [])
    tx_default = [p for p in profiles if p.purpose == "TxDefaultProfile"
                  and p.connector_id in (0, connector_id)]
    _refuse_duplicates(tx_default, "TxDefaultProfile")
    tx_default.sort(key=lambda p: (-p.stack_level, p.connector_id == 0))
    tx: list[ChargingProfile] = []
    if transaction is not None:
        tx = [p for p in profiles if p.purpose == "TxProfile" and p.connector_id == connector_id
              and p.transaction_id in (None, transaction.id)]
        _refuse_duplicates(tx, "TxProfile")
        tx.sort(key=lambda p: -p.stack_level)
    return _Applicable(max_profiles, tx_default, tx)


# --- one profile at one instant ----------------------------------------------------------------


def _valid(profile: ChargingProfile, t: datetime) -> bool:
    """§7.8 validFrom ("starts to be valid", inclusive) / validTo ("stops to be valid")."""
    if profile.valid_from is not None and t < profile.valid_from:
        return False
    return profile.valid_to is None or t < profile.valid_to


def _recurrence(profile: ChargingProfile) -> timedelta | None:
    if profile.kind != "Recurring" or profile.recurrency not in RECURRENCE_SECONDS:
        return None
    return timedelta(seconds=RECURRENCE_SECONDS[profile.recurrency])


def _base(profile: ChargingProfile, anchor: datetime) -> datetime:
    """The (first) start of the schedule (§7.9, §7.13)."""
    if profile.kind == "Relative" or profile.start_schedule is None:
        return anchor
    return profile.start_schedule


def _length(profile: ChargingProfile) -> timedelta | None:
    """How long one run of the schedule lasts: duration, capped by the recurrence (errata 3.44)."""
    length = None if profile.duration is None else timedelta(seconds=profile.duration)
    recurrence = _recurrence(profile)
    if recurrence is not None:
        length = recurrence if length is None else min(length, recurrence)
    return length


def _origin(profile: ChargingProfile, t: datetime, anchor: datetime) -> datetime | None:
    """The start of the run of the schedule in effect at ``t``; ``None`` before the first."""
    base = _base(profile, anchor)
    if t < base:
        return None
    recurrence = _recurrence(profile)
    if recurrence is None:
        return base
    return base + ((t - base) // recurrence) * recurrence


def _period_at(profile: ChargingProfile, t: datetime, anchor: datetime) -> Period | None:
    """The period of ``profile`` in effect at ``t``, ``None`` when it says nothing then."""
    if not _valid(profile, t):
        return None
    origin = _origin(profile, t, anchor)
    if origin is None:
        return None
    offset = t - origin
    length = _length(profile)
    if length is not None and offset >= length:
        return None
    current = None
    for period in sorted(profile.periods, key=lambda p: p.start):
        if timedelta(seconds=period.start) <= offset:
            current = period
        else:
            break
    return current


def _breakpoints(profile: ChargingProfile, begin: datetime, end: datetime,
                 anchor: datetime) -> set[datetime]:
    """Every instant in ``(begin, end)`` at which what ``profile`` says may change."""
    points: set[datetime] = set()
    for bound in (profile.valid_from, profile.valid_to):
        if bound is not None:
            points.add(bound)
    base = _base(profile, anchor)
    length = _length(profile)
    recurrence = _recurrence(profile)
    origins = [base]
    if recurrence is not None:
        k = max(0, (begin - base) // recurrence)
        origins = []
        while base + k * recurrence < end:
            origins.append(base + k * recurrence)
            k += 1
    for origin in origins:
        for period in profile.periods:
            points.add(origin + timedelta(seconds=period.start))
        if length is not None:
            points.add(origin + length)
    return {p for p in points if begin < p < end}


# --- combining ---------------------------------------------------------------------------------


def _leading(profiles: Sequence[ChargingProfile], t: datetime, anchor: datetime
             ) -> tuple[ChargingProfile, Period] | None:
    """§3.13.2: the first (highest precedence) profile that says something at ``t``."""
    for profile in profiles:
        period = _period_at(profile, t, anchor)
        if period is not None:
            return profile, period
    return None


def _convert(limit: float, from_unit: str, to_unit: str, voltage: float, phases: int) -> Decimal:
    """Errata 3.69: W = A x voltage x phases; converted values rounded down to 0.1."""
    value = Decimal(repr(float(limit)))
    if from_unit == to_unit:
        return value
    factor = Decimal(repr(float(voltage))) * phases
    value = value * factor if to_unit == "W" else value / factor
    return value.quantize(_TENTH, rounding=ROUND_FLOOR)


def _combined(applicable: _Applicable, t: datetime, anchor: datetime, unit: str,
              voltage: float, phases: int) -> Limit | None:
    """§3.13.3: min(ChargePointMaxProfile, TxProfile else TxDefaultProfile) at ``t``."""
    chosen = [_leading(applicable.max_profiles, t, anchor),
              _leading(applicable.tx, t, anchor) or _leading(applicable.tx_default, t, anchor)]
    found = [c for c in chosen if c is not None]
    if not found:
        return None
    values = []
    for profile, period in found:
        if period.limit is None:
            raise ValueError(f"chargingProfileId {profile.id}: period from +{period.start} s "
                             "has no limit")
        values.append(_convert(period.limit, profile.unit, unit, voltage,
                               period.number_phases or phases))
    stated = [period.number_phases for _, period in found if period.number_phases is not None]
    return min(values), (min(stated) if stated else None)


def _check(unit: str, voltage: float, phases: int) -> None:
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not A or W")
    if not voltage > 0:
        raise ValueError(f"voltage {voltage} is not positive")
    if phases not in (1, 2, 3):
        raise ValueError(f"phases {phases} is not 1, 2 or 3")


def limit_at(profiles: Iterable[ChargingProfile], instant: datetime, *, connector_id: int,
             unit: str, voltage: float, phases: int, transaction: Transaction | None = None,
             now: datetime | None = None) -> float | None:
    """The composite limit at one instant, in ``unit``; ``None`` when no profile applies.

    ``now`` anchors Relative schedules when there is no transaction (the start of the composite
    window; default ``instant``). Same rules, conversion and rounding as
    :func:`composite_schedule`.
    """
    _check(unit, voltage, phases)
    instant = utc(instant, "instant")
    anchor = transaction.start if transaction is not None else utc(now or instant, "now")
    found = _combined(_applicable(profiles, connector_id, transaction), instant, anchor, unit,
                      voltage, phases)
    return None if found is None else float(found[0])


def _ceil_seconds(delta: timedelta) -> int:
    whole, rest = divmod(delta, _SECOND)
    return int(whole) + (1 if rest else 0)


def composite_schedule(profiles: Iterable[ChargingProfile], *, connector_id: int,
                       start: datetime, duration: int, unit: str, voltage: float, phases: int,
                       transaction: Transaction | None = None,
                       default_limit: float | None = None) -> CompositeSchedule:
    """The composite schedule for ``connector_id`` over ``[start, start + duration)`` (§5.7).

    ``profiles`` are the installed profiles (at most one per purpose, stackLevel and connector:
    §3.13.2; a duplicate raises :class:`ValueError`). ``transaction`` is the one running on the
    connector, if any. ``unit`` is the requested chargingRateUnit, ``voltage`` and ``phases`` come
    from the PICS (see the module docstring for the conversion).

    Where no profile applies, the period's limit is ``default_limit`` (in ``unit``) if given (what
    the charge point reports as its own maximum: §3.13.6 "as if no constraints apply"), else ``None``
    ("no profile constrains this", which ``first_difference`` accepts any reported value for and
    ``to_ocpp`` refuses). ``default_limit`` is not combined with profile limits. Adjacent periods
    with equal limit and numberPhases are merged; the first period starts at 0.
    """
    _check(unit, voltage, phases)
    if duration < 0:
        raise ValueError(f"duration {duration} is negative")
    start = utc(start, "start")
    end = start + timedelta(seconds=duration)
    applicable = _applicable(profiles, connector_id, transaction)
    anchor = transaction.start if transaction is not None else start
    points = {start}
    for profile in applicable.all():
        points |= _breakpoints(profile, start, end, anchor)
    offsets = sorted({_ceil_seconds(p - start) for p in points} - {duration})
    periods: list[Period] = []
    for offset in offsets:
        found = _combined(applicable, start + timedelta(seconds=offset), anchor, unit, voltage,
                          phases)
        if found is None:
            period = Period(offset, default_limit, None)
        else:
            period = Period(offset, float(found[0]), found[1])
        if periods and (periods[-1].limit, periods[-1].number_phases) == (
                period.limit, period.number_phases):
            continue
        periods.append(period)
    return CompositeSchedule(start=start, duration=duration, unit=unit, periods=tuple(periods),
                             connector_id=connector_id)
