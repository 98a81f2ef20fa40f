"""What is wrong with a charging profile a Central System sends, beyond its JSON schema.

A CSMS case fails on a malformed or inconsistent profile, not only on a schema error. Each
problem is one sentence naming the field, the value and, where there is one, the rule.
"""

from __future__ import annotations

from collections.abc import Collection

from octt_py.smart_charging.model import (
    KINDS,
    PURPOSES,
    RECURRENCE_SECONDS,
    UNITS,
    ChargingProfile,
    format_time,
)


def _identity(profile: ChargingProfile, *, transaction_id: int | None,
              remote_start: bool) -> list[str]:
    """Purpose, kind, connector and transaction (§3.13.1, §5.16, §7.8)."""
    problems = []
    if profile.purpose not in PURPOSES:
        problems.append(f"chargingProfilePurpose {profile.purpose!r} is not one of "
                        + ", ".join(PURPOSES))
    if profile.kind not in KINDS:
        problems.append(f"chargingProfileKind {profile.kind!r} is not one of " + ", ".join(KINDS))
    if profile.recurrency is not None and profile.recurrency not in RECURRENCE_SECONDS:
        problems.append(f"recurrencyKind {profile.recurrency!r} is not Daily or Weekly")
    if profile.kind == "Recurring" and profile.recurrency is None:
        problems.append("Recurring profile without recurrencyKind (§7.8)")
    if profile.kind in KINDS and profile.kind != "Recurring" and profile.recurrency is not None:
        problems.append(f"recurrencyKind {profile.recurrency} with chargingProfileKind "
                        f"{profile.kind}: it SHALL only be used with Recurring (errata 3.56)")
    if profile.connector_id < 0:
        problems.append(f"connectorId {profile.connector_id} is negative")
    if profile.purpose == "ChargePointMaxProfile" and profile.connector_id != 0:
        problems.append(f"ChargePointMaxProfile on connectorId {profile.connector_id}: it can "
                        "only be set at connectorId 0 (§3.13.1)")
    if remote_start:
        if profile.purpose != "TxProfile":
            problems.append(f"RemoteStartTransaction.req chargingProfile has purpose "
                            f"{profile.purpose}: it MUST be TxProfile (§5.16.2)")
        if profile.transaction_id is not None:
            problems.append(f"RemoteStartTransaction.req chargingProfile has transactionId "
                            f"{profile.transaction_id}: it SHALL NOT be set (§5.16.2, "
                            "errata 3.41)")
        return problems
    if profile.purpose != "TxProfile":
        if profile.transaction_id is not None:
            problems.append(f"transactionId {profile.transaction_id} on a {profile.purpose}: it "
                            "is only valid for TxProfile (§7.8)")
        return problems
    if profile.connector_id == 0:
        problems.append("TxProfile on connectorId 0: it can only be set at a connectorId > 0 "
                        "(§3.13.1)")
    elif transaction_id is None:
        problems.append(f"TxProfile on connectorId {profile.connector_id} without a transaction "
                        "ongoing there (§3.13.1, §5.16.4)")
    elif profile.transaction_id is None:
        problems.append(f"TxProfile without transactionId: the Central System SHALL include "
                        f"the ongoing transaction's, {transaction_id} (§5.16)")
    elif profile.transaction_id != transaction_id:
        problems.append(f"TxProfile for transactionId {profile.transaction_id}, but the "
                        f"ongoing transaction is {transaction_id}")
    return problems


