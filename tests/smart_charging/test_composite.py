"""Hand-worked composite schedules: one per kind and recurrence, stacking, purposes, units."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from octt_py.smart_charging import (
    ChargingProfile,
    CompositeSchedule,
    Period,
    Transaction,
    composite_schedule,
    limit_at,
)

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)  # a Friday


def at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def profile(*periods: tuple[Any, ...], **fields: Any) -> ChargingProfile:
    """A TxDefaultProfile on connector 1, stack level 0, Absolute from T0, in A, unless told."""
    values: dict[str, Any] = {
        "id": 1, "stack_level": 0, "purpose": "TxDefaultProfile", "kind": "Absolute", "unit": "A",
        "connector_id": 1, "start_schedule": T0,
        "periods": tuple(Period(*p) for p in periods) or (Period(0, 16.0),)}
    values.update(fields)
    return ChargingProfile(**values)


def composite(profiles: list[ChargingProfile], **kw: Any) -> list[tuple[Any, ...]]:
    args: dict[str, Any] = {"connector_id": 1, "start": T0, "duration": 400, "unit": "A",
                            "voltage": 230.0, "phases": 3}
    args.update(kw)
    schedule = composite_schedule(profiles, **args)
    return [(p.start, p.limit) if p.number_phases is None else (p.start, p.limit, p.number_phases)
            for p in schedule.periods]


# --- kinds -------------------------------------------------------------------------------------


def test_absolute_runs_from_start_schedule_until_duration() -> None:
    # schedule began 60 s before the window: its +100 s boundary is the window's +40 s
    p = profile((0, 6.0), (100, 8.0), (200, 10.0), start_schedule=at(-60), duration=300)
    assert composite([p]) == [(0, 6.0), (40, 8.0), (140, 10.0), (240, None)]
    assert composite([p], default_limit=32.0) == [(0, 6.0), (40, 8.0), (140, 10.0), (240, 32.0)]


def test_absolute_schedule_not_started_yet_says_nothing() -> None:
    p = profile((0, 6.0), start_schedule=at(100))
    assert composite([p]) == [(0, None), (100, 6.0)]


def test_relative_counts_from_the_transaction_start() -> None:
    p = profile((0, 10.0), (300, 16.0), purpose="TxProfile", kind="Relative", start_schedule=None,
                transaction_id=7)
    tx = Transaction(7, at(-100))
    assert composite([p], transaction=tx, duration=600) == [(0, 10.0), (200, 16.0)]


def test_relative_without_transaction_counts_from_the_window_start() -> None:
    p = profile((0, 10.0), (300, 16.0), kind="Relative", start_schedule=None)
    assert composite([p], duration=600) == [(0, 10.0), (300, 16.0)]


def test_relative_ignores_a_start_schedule() -> None:
    p = profile((0, 10.0), (300, 16.0), kind="Relative", start_schedule=at(-1000))
    assert composite([p], duration=600) == [(0, 10.0), (300, 16.0)]


def test_absolute_without_start_schedule_is_relative_to_start_of_charging() -> None:
    # §7.13 startSchedule: "If absent the schedule will be relative to start of charging."
    p = profile((0, 10.0), (300, 16.0), start_schedule=None)
    tx = Transaction(1, at(-100))
    assert composite([p], transaction=tx) == [(0, 10.0), (200, 16.0)]


def test_recurring_daily_is_the_specification_example() -> None:
    # §3.13.7: 11 kW, 6 kW between 08:00 and 20:00, daily from 2013-01-01T00:00Z
    daily = profile((0, 11000.0, 3), (28800, 6000.0, 3), (72000, 11000.0, 3), kind="Recurring",
                    recurrency="Daily", unit="W", start_schedule=datetime(2013, 1, 1, tzinfo=UTC),
                    duration=86400)
    window = {"start": datetime(2024, 3, 1, 6, tzinfo=UTC), "duration": 86400}
    assert composite([daily], unit="W", **window) == [
        (0, 11000.0, 3), (7200, 6000.0, 3), (50400, 11000.0, 3)]
    # in A: 11000 / (230 x 3) = 15.94.. and 6000 / 690 = 8.69.., rounded down to 0.1
    assert composite([daily], unit="A", **window) == [
        (0, 15.9, 3), (7200, 8.6, 3), (50400, 15.9, 3)]


def test_recurring_daily_restarts_every_24_hours_of_absolute_time() -> None:
    # startSchedule in a zone with DST: still every 86 400 s, not every local midnight
    from zoneinfo import ZoneInfo

    amsterdam = ZoneInfo("Europe/Amsterdam")
    daily = profile((0, 10.0), (3600, 20.0), kind="Recurring", recurrency="Daily",
                    start_schedule=datetime(2024, 3, 30, 0, 0, tzinfo=amsterdam))  # 29th 23:00Z
    # DST starts 2024-03-31 02:00 local; the next restart is 2024-03-30T23:00Z + 24 h
    window = {"start": datetime(2024, 3, 31, 22, 0, tzinfo=UTC), "duration": 7200}
    assert composite([daily], **window) == [(0, 20.0), (3600, 10.0)]


def test_recurring_weekly_falls_back_to_the_lower_level_after_its_duration() -> None:
    # Mondays and Tuesdays at 16 A (2 days from Monday 00:00Z), 32 A otherwise (errata 3.43)
    weekly = profile((0, 16.0), id=2, stack_level=1, kind="Recurring", recurrency="Weekly",
                     start_schedule=datetime(2024, 1, 1, tzinfo=UTC), duration=172800)
    base = profile((0, 32.0), start_schedule=datetime(2024, 1, 1, tzinfo=UTC))
    window = {"start": datetime(2024, 3, 3, 12, tzinfo=UTC), "duration": 259200}  # Sunday noon
    assert composite([weekly, base], **window) == [(0, 32.0), (43200, 16.0), (216000, 32.0)]


def test_recurring_does_not_apply_before_its_start_schedule() -> None:
    daily = profile((0, 10.0), kind="Recurring", recurrency="Daily", start_schedule=at(100))
    assert composite([daily]) == [(0, None), (100, 10.0)]


def test_recurring_periods_beyond_the_recurrence_are_not_executed() -> None:
    # errata 3.44: the period at 90 000 s never runs; the day restarts at 10 A
    daily = profile((0, 10.0), (80000, 20.0), (90000, 30.0), kind="Recurring",
                    recurrency="Daily", start_schedule=at(-80000), duration=100000)
    assert composite([daily], duration=10000) == [(0, 20.0), (6400, 10.0)]


# --- stacking (§3.13.2, errata 3.43; OCTT TC_072) -----------------------------------------------


def stack(**top: Any) -> list[ChargingProfile]:
    """TC_072 with a 10 s time deviation: level 0 for 410 s, level 1 for 160 s."""
    low = profile((0, 6.0), (100, 8.0), (200, 10.0), start_schedule=at(-10), duration=410,
                  valid_from=at(-10), valid_to=at(411))
    high_fields: dict[str, Any] = {"id": 2, "stack_level": 1, "start_schedule": at(-10),
                                       "duration": 160, "valid_from": at(-10), "valid_to": at(411)}
    high_fields.update(top)
    return [low, profile((0, 10.0), **high_fields)]


def test_higher_stack_level_wins_then_lower_applies_after_its_duration() -> None:
    assert composite(stack()) == [(0, 10.0), (150, 8.0), (190, 10.0)]


def test_higher_stack_level_yields_after_valid_to() -> None:
    assert composite(stack(valid_to=at(100))) == [(0, 10.0), (100, 8.0), (190, 10.0)]


def test_higher_stack_level_waits_for_valid_from() -> None:
    assert composite(stack(valid_from=at(50))) == [(0, 6.0), (50, 10.0), (150, 8.0), (190, 10.0)]


def test_valid_to_is_exclusive_and_valid_from_inclusive() -> None:
    p = profile((0, 10.0), valid_from=at(100), valid_to=at(200))
    kw: dict[str, Any] = {"connector_id": 1, "unit": "A", "voltage": 230.0, "phases": 3}
    assert limit_at([p], at(99), **kw) is None
    assert limit_at([p], at(100), **kw) == 10.0
    assert limit_at([p], at(199), **kw) == 10.0
    assert limit_at([p], at(200), **kw) is None


def test_duplicate_stack_level_and_purpose_is_refused() -> None:
    with pytest.raises(ValueError, match=r"two TxDefaultProfiles at stackLevel 0 on "
                                         r"connectorId 1 \(chargingProfileId 1 and 2\)"):
        composite([profile(), profile(id=2)])


# --- purposes (§3.13.1, §3.13.3) ---------------------------------------------------------------


def cp_max(*periods: tuple[Any, ...], **fields: Any) -> ChargingProfile:
    return profile(*periods, **{"id": 9, "purpose": "ChargePointMaxProfile", "connector_id": 0,
                                **fields})


def test_charge_point_max_caps_the_transaction_level() -> None:
    assert composite([cp_max((0, 10.0), (200, 20.0)), profile((0, 16.0))]) == [
        (0, 10.0), (200, 16.0)]


def test_charge_point_max_alone_applies_to_a_connector() -> None:
    assert composite([cp_max((0, 10.0))]) == [(0, 10.0)]


def test_charge_point_max_in_watts_caps_a_limit_in_amperes() -> None:
    # 6900 W over 3 phases at 230 V is 10 A per phase
    assert composite([cp_max((0, 6900.0, 3), unit="W"), profile((0, 16.0, 3))]) == [(0, 10.0, 3)]


def test_charge_point_max_on_a_connector_is_not_installed_and_ignored() -> None:
    assert composite([cp_max((0, 10.0), connector_id=1), profile((0, 16.0))]) == [(0, 16.0)]


def test_connector_zero_reports_the_charge_point_maximum_only() -> None:
    profiles = [cp_max((0, 20.0)), profile((0, 16.0), connector_id=0)]
    assert composite(profiles, connector_id=0) == [(0, 20.0)]


def test_tx_profile_overrules_tx_default_then_falls_back() -> None:
    default = profile((0, 16.0))
    tx = profile((0, 8.0), id=2, purpose="TxProfile", kind="Relative", start_schedule=None,
                 duration=120, transaction_id=5)
    assert composite([default, tx], transaction=Transaction(5, T0)) == [(0, 8.0), (120, 16.0)]


def test_tx_profile_overrules_a_higher_tx_default_stack_level() -> None:
    default = profile((0, 16.0), stack_level=5)
    tx = profile((0, 20.0), id=2, purpose="TxProfile", transaction_id=5)
    assert composite([default, tx], transaction=Transaction(5, T0)) == [(0, 20.0)]


def test_tx_profiles_stack_too() -> None:
    # errata 3.65/3.66: stacking is supported for TxProfile as well
    base = profile((0, 16.0), purpose="TxProfile", transaction_id=5)
    top = profile((0, 8.0), id=2, stack_level=1, purpose="TxProfile", transaction_id=5,
                  duration=100)
    assert composite([top, base], transaction=Transaction(5, T0)) == [(0, 8.0), (100, 16.0)]


def test_limit_at_anchors_relative_schedules_at_now_without_a_transaction() -> None:
    p = profile((0, 10.0), (300, 16.0), kind="Relative", start_schedule=None)
    kw: dict[str, Any] = {"connector_id": 1, "unit": "A", "voltage": 230.0, "phases": 3}
    assert limit_at([p], at(300), now=T0, **kw) == 16.0
    assert limit_at([p], at(300), **kw) == 10.0  # now defaults to the instant itself


def test_tx_profile_needs_its_transaction() -> None:
    default = profile((0, 16.0))
    tx = profile((0, 8.0), id=2, purpose="TxProfile", transaction_id=5)
    assert composite([default, tx]) == [(0, 16.0)]
    assert composite([default, tx], transaction=Transaction(6, T0)) == [(0, 16.0)]
    untagged = profile((0, 8.0), id=2, purpose="TxProfile")  # §5.16.2 RemoteStart profile
    assert composite([default, untagged], transaction=Transaction(6, T0)) == [(0, 8.0)]


def test_tx_default_applies_without_a_transaction() -> None:
    assert composite([profile((0, 16.0))]) == [(0, 16.0)]


def test_tx_default_on_connector_zero_applies_to_every_connector() -> None:
    everyone = profile((0, 20.0), connector_id=0)
    own = profile((0, 12.0), id=2, connector_id=1)
    assert composite([everyone, own], connector_id=1) == [(0, 12.0)]
    assert composite([everyone, own], connector_id=2) == [(0, 20.0)]


def test_connector_specific_tx_default_wins_only_at_the_same_stack_level() -> None:
    everyone = profile((0, 20.0), connector_id=0, stack_level=1)
    own = profile((0, 12.0), id=2, connector_id=1)
    assert composite([everyone, own]) == [(0, 20.0)]


def test_connector_zero_tx_default_applies_after_the_connector_one_ends() -> None:
    everyone = profile((0, 20.0), connector_id=0)
    own = profile((0, 12.0), id=2, connector_id=1, duration=60)
    assert composite([everyone, own]) == [(0, 12.0), (60, 20.0)]


# --- units and merging (errata 3.69) -----------------------------------------------------------


@pytest.mark.parametrize(("period", "unit", "phases", "expected"), [
    ((0, 16.0, 3), "W", 3, (0, 11040.0, 3)),  # 16 x 230 x 3
    ((0, 16.0, 1), "W", 3, (0, 3680.0, 1)),  # the period's numberPhases wins
    ((0, 16.0), "W", 1, (0, 3680.0)),  # absent: the PICS phases
    ((0, 7360.0), "A", 1, (0, 32.0)),
    ((0, 11000.0, 3), "A", 3, (0, 15.9, 3)),  # 15.94..: rounded down
])
def test_unit_conversion(period: tuple[Any, ...], unit: str, phases: int,
                         expected: tuple[Any, ...]) -> None:
    source = "A" if unit == "W" else "W"
    assert composite([profile(period, unit=source)], unit=unit, phases=phases) == [expected]


def test_adjacent_equal_periods_are_merged() -> None:
    assert composite([profile((0, 16.0), (100, 16.0), (200, 10.0))]) == [(0, 16.0), (200, 10.0)]


def test_periods_with_different_phases_are_not_merged() -> None:
    assert composite([profile((0, 16.0, 3), (100, 16.0, 1))]) == [(0, 16.0, 3), (100, 16.0, 1)]


def test_number_phases_is_the_lowest_of_the_combined_periods() -> None:
    assert composite([cp_max((0, 32.0, 1)), profile((0, 16.0, 3))]) == [(0, 16.0, 1)]


def test_fractional_second_boundaries_take_effect_at_the_next_whole_second() -> None:
    p = profile((0, 6.0), (100, 8.0), start_schedule=T0 - timedelta(milliseconds=400))
    assert composite([p]) == [(0, 6.0), (100, 8.0)]  # change at +99.6 s


def test_composite_carries_the_window() -> None:
    schedule = composite_schedule([profile()], connector_id=1, start=T0, duration=400, unit="A",
                                  voltage=230.0, phases=3)
    assert schedule == CompositeSchedule(T0, 400, "A", (Period(0, 16.0),), connector_id=1)
    assert composite([profile()], duration=0) == []


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="unit 'kW' is not A or W"):
        composite([], unit="kW")
    with pytest.raises(ValueError, match="start 2024-03-01T12:00:00 has no time zone"):
        composite([], start=T0.replace(tzinfo=None))
