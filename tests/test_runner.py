"""How outcomes become verdicts when the DUT itself goes away or misbehaves outside a case's steps."""

from __future__ import annotations

from octt_py.campaign import Campaign
from octt_py.pics import SutSide
from octt_py.testcase import discover
from octt_py.verdict import Verdict

CASES = {case.case_id: case for case in discover()}


def test_a_csms_that_dies_fails_the_running_case_and_later_cases_are_inconclusive() -> None:
    """Real CSMSs have died on a same-id reconnect milliseconds after a drop; the case during
    which it happens says so, and the next ones report "DUT unreachable" rather than a cascade
    of unrelated failures."""
    campaign = Campaign(reference=[SutSide.CSMS], faults=["crash_on_same_id_reconnect"])
    try:
        first = campaign.run(CASES["TC_001_CSMS"])
        crashed = campaign.run(CASES["TC_003_CSMS"])
        after = [campaign.run(CASES[c]) for c in ("TC_004_1_CSMS", "TC_010_CSMS")]
    finally:
        campaign.close()
    assert first.verdict is Verdict.PASS
    assert crashed.verdict in (Verdict.FAIL, Verdict.INCONCLUSIVE), crashed.reason
    for result in after:
        assert result.verdict is Verdict.INCONCLUSIVE
        assert result.reason.startswith("DUT unreachable: cannot connect to ws://127.0.0.1:")


def test_a_case_for_the_other_side_is_not_applicable() -> None:
    campaign = Campaign(reference=[SutSide.CSMS])
    try:
        result = campaign.run(CASES["TC_001_CS"])
    finally:
        campaign.close()
    assert (result.verdict, result.reason) == (
        Verdict.NOT_APPLICABLE, "the DUT is a csms, this case tests a charge-point"
    )