def _schedule(profile: ChargingProfile, *, max_periods: int,
              allowed_units: Collection[str]) -> list[str]:
    """chargingSchedule and its periods (§5.16.4, §7.13, §7.14, errata 3.44, 3.45)."""
    problems = []
    if profile.unit not in UNITS:
        problems.append(f"chargingRateUnit {profile.unit!r} is not A or W")
    elif profile.unit not in allowed_units:
        problems.append(f"chargingRateUnit {profile.unit} is not allowed by "
                        f"ChargingScheduleAllowedChargingRateUnit ({','.join(allowed_units)})")
    if profile.kind == "Absolute" and profile.start_schedule is None:
        problems.append("Absolute profile without chargingSchedule.startSchedule (§7.9: its "
                        "periods are relative to a fixed point in time defined in the schedule)")
    if profile.kind == "Recurring" and profile.start_schedule is None:
        problems.append("Recurring profile without chargingSchedule.startSchedule: nothing "
                        "anchors the recurrence (§7.24)")
    if profile.kind == "Relative" and profile.start_schedule is not None:
        problems.append("Relative profile with chargingSchedule.startSchedule: a Relative "
                        "schedule starts with the transaction (§7.9)")
    recurrence = (RECURRENCE_SECONDS.get(profile.recurrency or "")
                  if profile.kind == "Recurring" else None)
    if profile.duration is not None:
        if profile.duration <= 0:
            problems.append(f"chargingSchedule.duration {profile.duration} s is not positive")
        elif recurrence is not None and profile.duration > recurrence:
            problems.append(f"chargingSchedule.duration {profile.duration} s exceeds the "
                            f"{profile.recurrency} recurrence of {recurrence} s: the remainder "
                            "is not executed (errata 3.44)")
    periods = profile.periods
    if not periods:
        problems.append("chargingSchedulePeriod is empty")
    if len(periods) > max_periods:
        problems.append(f"{len(periods)} chargingSchedulePeriod elements exceed "
                        f"ChargingScheduleMaxPeriods {max_periods}")
    for i, period in enumerate(periods):
        name = f"chargingSchedulePeriod[{i}]"
        if i == 0 and period.start != 0:
            problems.append(f"{name}.startPeriod is {period.start}: the first SHALL be 0 "
                            "(errata 3.45)")
        if i > 0 and period.start <= periods[i - 1].start:
            problems.append(f"{name}.startPeriod {period.start} does not follow "
                            f"{periods[i - 1].start}: startPeriod must strictly increase")
        elif profile.duration is not None and 0 < profile.duration <= period.start:
            problems.append(f"{name}.startPeriod {period.start} is not before duration "
                            f"{profile.duration} s: it is never executed (§5.16.4)")
        elif recurrence is not None and period.start >= recurrence:
            problems.append(f"{name}.startPeriod {period.start} is not before the "
                            f"{profile.recurrency} recurrence of {recurrence} s: it is never "
                            "executed (errata 3.44)")
        if period.limit is not None and period.limit < 0:
            problems.append(f"{name}.limit {period.limit:.1f} is negative")
        if period.number_phases is not None and period.number_phases not in (1, 2, 3):
            problems.append(f"{name}.numberPhases {period.number_phases} is not 1, 2 or 3")
    if profile.min_charging_rate is not None and profile.min_charging_rate < 0:
        problems.append(f"chargingSchedule.minChargingRate {profile.min_charging_rate:.1f} is "
                        "negative")
    return problems


def profile_problems(profile: ChargingProfile, *, max_periods: int, max_stack_level: int,
                     allowed_units: Collection[str], transaction_id: int | None = None,
                     remote_start: bool = False) -> list[str]:
    """Every problem with ``profile`` as a Central System sent it; empty when there is none.

    ``max_periods``, ``max_stack_level`` and ``allowed_units`` are the charge point's
    ChargingScheduleMaxPeriods, ChargeProfileMaxStackLevel and
    ChargingScheduleAllowedChargingRateUnit (§3.13.5). ``transaction_id`` is the transaction
    ongoing on the profile's connector (``None``: none is), against which a TxProfile is checked.
    ``remote_start``: the profile came in a RemoteStartTransaction.req (§5.16.2: TxProfile, no
    transactionId; its connector is not checked).
    """
    problems = _identity(profile, transaction_id=transaction_id, remote_start=remote_start)
    if profile.stack_level < 0:
        problems.append(f"stackLevel {profile.stack_level} is negative: the lowest level is 0 "
                        "(§7.8)")
    elif profile.stack_level > max_stack_level:
        problems.append(f"stackLevel {profile.stack_level} exceeds ChargeProfileMaxStackLevel "
                        f"{max_stack_level}")
    if (profile.valid_from is not None and profile.valid_to is not None
            and profile.valid_to <= profile.valid_from):
        problems.append(f"validTo {format_time(profile.valid_to)} is not after validFrom "
                        f"{format_time(profile.valid_from)}")
    problems += _schedule(profile, max_periods=max_periods, allowed_units=allowed_units)
    return problems
