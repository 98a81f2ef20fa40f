"""The checks of a CSMS DUT: registration, clock, idTagInfo, the asked id tag."""

from __future__ import annotations

import pytest

from octt_py.trace import Trace

from .conftest import Conversation, stamp

BOOT = {"chargePointVendor": "V", "chargePointModel": "M"}


def boot(csms: Conversation, status: str = "Accepted", interval: int = 60, *, t: float = 0.0,
         took: float = 0.05, current: float | None = None) -> None:
    answer = {"status": status, "interval": interval, "currentTime": stamp(t + took if current is None else current)}
    csms.harness("BootNotification", BOOT, answer, t=t, took=took)


def test_an_accepted_boot_with_interval_0(csms: Conversation) -> None:
    boot(csms, interval=0)
    boot(csms, "Pending", interval=0, t=1)  # the charge point picks its own retry interval
    [finding] = csms.trace.findings
    assert (finding.rule, finding.severity, finding.extended) == ("boot.accepted-interval", "warning", True)
    assert finding.message == (
        "BootNotification.conf Accepted gives interval 0: with Accepted the interval is the heartbeat interval,"
        " and 0 leaves the charge point without one")


def test_current_time_within_the_tolerance_of_the_exchange(csms: Conversation) -> None:
    boot(csms, took=0.5, current=-0.9)
    csms.harness("Heartbeat", {}, {"currentTime": stamp(11.0)}, t=10)
    assert csms.trace.findings == []
    csms.harness("Heartbeat", {}, {"currentTime": stamp(20 - 180)}, t=20)
    assert [f.message for f in csms.trace.findings] == [
        ("Heartbeat.conf currentTime 2026-03-01T11:57:20.000Z is -180.0 s off the harness's clock (tolerance 1 s):"
        " charge points set their clocks by it")]


def test_a_call_before_the_boot_is_answered(csms: Conversation) -> None:
    csms.dut("GetConfiguration", {}, {"configurationKey": []}, t=0.02)
    boot(csms, t=0.0, took=0.05)
    csms.dut("GetConfiguration", {}, {"configurationKey": []}, t=0.1)
    assert [f.message for f in csms.findings("boot.call-before-accepted")] == [
        ("the CSMS sent GetConfiguration before it answered the charge point's BootNotification; until it is"
        " answered (Accepted, or Pending for queries and configuration) the CSMS has nothing to send")]


@pytest.mark.parametrize(("status", "action", "flagged"), [
    ("Pending", "GetConfiguration", False),
    ("Pending", "TriggerMessage", False),
    ("Pending", "RemoteStartTransaction", True),
    ("Rejected", "GetConfiguration", True),
    ("Accepted", "RemoteStartTransaction", False),
])
def test_what_the_registration_allows(csms: Conversation, status: str, action: str, flagged: bool) -> None:
    boot(csms, status)
    csms.dut(action, {"idTag": "TAG-VALID-1"} if action.startswith("Remote") else {}, {"status": "Accepted"}, t=1)
    assert bool(csms.findings("boot.call-before-accepted")) is flagged


@pytest.mark.parametrize(("action", "tag", "status", "flagged"), [
    ("StartTransaction", "TAG-VALID-1", "Accepted", False),
    ("StartTransaction", "TAG-VALID-2", "ConcurrentTx", False),
    ("StartTransaction", "TAG-INVALID", "Invalid", False),
    ("StartTransaction", "TAG-INVALID", "Accepted", True),
    ("StartTransaction", "TAG-BLOCKED", "Accepted", True),
    ("StartTransaction", "SOMEONE-ELSE", "Accepted", False),  # not a PICS tag: nothing to compare
    ("StopTransaction", "TAG-VALID-1", "Accepted", False),
    ("StopTransaction", "TAG-VALID-1", "Invalid", True),
    ("StopTransaction", "TAG-VALID-1", "ConcurrentTx", True),
    ("StopTransaction", "TAG-EXPIRED", "Expired", False),
])
def test_id_tag_info_matches_the_pics_tags(csms: Conversation, action: str, tag: str, status: str,
                                           flagged: bool) -> None:
    boot(csms)
    csms.harness(action, {"idTag": tag}, {"transactionId": 1, "idTagInfo": {"status": status}}, t=1)
    rule = "start.id-tag-info" if action == "StartTransaction" else "stop.id-tag-info"
    assert csms.rules() == ([rule] if flagged else [])


def test_the_stop_message_names_the_tag_and_its_status(csms: Conversation) -> None:
    boot(csms)
    csms.harness("StopTransaction", {"idTag": "TAG-VALID-1"}, {"idTagInfo": {"status": "Invalid"}}, t=1)
    assert csms.trace.findings[0].message == (
        "StopTransaction.conf gives id tag TAG-VALID-1 idTagInfo status 'Invalid'; the PICS declares it Accepted")


def test_remote_start_carries_the_id_tag_asked_for_an_official_rule(csms: Conversation) -> None:
    boot(csms)
    csms.checks.asked("RemoteStartTransaction", {"connectorId": 1, "idTag": "TAG-VALID-1"})
    csms.dut("RemoteStartTransaction", {"connectorId": 1, "idTag": "TAG-VALID-2"}, {"status": "Accepted"}, t=1)
    csms.dut("RemoteStartTransaction", {"connectorId": 1, "idTag": "TAG-VALID-2"}, {"status": "Accepted"}, t=2)
    [finding] = csms.trace.findings
    assert (finding.rule, finding.extended) == ("remote-start.id-tag", False)
    assert finding.message == "RemoteStartTransaction is for id tag 'TAG-VALID-2'; the operator asked for 'TAG-VALID-1'"


def test_an_ask_belongs_to_its_case(csms: Conversation) -> None:
    boot(csms)
    csms.checks.asked("RemoteStartTransaction", {"idTag": "TAG-VALID-1"})
    csms.trace = Trace()
    csms.dut("RemoteStartTransaction", {"idTag": "TAG-VALID-2"}, {"status": "Accepted"}, t=1)
    assert csms.trace.findings == []


def test_a_call_in_the_same_segment_as_the_boot_answer_is_ordered_by_the_trace(csms: Conversation) -> None:
    csms.dut("GetConfiguration", {}, {"configurationKey": []}, t=0.05)  # frames 1, 2
    boot(csms, t=0.0, took=0.05)  # its answer, frame 4, came in the same read
    assert csms.rules() == ["boot.call-before-accepted"]


def test_a_rejection_holds_for_its_connection(csms: Conversation) -> None:
    boot(csms, "Rejected")
    csms.reconnect(5)
    csms.dut("GetConfiguration", {}, {"configurationKey": []}, t=5.1)  # a new connection, no boot yet
    assert csms.rules() == []
