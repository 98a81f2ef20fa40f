"""The simulated energy meter and the sampledValue elements built from it.

The register only grows while a connector is Charging, at the power the charging profiles
allow (capped at the hardware limit the composite schedule also uses), so MeterValues,
meterStart and meterStop are consistent with each other and with time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ocpp.v16.enums import ChargePointStatus, Measurand

from octt_py.reference.charge_point.model import Model
from octt_py.reference.charge_point.smart_charging import HARDWARE_LIMIT_A

# measurand -> (unit, location); None means the field is left out
FORMATS: dict[str, tuple[str | None, str | None]] = {
    Measurand.energy_active_import_register: ("Wh", "Outlet"),
    Measurand.energy_active_export_register: ("Wh", "Outlet"),
    Measurand.energy_reactive_import_register: ("varh", "Outlet"),
    Measurand.energy_reactive_export_register: ("varh", "Outlet"),
    Measurand.energy_active_import_interval: ("Wh", "Outlet"),
    Measurand.energy_active_export_interval: ("Wh", "Outlet"),
    Measurand.energy_reactive_import_interval: ("varh", "Outlet"),
    Measurand.energy_reactive_export_interval: ("varh", "Outlet"),
    Measurand.power_active_import: ("W", "Outlet"),
    Measurand.power_active_export: ("W", "Outlet"),
    Measurand.power_reactive_import: ("var", "Outlet"),
    Measurand.power_reactive_export: ("var", "Outlet"),
    Measurand.power_offered: ("W", "Outlet"),
    Measurand.power_factor: (None, "Outlet"),
    Measurand.current_import: ("A", "Outlet"),
    Measurand.current_export: ("A", "Outlet"),
    Measurand.current_offered: ("A", "Outlet"),
    Measurand.voltage: ("V", "Outlet"),
    Measurand.frequency: (None, "Outlet"),
    Measurand.temperature: ("Celsius", "Body"),
    Measurand.soc: ("Percent", "EV"),
    Measurand.rpm: (None, "Body"),
}


@dataclass(frozen=True)
class Reading:
    energy_wh: float
    power_w: float
    offered_w: float
    voltage: float
    phases: int
    interval_wh: float

    def value(self, measurand: str) -> float:
        current = self.power_w / (self.voltage * self.phases)
        values = {
            Measurand.energy_active_import_register: round(self.energy_wh),
            Measurand.energy_active_import_interval: round(self.interval_wh),
            Measurand.power_active_import: round(self.power_w, 1),
            Measurand.power_offered: round(self.offered_w, 1),
            Measurand.current_import: round(current, 1),
            Measurand.current_offered: round(self.offered_w / (self.voltage * self.phases), 1),
            Measurand.voltage: round(self.voltage, 1),
            Measurand.frequency: 50.0,
            Measurand.power_factor: 1.0 if self.power_w else 0.0,
            Measurand.temperature: 25.0,
            Measurand.soc: min(100, 20 + int(self.energy_wh / 500)),
        }
        return values.get(measurand, 0)


class Meters:
    """Advances each connector's register by power x elapsed time.

    ``advance`` credits the time since the previous call at the power that applied then, and
    takes the current power for the next stretch, so calling it right after every state
    change keeps the register exact.
    """

    def __init__(self, model: Model) -> None:
        self._model = model
        self._marks: dict[int, tuple[float, float]] = {}  # connector -> (monotonic, power W)
        self._interval_marks: dict[tuple[int, str], float] = {}

    def power_w(self, connector_id: int, at: datetime) -> tuple[float, float]:
        """(drawn, offered) power now."""
        caps = self._model.pics.capabilities
        hardware = HARDWARE_LIMIT_A * caps.voltage * caps.phases
        tx = self._model.connectors[connector_id].transaction
        offered = min(hardware, self._model.nv.profiles.limit_w(
            connector_id, at, tx.started_at if tx else None, tx.transaction_id if tx else None))
        charging = self._model.status(connector_id, at)[0] == ChargePointStatus.charging
        return (offered if charging else 0.0), offered

    def advance(self, connector_id: int, at: datetime) -> None:
        mono = time.monotonic()
        last, power = self._marks.get(connector_id, (mono, 0.0))
        self._model.connectors[connector_id].energy_wh += power * (mono - last) / 3600.0
        self._marks[connector_id] = (mono, self.power_w(connector_id, at)[0])

    def halt(self) -> None:
        """Power is gone: credit what was drawn until now, then nothing flows."""
        mono = time.monotonic()
        for connector_id, (last, power) in self._marks.items():
            self._model.connectors[connector_id].energy_wh += power * (mono - last) / 3600.0
            self._marks[connector_id] = (mono, 0.0)

    def read(self, connector_id: int, at: datetime, context: str) -> Reading:
        self.advance(connector_id, at)
        caps = self._model.pics.capabilities
        drawn, offered = self.power_w(connector_id, at)
        energy = self._model.connectors[connector_id].energy_wh
        previous = self._interval_marks.get((connector_id, context), energy)
        self._interval_marks[(connector_id, context)] = energy
        return Reading(energy, drawn, offered, caps.voltage, caps.phases, energy - previous)


def sampled_values(measurands: list[str], context: str, reading: Reading,
                   numeric: bool = False) -> list[dict[str, Any]]:
    """One sampledValue per measurand. ``numeric`` plants the schema-violation fault."""
    values = []
    for measurand in measurands or [Measurand.energy_active_import_register]:
        unit, location = FORMATS.get(measurand, (None, None))
        number = reading.value(measurand)
        value: dict[str, Any] = {
            "value": number if numeric else _text(number),
            "context": context,
            "measurand": measurand,
        }
        if location:
            value["location"] = location
        if unit:
            value["unit"] = unit
        values.append(value)
    return values


def _text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:.1f}"
