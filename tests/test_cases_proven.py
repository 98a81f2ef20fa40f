"""Every official case, proven both ways against the bundled reference DUTs.

A case that cannot fail is a defect: each one must pass against the clean reference DUT and fail,
for the reason written in testcases/proofs.py, against a planted fault.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from octt_py.campaign import Campaign
from octt_py.reference.catalogue import all_faults
from octt_py.results import CaseResult
from octt_py.testcase import Case, discover
from octt_py.verdict import Verdict
from testcases.proofs import PROOFS, Proof, fault_table

CASES = {case.case_id: case for case in discover()}


def run_on_reference(case: Case, faults: tuple[str, ...] = ()) -> CaseResult:
    campaign = Campaign(reference=[case.sut], faults=faults)
    try:
        return campaign.run(case)
    finally:
        campaign.close()


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_passes_on_the_clean_reference_dut(case_id: str) -> None:
    result = run_on_reference(CASES[case_id])
    assert (result.verdict, result.reason) == (Verdict.PASS, "all steps passed"), _evidence(result)


@pytest.mark.parametrize("proof", PROOFS, ids=lambda p: f"{p.case_id}-{p.fault}")
def test_fails_on_its_planted_fault(proof: Proof) -> None:
    result = run_on_reference(CASES[proof.case_id], faults=(proof.fault,))
    assert result.verdict is Verdict.FAIL, _evidence(result)
    assert proof.reason in result.reason, _evidence(result)


def test_every_case_has_a_planted_fault_twin() -> None:
    assert set(CASES) - {proof.case_id for proof in PROOFS} == set()


def test_proofs_name_real_cases_and_faults() -> None:
    faults = {fault.name for fault in all_faults()}
    assert {p.case_id for p in PROOFS} <= set(CASES)
    assert {p.fault for p in PROOFS} <= faults


def test_fault_table_in_the_docs_is_current() -> None:
    docs = Path(__file__).resolve().parents[1] / "docs" / "faults.md"
    assert fault_table() in docs.read_text(encoding="utf-8"), "run: octt faults --table, paste into docs/faults.md"


def _evidence(result: CaseResult) -> str:
    """The verdict and the tail of the trace, so a failing proof explains itself."""
    lines = [f"{result.case_id}: {result.verdict} — {result.reason}"]
    for event in result.trace.events[-25:]:
        data = event.data
        shown = data.get("text") or data.get("description") or data.get("what") or data
        lines.append(f"  {event.type:10} {data.get('direction', ''):3} {str(shown)[:160]}")
    return "\n".join(lines)
