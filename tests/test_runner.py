"""How outcomes become verdicts when the DUT itself goes away or misbehaves outside a case's steps."""

from __future__ import annotations

import dataclasses

from octt_py.campaign import REFERENCE_PICS, Campaign
from octt_py.pics import Pics, SutSide, load_pics
from octt_py.testcase import discover
from octt_py.verdict import Verdict

CASES = {case.case_id: case for case in discover()}


def one_identity_no_pause() -> Pics:
    """The reference CSMS's PICS as a careless lab would write it: one charge point id, no pause."""
    pics = load_pics(REFERENCE_PICS[SutSide.CSMS])
    return dataclasses.replace(
        pics,
        identity=dataclasses.replace(pics.identity, charge_point_ids=()),
        timing=dataclasses.replace(pics.timing, case_pause=0.0, drain_window=0.0),
    )


def test_a_csms_that_dies_fails_the_running_case_and_later_cases_are_inconclusive() -> None:
    """Real CSMSs have died on a same-id reconnect milliseconds after a drop; the case during
    which it happens says so, and the next ones report "DUT unreachable" rather than a cascade
    of unrelated failures."""
    campaign = Campaign(pics=[one_identity_no_pause()], reference=[SutSide.CSMS], faults=["crash_on_same_id_reconnect"])
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


def test_a_fresh_identity_per_case_spares_a_csms_that_crashes_on_a_quick_same_id_reconnect() -> None:
    """The same CSMS bug with the reference PICS (charge_point_ids and a pause between cases):
    no case reconnects under the id the previous one just closed, so every case passes."""
    campaign = Campaign(reference=[SutSide.CSMS], faults=["crash_on_same_id_reconnect"])
    try:
        results = [campaign.run(CASES[c]) for c in ("TC_001_CSMS", "TC_003_CSMS", "TC_004_1_CSMS", "TC_010_CSMS")]
    finally:
        campaign.close()
    assert [(r.case_id, r.verdict) for r in results] == [(r.case_id, Verdict.PASS) for r in results]


def test_a_case_for_the_other_side_is_not_applicable() -> None:
    campaign = Campaign(reference=[SutSide.CSMS])
    try:
        result = campaign.run(CASES["TC_001_CS"])
    finally:
        campaign.close()
    assert (result.verdict, result.reason) == (
        Verdict.NOT_APPLICABLE, "the DUT is a csms, this case tests a charge-point"
    )


def test_a_case_that_trips_over_a_schema_breaking_message_is_the_dut_s_fail_not_a_harness_error() -> None:
    """A step that reads a field the DUT sent with the wrong type (a string transactionId) raises;
    with the schema finding in the case's trace that is the DUT's Fail, named by the finding.
    Without one it stays ``error``: a harness bug must not pass for the DUT's."""
    from octt_py.runner import _broken_by_dut
    from octt_py.trace import FindingKind, Trace

    clean = Trace()
    assert _broken_by_dut(clean, TypeError("unsupported operand")) == (
        Verdict.ERROR, "harness error: TypeError('unsupported operand')"
    )
    broken = Trace()
    broken.finding(FindingKind.SCHEMA, "StartTransaction.conf: transactionId: 'abc' is not of type 'integer'")
    assert _broken_by_dut(broken, TypeError("unsupported operand")) == (
        Verdict.FAIL,
        "the case cannot go on with what the DUT sent: StartTransaction.conf: transactionId: 'abc' is not of "
        "type 'integer'",
    )
    assert "TypeError: unsupported operand" in broken.events[-1].data["text"]  # the traceback stays
