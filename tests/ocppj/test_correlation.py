"""OCPP-J discipline: correlation by unique id, one outstanding CALL, late and unknown replies."""

import pytest

from octt_py.ocppj.correlation import Breach, Correlator, Exchange, Rule
from octt_py.ocppj.frames import Call, CallError, CallResult


def test_reply_matches_outstanding_call_with_latency() -> None:
    correlator = Correlator()
    correlator.call_sent(Call("a", "Reset", {"type": "Hard"}), sent_ns=1_000)
    assert correlator.awaiting_reply
    outcome = correlator.reply_received(CallResult("a", {"status": "Accepted"}), received_ns=6_000)
    assert isinstance(outcome, Exchange)
    assert outcome.latency_ns == 5_000
    assert not correlator.awaiting_reply


def test_reply_to_unknown_id_is_a_breach() -> None:
    outcome = Correlator().reply_received(CallResult("nope", {}), received_ns=1)
    assert outcome == Breach(
        Rule.REPLY_TO_UNKNOWN_ID, "reply to unique id 'nope', which matches no CALL the harness sent", "nope"
    )


def test_second_reply_is_a_duplicate() -> None:
    correlator = Correlator()
    correlator.call_sent(Call("a", "Reset", {}), 0)
    correlator.reply_received(CallResult("a", {}), 1)
    outcome = correlator.reply_received(CallError("a", "GenericError"), 2)
    assert isinstance(outcome, Breach) and outcome.rule is Rule.DUPLICATE_REPLY


def test_reply_after_timeout_is_late_not_unknown() -> None:
    correlator = Correlator()
    correlator.call_sent(Call("a", "GetConfiguration", {}), 0)
    correlator.call_timed_out("a")
    outcome = correlator.reply_received(CallResult("a", {}), 31_000_000_000)
    assert outcome == Breach(
        Rule.LATE_REPLY,
        "reply to GetConfiguration came after the harness had given up waiting (31000 ms after the CALL)",
        "a",
    )


def test_harness_reusing_its_own_id_is_a_harness_bug() -> None:
    correlator = Correlator()
    correlator.call_sent(Call("a", "Reset", {}), 0)
    with pytest.raises(ValueError):
        correlator.call_sent(Call("a", "Reset", {}), 1)


def test_dut_second_call_while_first_unanswered() -> None:
    correlator = Correlator()
    assert correlator.call_received(Call("1", "StartTransaction", {}), 10) == []
    (breach,) = correlator.call_received(Call("2", "StatusNotification", {}), 11)
    assert breach.rule is Rule.SECOND_OUTSTANDING_CALL
    assert breach.message == (
        "StatusNotification sent while its StartTransaction ('1') was still unanswered; "
        "OCPP-J allows one outstanding CALL per direction"
    )


def test_dut_call_that_arrived_before_the_reply_left_was_sent_while_unanswered() -> None:
    """The harness reads the second CALL only after answering the first, but the second had
    already arrived: a pipelining DUT, told by the timestamps."""
    correlator = Correlator()
    correlator.call_received(Call("1", "Heartbeat", {}), 10)
    correlator.reply_sent("1", 30)
    (breach,) = correlator.call_received(Call("2", "Heartbeat", {}), 20)
    assert breach.rule is Rule.SECOND_OUTSTANDING_CALL
    assert "('1') was still unanswered" in breach.message


def test_dut_call_after_reply_is_fine() -> None:
    correlator = Correlator()
    correlator.call_received(Call("1", "Heartbeat", {}), 10)
    correlator.reply_sent("1", 30)
    assert correlator.call_received(Call("2", "Heartbeat", {}), 31) == []


def test_a_reply_that_could_not_be_sent_leaves_no_time_to_compare() -> None:
    correlator = Correlator()
    correlator.call_received(Call("1", "Heartbeat", {}), 10)
    correlator.reply_sent("1", None)
    assert correlator.call_received(Call("2", "Heartbeat", {}), 20) == []


def test_dut_reusing_a_unique_id() -> None:
    correlator = Correlator()
    correlator.call_received(Call("1", "Heartbeat", {}), 10)
    correlator.reply_sent("1", 30)
    (breach,) = correlator.call_received(Call("1", "Heartbeat", {}), 40)
    assert breach.rule is Rule.REUSED_UNIQUE_ID
    assert breach.message == "Heartbeat reuses unique id '1' of an earlier CALL"
