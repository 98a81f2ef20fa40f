"""All planted faults of both reference DUTs, for the CLI, the campaign and the proof table."""

from __future__ import annotations

from octt_py.reference.charge_point.faults import FAULTS as CHARGE_POINT_FAULTS
from octt_py.reference.csms.faults import CSMS_FAULTS
from octt_py.reference.faults import Fault


def faults_of(dut: str) -> tuple[Fault, ...]:
    return {"charge-point": CHARGE_POINT_FAULTS, "csms": CSMS_FAULTS}[dut]


def all_faults() -> tuple[Fault, ...]:
    return CHARGE_POINT_FAULTS + CSMS_FAULTS
