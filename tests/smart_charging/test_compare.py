"""first_difference messages, and the OCPP JSON in and out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from octt_py.smart_charging import ChargingProfile, CompositeSchedule, Period, first_difference

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def schedule(*periods: tuple[Any, ...], start: datetime = T0, duration: int | None = 400,
             unit: str = "A") -> CompositeSchedule:
    return CompositeSchedule(start, duration, unit, tuple(Period(*p) for p in periods))


EXPECTED = schedule((0, 6.0), (100, 8.0), (200, 10.0), (300, 16.0))


def diff(actual: CompositeSchedule, expected: CompositeSchedule = EXPECTED,
         time_tolerance: float = 0, limit_tolerance: float = 0) -> str | None:
    return first_difference(expected, actual, time_tolerance=time_tolerance,
                            limit_tolerance=limit_tolerance)


def test_identical_schedules_have_no_difference() -> None:
    assert diff(EXPECTED) is None


def test_unmerged_neighbours_are_no_difference() -> None:
    assert diff(schedule((0, 6.0), (50, 6.0), (100, 8.0), (200, 10.0), (300, 16.0))) is None


def test_wrong_limit_names_the_expected_period() -> None:
    actual = schedule((0, 6.0), (100, 8.0), (200, 10.0), (300, 32.0))
    assert diff(actual) == "period 3 (from +300 s): expected 16.0 A, got 32.0 A"


def test_wrong_limit_inside_a_period_says_from_when() -> None:
    actual = schedule((0, 6.0), (100, 8.0), (150, 9.0), (200, 10.0), (300, 16.0))
    assert diff(actual) == "period 1 (from +100 s): expected 8.0 A, got 9.0 A from +150 s"


def test_a_report_starting_within_the_tolerance_names_no_later_start() -> None:
    actual = schedule((0, 7.0), (100, 8.0), (200, 10.0), (300, 16.0),
                      start=T0 + timedelta(seconds=0.3))
    assert diff(actual, time_tolerance=1) == "period 0 (from +0 s): expected 6.0 A, got 7.0 A"
    later = schedule((0, 6.0), (100, 8.0), (150, 9.0), (200, 10.0), (300, 16.0),
                     start=T0 + timedelta(seconds=0.3))
    assert diff(later, time_tolerance=1) == (
        "period 1 (from +100 s): expected 8.0 A, got 9.0 A from +150.3 s")


def test_late_boundary_is_reported_in_the_earlier_period() -> None:
    actual = schedule((0, 6.0), (130, 8.0), (200, 10.0), (300, 16.0))
    assert diff(actual) == "period 1 (from +100 s): expected 8.0 A, got 6.0 A"
    assert diff(actual, time_tolerance=30) is None


def test_limit_tolerance() -> None:
    actual = schedule((0, 6.05), (100, 8.0), (200, 10.0), (300, 16.0))
    assert diff(actual) == "period 0 (from +0 s): expected 6.0 A, got 6.0 A"  # 6.05 shows as 6.0
    assert diff(actual, limit_tolerance=0.1) is None


def test_unit_start_and_duration() -> None:
    assert diff(schedule((0, 6.0), unit="W")) == "chargingRateUnit: expected A, got W"
    late = schedule((0, 6.0), (40, 8.0), (140, 10.0), (240, 16.0), start=T0 + timedelta(seconds=60))
    assert diff(late) == ("scheduleStart: expected 2024-03-01T12:00:00Z, got "
                          "2024-03-01T12:01:00Z (+60 s)")
    # the same schedule 60 s later: its periods line up with the expected ones in time
    assert diff(late, time_tolerance=60) is None
    assert diff(schedule((0, 6.0), duration=300)) == "duration: expected 400 s, got 300 s"


def test_reported_periods_must_strictly_increase() -> None:
    actual = schedule((0, 6.0), (100, 8.0), (100, 10.0))
    assert diff(actual) == ("reported period 2: startPeriod 100 does not follow 100 (startPeriod "
                            "must strictly increase)")


def test_missing_coverage() -> None:
    assert diff(schedule((30, 6.0), (100, 8.0), (200, 10.0), (300, 16.0))) == (
        "period 0 (from +0 s): expected 6.0 A, got no period before +30 s")
    assert diff(schedule()) == "period 0 (from +0 s): expected 6.0 A, got no period before +400 s"
    open_ended = schedule((0, 6.0), (100, 8.0), duration=None)
    assert diff(schedule((0, 6.0), (100, 8.0), duration=350), open_ended) == (
        "period 1 (from +100 s): expected 8.0 A, got no period from +350 s")


def test_number_phases() -> None:
    expected = schedule((0, 6.0, 1), (100, 8.0, 3))
    assert diff(schedule((0, 6.0, 1), (100, 8.0)), expected) is None  # absent counts as 3
    assert diff(schedule((0, 6.0, 3), (100, 8.0)), expected) == (
        "period 0 (from +0 s): expected numberPhases 1, got 3")
    assert diff(schedule((0, 6.0), (100, 8.0)), expected) == (
        "period 0 (from +0 s): expected numberPhases 1, got none (3 is assumed)")
    assert diff(schedule((0, 6.0, 1), (100, 8.0, 3)), schedule((0, 6.0), (100, 8.0))) is None


def test_unconstrained_expected_period_accepts_anything() -> None:
    expected = schedule((0, 6.0), (100, None))
    assert diff(schedule((0, 6.0), (100, 32.0)), expected) is None


# --- JSON --------------------------------------------------------------------------------------


SET_CHARGING_PROFILE: dict[str, Any] = {
    "connectorId": 1,
    "csChargingProfiles": {
        "chargingProfileId": 100,
        "transactionId": 7,
        "stackLevel": 2,
        "chargingProfilePurpose": "TxProfile",
        "chargingProfileKind": "Recurring",
        "recurrencyKind": "Daily",
        "validFrom": "2024-03-01T12:00:00+01:00",
        "validTo": "2024-03-02T12:00:00.500Z",
        "chargingSchedule": {
            "duration": 86400,
            "startSchedule": "2013-01-01T00:00:00Z",
            "chargingRateUnit": "W",
            "chargingSchedulePeriod": [
                {"startPeriod": 0, "limit": 11000.0, "numberPhases": 3},
                {"startPeriod": 28800, "limit": 6000.0},
            ],
            "minChargingRate": 1380.0,
        },
    },
}


def test_charging_profile_from_and_to_ocpp() -> None:
    p = ChargingProfile.from_ocpp(SET_CHARGING_PROFILE)
    assert p == ChargingProfile(
        id=100, stack_level=2, purpose="TxProfile", kind="Recurring", unit="W",
        periods=(Period(0, 11000.0, 3), Period(28800, 6000.0)), connector_id=1, transaction_id=7,
        recurrency="Daily", valid_from=datetime(2024, 3, 1, 11, tzinfo=UTC),
        valid_to=datetime(2024, 3, 2, 12, 0, 0, 500000, tzinfo=UTC),
        start_schedule=datetime(2013, 1, 1, tzinfo=UTC), duration=86400,
        min_charging_rate=1380.0)
    out = p.to_ocpp()
    assert out["validFrom"] == "2024-03-01T11:00:00Z"
    assert out["validTo"] == "2024-03-02T12:00:00.500000Z"
    assert ChargingProfile.from_ocpp(out, connector_id=1) == p


def test_charging_profile_from_snake_case() -> None:
    snake = {"charging_profile_id": 1, "stack_level": 0, "charging_profile_purpose":
             "TxDefaultProfile", "charging_profile_kind": "Relative",
             "charging_schedule": {"charging_rate_unit": "A",
                                   "charging_schedule_period": [{"start_period": 0, "limit": 6}]}}
    p = ChargingProfile.from_ocpp(snake, connector_id=2)
    assert (p.connector_id, p.kind, p.periods) == (2, "Relative", (Period(0, 6.0),))


def test_charging_profile_from_ocpp_errors() -> None:
    with pytest.raises(ValueError, match="csChargingProfiles has no stackLevel"):
        ChargingProfile.from_ocpp({"chargingProfileId": 1})
    bad = dict(SET_CHARGING_PROFILE["csChargingProfiles"], validFrom="2024-03-01T12:00:00")
    with pytest.raises(ValueError, match="validFrom 2024-03-01T12:00:00 has no time zone"):
        ChargingProfile.from_ocpp(bad)


def test_composite_to_and_from_ocpp() -> None:
    composite = CompositeSchedule(T0, 400, "A", (Period(0, 6.0, 3), Period(100, 8.0)), 1)
    conf = composite.to_ocpp()
    assert conf == {
        "status": "Accepted", "connectorId": 1, "scheduleStart": "2024-03-01T12:00:00Z",
        "chargingSchedule": {"duration": 400, "chargingRateUnit": "A", "chargingSchedulePeriod": [
            {"startPeriod": 0, "limit": 6.0, "numberPhases": 3},
            {"startPeriod": 100, "limit": 8.0}]}}
    assert CompositeSchedule.from_ocpp(conf) == composite


def test_unconstrained_composite_cannot_be_sent() -> None:
    with pytest.raises(ValueError, match=r"period from \+100 s has no limit"):
        CompositeSchedule(T0, 400, "A", (Period(0, 6.0), Period(100, None))).to_ocpp()


def test_composite_from_a_report_with_start_schedule_only() -> None:
    conf = {"status": "Accepted", "chargingSchedule": {
        "startSchedule": "2024-03-01T12:00:00Z", "chargingRateUnit": "W",
        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 11040}]}}
    assert CompositeSchedule.from_ocpp(conf) == CompositeSchedule(
        T0, None, "W", (Period(0, 11040.0),))
    with pytest.raises(ValueError, match="GetCompositeSchedule.conf has no scheduleStart"):
        CompositeSchedule.from_ocpp({"chargingSchedule": {"chargingRateUnit": "A",
                                                          "chargingSchedulePeriod": []}})
