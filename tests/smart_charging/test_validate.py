"""profile_problems: every message, exactly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from octt_py.smart_charging import ChargingProfile, Period, profile_problems

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def profile(**fields: Any) -> ChargingProfile:
    values: dict[str, Any] = {
        "id": 1, "stack_level": 0, "purpose": "TxDefaultProfile", "kind": "Absolute", "unit": "A",
        "connector_id": 1, "start_schedule": T0, "periods": (Period(0, 16.0),)}
    values.update(fields)
    return ChargingProfile(**values)


def problems(p: ChargingProfile, **kw: Any) -> list[str]:
    args: dict[str, Any] = {"max_periods": 5, "max_stack_level": 10, "allowed_units": ("A",)}
    args.update(kw)
    return profile_problems(p, **args)


def test_a_good_profile_has_no_problem() -> None:
    assert problems(profile()) == []
    assert problems(profile(purpose="TxProfile", kind="Relative", start_schedule=None,
                            transaction_id=42), transaction_id=42) == []
    assert problems(profile(purpose="ChargePointMaxProfile", connector_id=0)) == []
    assert problems(profile(kind="Recurring", recurrency="Weekly", duration=604800)) == []


@pytest.mark.parametrize(("fields", "message"), [
    ({"purpose": "Max"}, ("chargingProfilePurpose 'Max' is not one of ChargePointMaxProfile, "
                          "TxDefaultProfile, TxProfile")),
    ({"kind": "Once"}, "chargingProfileKind 'Once' is not one of Absolute, Recurring, Relative"),
    ({"kind": "Recurring", "recurrency": "Monthly"}, ("recurrencyKind 'Monthly' is not Daily or "
                                                    "Weekly")),
    ({"kind": "Recurring"}, "Recurring profile without recurrencyKind (§7.8)"),
    ({"recurrency": "Daily"}, ("recurrencyKind Daily with chargingProfileKind Absolute: it SHALL "
                               "only be used with Recurring (errata 3.56)")),
    ({"connector_id": -1}, "connectorId -1 is negative"),
    ({"purpose": "ChargePointMaxProfile"}, ("ChargePointMaxProfile on connectorId 1: it can only "
                                            "be set at connectorId 0 (§3.13.1)")),
    ({"transaction_id": 5}, ("transactionId 5 on a TxDefaultProfile: it is only valid for "
                             "TxProfile (§7.8)")),
    ({"stack_level": -1}, "stackLevel -1 is negative: the lowest level is 0 (§7.8)"),
    ({"stack_level": 11}, "stackLevel 11 exceeds ChargeProfileMaxStackLevel 10"),
    ({"valid_from": T0, "valid_to": T0}, ("validTo 2024-03-01T12:00:00Z is not after validFrom "
                                       "2024-03-01T12:00:00Z")),
    ({"valid_from": T0, "valid_to": T0 - timedelta(days=1)},
     "validTo 2024-02-29T12:00:00Z is not after validFrom 2024-03-01T12:00:00Z"),
    ({"unit": "W"}, ("chargingRateUnit W is not allowed by ChargingScheduleAllowedChargingRateUnit "
                     "(A)")),
    ({"unit": "kW"}, "chargingRateUnit 'kW' is not A or W"),
    ({"start_schedule": None}, ("Absolute profile without chargingSchedule.startSchedule (§7.9: "
                                "its periods are relative to a fixed point in time defined in "
                                "the schedule)")),
    ({"kind": "Recurring", "recurrency": "Daily", "start_schedule": None},
     ("Recurring profile without chargingSchedule.startSchedule: nothing anchors the recurrence "
     "(§7.24)")),
    ({"kind": "Relative"}, ("Relative profile with chargingSchedule.startSchedule: a Relative "
                            "schedule starts with the transaction (§7.9)")),
    ({"duration": 0}, "chargingSchedule.duration 0 s is not positive"),
    ({"kind": "Recurring", "recurrency": "Daily", "duration": 90000},
     ("chargingSchedule.duration 90000 s exceeds the Daily recurrence of 86400 s: the remainder "
     "is not executed (errata 3.44)")),
    ({"periods": ()}, "chargingSchedulePeriod is empty"),
    ({"periods": tuple(Period(60 * i, 16.0) for i in range(6))},
     "6 chargingSchedulePeriod elements exceed ChargingScheduleMaxPeriods 5"),
    ({"periods": (Period(60, 16.0),)},
     "chargingSchedulePeriod[0].startPeriod is 60: the first SHALL be 0 (errata 3.45)"),
    ({"periods": (Period(0, 6.0), Period(100, 8.0), Period(100, 10.0))},
     ("chargingSchedulePeriod[2].startPeriod 100 does not follow 100: startPeriod must strictly "
     "increase")),
    ({"duration": 400, "periods": (Period(0, 6.0), Period(500, 8.0))},
     ("chargingSchedulePeriod[1].startPeriod 500 is not before duration 400 s: it is never "
     "executed (§5.16.4)")),
    ({"kind": "Recurring", "recurrency": "Daily", "periods": (Period(0, 6.0), Period(90000, 8.0))},
     ("chargingSchedulePeriod[1].startPeriod 90000 is not before the Daily recurrence of 86400 s: "
     "it is never executed (errata 3.44)")),
    ({"periods": (Period(0, -1.0),)}, "chargingSchedulePeriod[0].limit -1.0 is negative"),
    ({"periods": (Period(0, 6.0, 4),)}, ("chargingSchedulePeriod[0].numberPhases 4 is not 1, 2 "
                                         "or 3")),
    ({"min_charging_rate": -6.0}, "chargingSchedule.minChargingRate -6.0 is negative"),
])
def test_each_problem(fields: dict[str, Any], message: str) -> None:
    assert problems(profile(**fields)) == [message]


def test_tx_profile_and_its_transaction() -> None:
    tx = {"purpose": "TxProfile", "kind": "Relative", "start_schedule": None}
    assert problems(profile(**tx, connector_id=0, transaction_id=42), transaction_id=42) == [
        "TxProfile on connectorId 0: it can only be set at a connectorId > 0 (§3.13.1)"]
    assert problems(profile(**tx, transaction_id=42)) == [
        "TxProfile on connectorId 1 without a transaction ongoing there (§3.13.1, §5.16.4)"]
    assert problems(profile(**tx), transaction_id=42) == [
        ("TxProfile without transactionId: the Central System SHALL include the ongoing "
        "transaction's, 42 (§5.16)")]
    assert problems(profile(**tx, transaction_id=41), transaction_id=42) == [
        "TxProfile for transactionId 41, but the ongoing transaction is 42"]


def test_remote_start_profile() -> None:
    tx = {"purpose": "TxProfile", "kind": "Relative", "start_schedule": None, "connector_id": 0}
    assert problems(profile(**tx), remote_start=True) == []
    assert problems(profile(**dict(tx, purpose="TxDefaultProfile", transaction_id=5)),
                    remote_start=True) == [
        ("RemoteStartTransaction.req chargingProfile has purpose TxDefaultProfile: it MUST be "
        "TxProfile (§5.16.2)"),
        ("RemoteStartTransaction.req chargingProfile has transactionId 5: it SHALL NOT be set "
        "(§5.16.2, errata 3.41)")]


def test_several_problems_in_field_order() -> None:
    p = profile(purpose="ChargePointMaxProfile", stack_level=12, unit="W",
                periods=(Period(10, -1.0),))
    assert problems(p) == [
        "ChargePointMaxProfile on connectorId 1: it can only be set at connectorId 0 (§3.13.1)",
        "stackLevel 12 exceeds ChargeProfileMaxStackLevel 10",
        "chargingRateUnit W is not allowed by ChargingScheduleAllowedChargingRateUnit (A)",
        "chargingSchedulePeriod[0].startPeriod is 10: the first SHALL be 0 (errata 3.45)",
        "chargingSchedulePeriod[0].limit -1.0 is negative",
    ]
