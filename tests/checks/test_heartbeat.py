"""The heartbeat as idleness: any PDU within the interval will do."""

from __future__ import annotations

from .conftest import Conversation, booted, stamp


def heartbeat(cp: Conversation, t: float) -> None:
    cp.dut("Heartbeat", {}, {"currentTime": stamp(t)}, t=t)


def test_heartbeats_or_other_pdus_within_the_interval(charge_point: Conversation) -> None:
    booted(charge_point, interval=10)
    heartbeat(charge_point, 10.5)
    charge_point.harness("GetConfiguration", {}, {"configurationKey": []}, t=15, took=6)  # its reply counts
    charge_point.dut("StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Preparing",
                                            "timestamp": stamp(31.9)}, {}, t=31.9)
    charge_point.silence(42.5)
    assert charge_point.rules() == []


def test_a_silent_stretch_longer_than_interval_and_tolerance(charge_point: Conversation) -> None:
    booted(charge_point, interval=10)
    heartbeat(charge_point, 10)
    heartbeat(charge_point, 25)
    heartbeat(charge_point, 60)
    [finding] = charge_point.trace.findings
    assert (finding.rule, finding.kind, finding.severity) == ("heartbeat.idle-link", "timing", "warning")
    assert finding.message == (
        "the charge point sent nothing for 15.0 s while registered; its heartbeat interval is 10 s (± 1 s),"
        " so a Heartbeat was due")


def test_silence_is_noticed_while_it_lasts_once(charge_point: Conversation) -> None:
    booted(charge_point, interval=10)
    deadline = charge_point.checks.silent_until_ns()
    assert deadline == int((0.07 + 11) * 1e9)
    charge_point.silence(10)
    assert charge_point.rules() == []
    charge_point.silence(12)
    charge_point.silence(14)
    heartbeat(charge_point, 15)
    assert [f.message for f in charge_point.trace.findings] == [
        ("the charge point has sent nothing for 11.9 s while registered; its heartbeat interval is 10 s (± 1 s),"
        " so a Heartbeat was due")]


def test_not_registered_or_not_connected_is_not_idle(charge_point: Conversation) -> None:
    charge_point.dut("BootNotification", {"chargePointVendor": "V", "chargePointModel": "M"},
                     {"status": "Pending", "currentTime": stamp(0), "interval": 5}, t=0)
    charge_point.silence(30)
    booted(charge_point, t=30, interval=10)
    charge_point.reconnect(50)  # offline from 30.1 to 50: the new connection starts afresh
    heartbeat(charge_point, 55)
    assert charge_point.rules() == []


def test_the_interval_follows_heartbeat_interval(charge_point: Conversation) -> None:
    booted(charge_point, interval=10)
    charge_point.harness("ChangeConfiguration", {"key": "HeartbeatInterval", "value": "60"},
                         {"status": "Accepted"}, t=5)
    heartbeat(charge_point, 50)
    assert charge_point.rules() == []
