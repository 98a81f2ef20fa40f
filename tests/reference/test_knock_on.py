"""A device bug fails the cases that test it, never the cases after them (issue 12 §1).

The reference charge point that skips Finishing runs through the whole charge point suite;
every case it fails must fail the same way when run alone.
"""

from __future__ import annotations

from octt_py.pics import SutSide
from octt_py.reference.knock_on import _same_failure, measure
from octt_py.verdict import Verdict


def test_a_charge_point_that_skips_finishing_causes_no_knock_on_failures() -> None:
    result = measure("skips_finishing", SutSide.CHARGE_POINT)
    assert result.alone, "the fault must fail some cases, or this test proves nothing"
    assert result.knock_on == [], "\n".join(result.lines())


def test_a_wait_for_several_messages_is_the_same_failure_whichever_of_them_came_in_time() -> None:
    alone = (Verdict.FAIL, "expected StatusNotification (connectorId=2, status='Finishing') within 2 s")
    suite = (Verdict.FAIL, ("expected StopTransaction (transactionId=58) and "
                            "StatusNotification (connectorId=2, status='Finishing') within 2 s; got instead: …"))
    other = (Verdict.FAIL, "expected StatusNotification (connectorId=1, status='Preparing') within 2 s")
    assert _same_failure(alone, suite)
    assert not _same_failure(alone, other)
    assert not _same_failure(suite, alone)  # alone it waited for more: another failure
    assert not _same_failure(alone, (Verdict.INCONCLUSIVE, alone[1]))
