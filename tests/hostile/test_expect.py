"""The catalogue's judge can fail: an ``error`` verdict, another verdict class, another reason
and a verdict later than its bound + 1 s are each reported."""

from __future__ import annotations

from octt_py.hostile.behaviour import SLACK_S, expect
from octt_py.pics import Timing
from octt_py.verdict import Verdict

TIMING = Timing(ocpp_response_timeout=1.5)
EXPECT = expect(Verdict.FAIL, reason=r"no reply to \w+ within 1.5 s", bound=lambda t: t.ocpp_response_timeout)


def test_what_the_behaviour_earns_has_no_problem() -> None:
    assert EXPECT.problems(Verdict.FAIL, "no reply to Reset within 1.5 s", 1.5 + SLACK_S, TIMING) == []


def test_an_error_verdict_is_a_harness_bug() -> None:
    (problem,) = EXPECT.problems(Verdict.ERROR, "no reply to Reset within 1.5 s", 0.1, TIMING)
    assert problem == "verdict error (a harness bug): no reply to Reset within 1.5 s"


def test_another_verdict_class_another_reason_and_a_late_verdict_are_each_named() -> None:
    problems = EXPECT.problems(Verdict.INCONCLUSIVE, "DUT unreachable", 2.6, TIMING)
    assert problems == [
        "verdict inconclusive, expected fail: DUT unreachable",
        "reason 'DUT unreachable' does not match 'no reply to \\\\w+ within 1.5 s'",
        "took 2.6 s, more than its bound + 1 s = 2.5 s",
    ]
