"""The charge point checks as a whole: timestamps, undeclared profiles, security event types, one
finding per breach."""

from __future__ import annotations

import dataclasses

from octt_py.checks import ChargePointChecks
from octt_py.pics import Profile
from octt_py.trace import Trace

from .conftest import Conversation, booted, reference_pics, stamp, status


def test_timestamps_in_the_future(charge_point: Conversation) -> None:
    booted(charge_point)
    charge_point.dut("StatusNotification", status(1, "Preparing", 301), {}, t=1)
    charge_point.dut("StatusNotification", status(1, "Available", 2.5), {}, t=2)  # within 1 s
    [finding] = charge_point.trace.findings
    assert (finding.rule, finding.severity) == ("time.in-future", "warning")
    assert finding.message == (
        "StatusNotification is stamped 2026-03-01T12:05:01.000Z, +300.0 s ahead of the harness's clock when"
        " it arrived (tolerance 1 s): the charge point's clock is wrong")


def test_calls_of_an_undeclared_profile() -> None:
    pics = reference_pics("charge-point")
    pics = dataclasses.replace(pics, profiles=pics.profiles - {Profile.SECURITY})
    charge_point = Conversation(lambda sink: ChargePointChecks(pics, sink))
    booted(charge_point)
    charge_point.dut("SecurityEventNotification", {"type": "StartupOfTheDevice", "timestamp": stamp(1)}, {}, t=1)
    charge_point.dut("FirmwareStatusNotification", {"status": "Idle"}, {}, t=2)  # declared
    assert [f.message for f in charge_point.trace.findings] == [
        ("the charge point sent SecurityEventNotification, a Security message, but the PICS declares no"
        " Security profile")]


def test_security_event_types_outside_the_white_paper(charge_point: Conversation) -> None:
    booted(charge_point)
    for t, kind in enumerate(("StartupOfTheDevice", "InvalidChargingStationCertificate", "InvalidTLSCipherSuite"), 1):
        charge_point.dut("SecurityEventNotification", {"type": kind, "timestamp": stamp(t)}, {}, t=t)
    [finding] = charge_point.trace.findings
    assert (finding.rule, finding.severity) == ("security-event.type", "warning")
    assert finding.message == (
        "SecurityEventNotification type 'InvalidChargingStationCertificate' is not a security event of the white paper")


def test_the_same_breach_is_reported_once_per_case(charge_point: Conversation) -> None:
    booted(charge_point)
    for t in (1, 2):
        charge_point.dut("StatusNotification", status(1, "Faulted", t), {}, t=t)
    assert len(charge_point.trace.findings) == 1
    charge_point.trace = Trace()  # the next case
    charge_point.dut("StatusNotification", status(1, "Faulted", 3), {}, t=3)
    assert [f.rule for f in charge_point.trace.findings] == ["status.faulted-no-error"]
