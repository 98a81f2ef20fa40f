"""Meter values as the checks read them, and what each sampledValue must agree with: the unit
its measurand is measured in, and the measurands and contexts the configuration asks for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from octt_py.checks.base import Sink
from octt_py.checks.clock import parse_time
from octt_py.checks.configuration import Configuration
from octt_py.checks.rules import (
    METER_CONTEXT_NOT_CONFIGURED,
    METER_MEASURAND_NOT_CONFIGURED,
    METER_UNIT_MISMATCH,
)

REGISTER = "Energy.Active.Import.Register"  # also the measurand of a sampledValue that names none

# The units each measurand family is measured in (OCPP 1.6 §7.31, §7.45). Measurands for which
# OCPP 1.6 has no unit (Frequency, Power.Factor, RPM) are not judged.
_UNITS = {
    "Energy.Active": ("Wh", "kWh"),
    "Energy.Reactive": ("varh", "kvarh"),
    "Power.Active": ("W", "kW"),
    "Power.Offered": ("W", "kW"),
    "Power.Reactive": ("var", "kvar"),
    "Current": ("A",),
    "Voltage": ("V",),
    "Temperature": ("Celsius", "Celcius", "Fahrenheit", "K"),
    "SoC": ("Percent",),
}

# Which configuration key lists the measurands of a context: in MeterValues, and in the
# transactionData of StopTransaction (OCPP 1.6 §9.1.14, §9.1.16, §9.1.23, §9.1.25).
_MEASURAND_KEYS = {
    (False, "Sample.Periodic"): "MeterValuesSampledData",
    (False, "Sample.Clock"): "MeterValuesAlignedData",
    (True, "Sample.Periodic"): "StopTxnSampledData",
    (True, "Transaction.Begin"): "StopTxnSampledData",
    (True, "Transaction.End"): "StopTxnSampledData",
    (True, "Sample.Clock"): "StopTxnAlignedData",
}


@dataclass(frozen=True)
class Sample:
    """One sampledValue of one meterValue."""

    at: datetime
    value: float | None  # None when not a number (the schema check reports a non-string)
    context: str
    measurand: str
    unit: str
    phase: str | None
    location: str | None
    signed: bool
    digits: int = 0  # decimals the value was given with

    @property
    def resolution_wh(self) -> float:
        """The register's reading step in Wh: a reading rounded either way is one step off."""
        return (1000.0 if self.unit == "kWh" else 1.0) / 10**self.digits

    @property
    def register_wh(self) -> float | None:
        """The energy register in Wh, if this is the connector's total import register."""
        if self.measurand != REGISTER or self.phase or self.signed or self.value is None:
            return None
        if self.location not in (None, "Outlet"):
            return None
        factor = {"Wh": 1.0, "kWh": 1000.0}.get(self.unit)
        return None if factor is None else self.value * factor


def samples(meter_values: Any) -> list[Sample]:
    """The sampledValues of a meterValue array (MeterValues.meterValue, transactionData), each
    with its meterValue's timestamp; what cannot be read is left out."""
    found: list[Sample] = []
    for meter_value in meter_values if isinstance(meter_values, list) else ():
        if not isinstance(meter_value, dict):
            continue
        at = parse_time(meter_value.get("timestamp"))
        if at is None:
            continue
        for value in meter_value.get("sampledValue") or ():
            if isinstance(value, dict):
                found.append(_sample(at, value))
    return found


def _sample(at: datetime, value: dict[str, Any]) -> Sample:
    text = value.get("value")
    try:
        number: float | None = float(text) if isinstance(text, str) else None
    except ValueError:
        number = None
    digits = len(text.split(".", 1)[1]) if isinstance(text, str) and "." in text else 0
    return Sample(
        at=at,
        value=number,
        context=str(value.get("context") or "Sample.Periodic"),
        measurand=str(value.get("measurand") or REGISTER),
        unit=str(value.get("unit") or "Wh"),
        phase=value.get("phase"),
        location=value.get("location"),
        signed=value.get("format") == "SignedData",
        digits=min(digits, 6),
    )


class MeterChecks:
    """Units, configured measurands and configured contexts of sampled values."""

    def __init__(self, config: Configuration, sink: Sink, tolerance_s: float) -> None:
        self.config, self.sink, self.tolerance_s = config, sink, tolerance_s

    def judge(self, found: Iterable[Sample], where: str, frame: int | None, *, in_stop: bool) -> None:
        for sample in found:
            self._unit(sample, where, frame)
            self._measurand(sample, where, frame, in_stop)
            self._context(sample, where, frame)

    def _unit(self, sample: Sample, where: str, frame: int | None) -> None:
        family = next((f for f in _UNITS if sample.measurand.startswith(f)), None)
        if family is None or sample.unit in _UNITS[family]:
            return
        self.sink.report(
            METER_UNIT_MISMATCH,
            f"{where}: {sample.measurand} in {sample.unit!r}"
            f"{' (the default when unit is omitted)' if sample.unit == 'Wh' else ''};"
            f" it is measured in {' or '.join(_UNITS[family])}",
            frame, about=(sample.measurand, sample.unit),
        )

    def _measurand(self, sample: Sample, where: str, frame: int | None, in_stop: bool) -> None:
        key = _MEASURAND_KEYS.get((in_stop, sample.context))
        configured = self.config.items(key) if key else []
        if not configured or sample.measurand in configured:
            return
        self.sink.report(
            METER_MEASURAND_NOT_CONFIGURED,
            f"{where}: a {sample.context} value of {sample.measurand}, which {key}"
            f" ({', '.join(configured)}) does not ask for",
            frame, about=(key, sample.measurand),
        )

    def _context(self, sample: Sample, where: str, frame: int | None) -> None:
        if sample.context == "Sample.Periodic" and self.config.number("MeterValueSampleInterval") <= 0:
            self.sink.report(
                METER_CONTEXT_NOT_CONFIGURED,
                f"{where}: a Sample.Periodic value although MeterValueSampleInterval is 0 (no sampling)",
                frame, about="Sample.Periodic",
            )
        if sample.context != "Sample.Clock":
            return
        interval = self.config.number("ClockAlignedDataInterval")
        if interval <= 0:
            self.sink.report(
                METER_CONTEXT_NOT_CONFIGURED,
                f"{where}: a Sample.Clock value although ClockAlignedDataInterval is 0 (no clock-aligned"
                " data); periodic samples are Sample.Periodic",
                frame, about="Sample.Clock",
            )
            return
        midnight = sample.at.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        offset = (sample.at - midnight).total_seconds() % interval
        off_by = min(offset, interval - offset)
        if off_by > self.tolerance_s:
            self.sink.report(
                METER_CONTEXT_NOT_CONFIGURED,
                f"{where}: a Sample.Clock value stamped {sample.at:%H:%M:%S.%f}"[:-3]
                + f", {off_by:.1f} s off the {interval} s ClockAlignedDataInterval boundaries",
                frame, about="Sample.Clock boundary",
            )
