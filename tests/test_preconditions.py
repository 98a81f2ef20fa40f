"""A case whose preconditions the DUT cannot be brought to is inconclusive, never failed.

The configuration and memory states a case starts from are not what it tests: a DUT that cannot
reach them has shown nothing about the case's subject, so the verdict says which state was not
reached and why (issue 12 §5). These run the cases against reference DUTs with planted faults
that break the way a state is reached, not the case's own steps.
"""

from __future__ import annotations

from octt_py.campaign import Campaign
from octt_py.pics import SutSide
from octt_py.results import CaseResult
from octt_py.testcase import discover
from octt_py.verdict import Verdict

CASES = {case.case_id: case for case in discover()}


def _run(case_id: str, fault: str) -> CaseResult:
    campaign = Campaign(reference=[SutSide.CHARGE_POINT], faults=[fault])
    try:
        return campaign.run(CASES[case_id])
    finally:
        campaign.close()


def test_a_cached_id_case_whose_cache_state_cannot_be_built_is_inconclusive() -> None:
    """Memory state IdTagCached is a transaction with the tag, stopped remotely: a charge point
    that ignores the remote stop cannot be brought there, and TC_007_1 says so instead of failing
    at a step of the state."""
    result = _run("TC_007_1_CS", "remote_stop_ignored")
    assert result.verdict is Verdict.INCONCLUSIVE, result.reason
    assert result.reason.startswith("precondition IdTagCached not reachable: expected StopTransaction"), result.reason


def test_the_cached_id_state_no_longer_needs_the_connection_timeout_flow() -> None:
    """A charge point whose authorizations never time out used to fail every cached-id case
    while the harness built IdTagCached through ConnectionTimeOut; the transaction that builds it
    now does not depend on that flow."""
    for case_id in ("TC_007_1_CS", "TC_061_1_CS"):
        result = _run(case_id, "connection_timeout_ignored")
        assert (result.verdict, result.reason) == (Verdict.PASS, "all steps passed"), (case_id, result.reason)


def test_a_configuration_state_accepted_but_not_applied_is_inconclusive() -> None:
    """ChangeConfiguration answered Accepted whose value does not read back leaves the state
    unreached: the case is inconclusive (and the extended finding fails it under --strict)."""
    result = _run("TC_005_3_CS", "change_configuration_not_stored")
    assert result.verdict is Verdict.INCONCLUSIVE, result.reason
    assert result.reason == (
        "configuration state StopTransactionOnEVSideDisconnect = false not reached: ChangeConfiguration was "
        "answered Accepted, but GetConfiguration reads another value"
    )
    rules = {finding.rule for finding in result.trace.extended_findings()}
    assert "case.configuration-not-applied" in rules
