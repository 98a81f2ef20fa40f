"""Properties of the composite schedule over generated profile sets (hypothesis)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from octt_py.smart_charging import (
    ChargingProfile,
    CompositeSchedule,
    Period,
    Transaction,
    composite_schedule,
    limit_at,
)

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
VOLTAGE = 230.0
PHASES = 3
MAX_WINDOW = 3 * 86400

SETTINGS = settings(max_examples=100, deadline=None)

times = st.integers(-8 * 86400, MAX_WINDOW).map(lambda s: T0 + timedelta(seconds=s))
near = st.integers(-86400, 3600).map(lambda s: T0 + timedelta(seconds=s))
rarely = st.sampled_from([False, False, True])  # validity limits and durations on some profiles


@st.composite
def periods(draw: st.DrawFn, unit: str) -> tuple[Period, ...]:
    starts = draw(st.lists(st.integers(1, 100_000), max_size=4, unique=True))
    top = 64 if unit == "A" else 44_160
    return tuple(
        Period(start, float(draw(st.integers(0, top))), draw(st.none() | st.integers(1, 3)))
        for start in [0, *sorted(starts)])


@st.composite
def profiles(draw: st.DrawFn, purposes: tuple[str, ...] = (
        "ChargePointMaxProfile", "TxDefaultProfile", "TxProfile")) -> ChargingProfile:
    purpose = draw(st.sampled_from(purposes))
    connector = {"ChargePointMaxProfile": st.just(0),
                 "TxDefaultProfile": st.sampled_from([0, 1, 2]),
                 "TxProfile": st.sampled_from([1, 2])}[purpose]
    kind = draw(st.sampled_from(["Absolute", "Recurring", "Relative"]))
    unit = draw(st.sampled_from(["A", "W"]))
    limited = draw(rarely)
    valid_from = draw(times) if limited and draw(st.booleans()) else None
    return ChargingProfile(
        id=draw(st.integers(1, 1000)),
        stack_level=draw(st.integers(0, 4)),
        purpose=purpose,
        kind=kind,
        unit=unit,
        periods=draw(periods(unit)),
        connector_id=draw(connector),
        transaction_id=draw(st.sampled_from([None, 5, 6])) if purpose == "TxProfile" else None,
        recurrency=draw(st.sampled_from(["Daily", "Weekly"])) if kind == "Recurring" else None,
        valid_from=valid_from,
        valid_to=draw(times.filter(lambda t: valid_from is None or t > valid_from))
        if limited and draw(st.booleans()) else None,
        start_schedule=None if kind == "Relative" else draw(near | times),
        duration=draw(st.integers(1, 200_000)) if draw(rarely) else None,
    )


def installed(purposes: tuple[str, ...] = ("ChargePointMaxProfile", "TxDefaultProfile",
                                           "TxProfile"), min_size: int = 2, max_size: int = 6
              ) -> st.SearchStrategy[list[ChargingProfile]]:
    """At most one profile per purpose, connector and stack level (§3.13.2)."""
    return st.lists(profiles(purposes), min_size=min_size, max_size=max_size,
                    unique_by=lambda p: (p.purpose, p.connector_id, p.stack_level))


@st.composite
def capped(draw: st.DrawFn) -> list[ChargingProfile]:
    """One or two ChargePointMaxProfiles over transaction-level profiles."""
    maximum = draw(installed(("ChargePointMaxProfile",), min_size=1, max_size=2))
    return maximum + draw(installed(("TxDefaultProfile", "TxProfile"), min_size=1, max_size=4))


transactions = st.sampled_from([None]) | st.builds(
    Transaction, st.just(5), st.integers(-86400, 0).map(lambda s: T0 + timedelta(seconds=s)))

windows = st.fixed_dictionaries({
    "connector_id": st.sampled_from([1, 1, 1, 2, 0]),
    "duration": st.integers(1, MAX_WINDOW),
    "unit": st.sampled_from(["A", "W"]),
    "transaction": transactions,
})


def compose(profile_set: list[ChargingProfile], window: dict[str, Any]) -> CompositeSchedule:
    return composite_schedule(profile_set, start=T0, voltage=VOLTAGE, phases=PHASES, **window)


def value(schedule: CompositeSchedule, offset: int) -> float | None:
    current = None
    for period in schedule.periods:
        if period.start <= offset:
            current = period.limit
    return current


def instants(*schedules: CompositeSchedule) -> list[int]:
    return sorted({p.start for s in schedules for p in s.periods})


def alone(profile: ChargingProfile, window: dict[str, Any], offset: int) -> float | None:
    return limit_at([profile], T0 + timedelta(seconds=offset), now=T0, voltage=VOLTAGE,
                    phases=PHASES, **{k: v for k, v in window.items() if k != "duration"})


@SETTINGS
@given(capped(), windows)
def test_never_above_the_charge_point_maximum(profile_set: list[ChargingProfile],
                                              window: dict[str, Any]) -> None:
    composite = compose(profile_set, window)
    maximum = compose([p for p in profile_set if p.purpose == "ChargePointMaxProfile"], window)
    for offset in instants(composite, maximum):
        cap = value(maximum, offset)
        if cap is not None:
            got = value(composite, offset)
            assert got is not None and got <= cap


@st.composite
def stacked(draw: st.DrawFn) -> tuple[ChargingProfile, ChargingProfile, dict[str, Any]]:
    """Two profiles of one purpose that both concern connector 1, lower stack level first."""
    purpose = draw(st.sampled_from(["ChargePointMaxProfile", "TxDefaultProfile", "TxProfile"]))
    pair = draw(st.lists(profiles((purpose,)), min_size=2, max_size=2,
                         unique_by=lambda p: p.stack_level))
    connector = 0 if purpose == "ChargePointMaxProfile" else 1
    low, high = sorted((replace(p, connector_id=connector, transaction_id=None) for p in pair),
                       key=lambda p: p.stack_level)
    window = {**draw(windows), "connector_id": 1}
    if purpose == "TxProfile":
        window["transaction"] = draw(transactions.filter(lambda t: t is not None))
    return low, high, window


@SETTINGS
@given(stacked())
def test_higher_stack_level_wins_while_it_says_something(
        case: tuple[ChargingProfile, ChargingProfile, dict[str, Any]]) -> None:
    low, high, window = case
    composite = compose([low, high], window)
    for offset in instants(composite, compose([high], window), compose([low], window)):
        on_top = alone(high, window, offset)
        expected = on_top if on_top is not None else alone(low, window, offset)
        assert value(composite, offset) == expected


@SETTINGS
@given(installed(), windows, st.data())
def test_removing_a_profile_never_raises_a_limit_it_did_not_set(
        profile_set: list[ChargingProfile], window: dict[str, Any], data: st.DataObject) -> None:
    if not profile_set:
        return
    removed = data.draw(st.sampled_from(profile_set))
    before = compose(profile_set, window)
    after = compose([p for p in profile_set if p is not removed], window)
    for offset in instants(before, after):
        was, now = value(before, offset), value(after, offset)
        raised = was is not None and (now is None or now > was)
        if raised:
            assert was == alone(removed, window, offset)


@SETTINGS
@given(installed(), windows, st.lists(st.integers(0, MAX_WINDOW - 1), max_size=20))
def test_piecewise_constant_within_the_window(profile_set: list[ChargingProfile],
                                              window: dict[str, Any], samples: list[int]) -> None:
    composite = compose(profile_set, window)
    starts = [p.start for p in composite.periods]
    assert starts[0] == 0
    assert all(a < b for a, b in itertools.pairwise(starts))
    assert starts[-1] < window["duration"]
    pairs = [(p.limit, p.number_phases) for p in composite.periods]
    assert all(a != b for a, b in itertools.pairwise(pairs))
    rest = {k: v for k, v in window.items() if k != "duration"}
    for offset in [*starts, *(s % window["duration"] for s in samples)]:
        expected = limit_at(profile_set, T0 + timedelta(seconds=offset), now=T0, voltage=VOLTAGE,
                            phases=PHASES, **rest)
        assert value(composite, offset) == expected
