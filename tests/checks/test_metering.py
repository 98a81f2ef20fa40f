"""Meter values against units and the configured measurands and contexts."""

from __future__ import annotations

from octt_py.checks.metering import REGISTER, samples

from .conftest import Conversation, booted, register, stamp, started


def sampled(cp: Conversation, *values: dict, t: float) -> None:
    cp.dut("MeterValues", {"connectorId": 1, "transactionId": 7,
                           "meterValue": [{"timestamp": stamp(t), "sampledValue": list(values)}]}, {}, t=t)


def test_samples_read_defaults_and_skip_what_cannot_be_read() -> None:
    found = samples([{"timestamp": stamp(1), "sampledValue": [{"value": "12.5"}, {"value": 3}]},
                     {"timestamp": "not a time", "sampledValue": [{"value": "1"}]}, "junk"])
    assert [(s.measurand, s.context, s.unit, s.value) for s in found] == [
        (REGISTER, "Sample.Periodic", "Wh", 12.5), (REGISTER, "Sample.Periodic", "Wh", None)]
    assert found[0].register_wh == 12.5


def test_the_unit_fits_the_measurand(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1)
    sampled(charge_point, {"value": "7000", "measurand": "Power.Active.Import"}, t=2)
    sampled(charge_point, {"value": "16", "measurand": "Current.Import", "unit": "A", "phase": "L1"},
            {"value": "50", "measurand": "Frequency"}, t=3)
    assert [f.message for f in charge_point.findings("meter.unit-mismatch")] == [
        "MeterValues: Power.Active.Import in 'Wh' (the default when unit is omitted); it is measured in W or kW"]


def test_measurands_are_the_configured_ones(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1)
    sampled(charge_point, {"value": "16", "measurand": "Current.Import", "unit": "A"}, t=2)
    assert [f.message for f in charge_point.findings("meter.measurand-not-configured")] == [
        ("MeterValues: a Sample.Periodic value of Current.Import, which MeterValuesSampledData"
        " (Energy.Active.Import.Register) does not ask for")]
    charge_point.harness("ChangeConfiguration", {"key": "MeterValuesSampledData", "value": "Current.Import"},
                         {"status": "Accepted"}, t=3)
    sampled(charge_point, {"value": "16", "measurand": "Current.Import", "unit": "A"}, t=4)
    assert len(charge_point.findings("meter.measurand-not-configured")) == 1


def test_clock_aligned_values_need_an_interval_and_its_boundaries(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1)
    charge_point.dut("MeterValues", {"connectorId": 1, "transactionId": 7,
                                     "meterValue": [register(1000, 2, "Sample.Clock")]}, {}, t=2)
    charge_point.harness("ChangeConfiguration", {"key": "ClockAlignedDataInterval", "value": "10"},
                         {"status": "Accepted"}, t=3)
    charge_point.dut("MeterValues", {"connectorId": 1, "transactionId": 7,
                                     "meterValue": [register(1001, 10, "Sample.Clock")]}, {}, t=10)
    charge_point.dut("MeterValues", {"connectorId": 1, "transactionId": 7,
                                     "meterValue": [register(1002, 15, "Sample.Clock")]}, {}, t=15)
    assert [f.message for f in charge_point.findings("meter.context-not-configured")] == [
        ("MeterValues: a Sample.Clock value although ClockAlignedDataInterval is 0 (no clock-aligned data);"
        " periodic samples are Sample.Periodic"),
        ("MeterValues: a Sample.Clock value stamped 12:00:15.000, 5.0 s off the 10 s ClockAlignedDataInterval"
        " boundaries"),
    ]


def test_periodic_values_need_a_sample_interval(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1)
    charge_point.harness("GetConfiguration", {"key": ["MeterValueSampleInterval"]},
                         {"configurationKey": [{"key": "MeterValueSampleInterval", "readonly": False, "value": "0"}]},
                         t=2)
    sampled(charge_point, {"value": "1000"}, t=3)
    assert charge_point.rules() == ["meter.context-not-configured"]
