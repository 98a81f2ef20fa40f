"""Every official case, proven both ways against the bundled reference DUTs.

A case that cannot fail is a defect: each one must pass against the clean reference DUT and fail,
for the reason written in testcases/proofs.py, against a planted fault.

A proof may name ``pics_overrides`` (capabilities such as ``fixed_cable``, connection, security
or timing fields such as ``security_profile``, or ``without_profiles``: feature profiles the
reference DUT then does not declare): that proof, and a clean run of its case, use the reference
PICS with those fields changed, so a case the reference DUT as configured rules out is still
proven. A case runs clean once per distinct variant its
proofs use. A proof of an extended check (``strict``) runs strict, as ``octt run --strict`` does:
an extended finding fails a case only then. A clean run is not strict, but its reason must be
"all steps passed", which an extended finding would change, and it carries none.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from octt_py.campaign import Campaign, reference_pics
from octt_py.pics import Profile
from octt_py.reference.catalogue import all_faults
from octt_py.results import CaseResult
from octt_py.testcase import Case, discover
from octt_py.verdict import Verdict
from testcases.proofs import PROOFS, Proof, dut_of, fault_table

CASES = {case.case_id: case for case in discover()}


def run_on_reference(
    case: Case, faults: tuple[str, ...] = (), overrides: dict[str, Any] | None = None, *, strict: bool = False
) -> CaseResult:
    pics = []
    if overrides:
        base = reference_pics(case.sut)
        fields = dict(overrides)
        dropped = {Profile(name) for name in fields.pop("without_profiles", ())}
        changed: dict[str, Any] = {}
        for section in ("capabilities", "connection", "security", "timing"):
            current = getattr(base, section)
            names = {f.name for f in dataclasses.fields(current)}
            mine = {key: value for key, value in fields.items() if key in names}
            if mine:
                changed[section] = dataclasses.replace(current, **mine)
        pics.append(dataclasses.replace(base, **changed, profiles=base.profiles - dropped))
    campaign = Campaign(pics=pics, reference=[case.sut], faults=faults, strict=strict)
    try:
        return campaign.run(case)
    finally:
        campaign.close()


def _variant(overrides: dict[str, Any]) -> str:
    return "".join(f"-{key}={value}" for key, value in sorted(overrides.items()))


def _clean_runs() -> list[Any]:
    """One clean run per case and PICS variant its proofs use (the plain reference PICS if none)."""
    runs = []
    for case_id in sorted(CASES):
        variants: list[dict[str, Any]] = []
        for proof in PROOFS:
            if proof.case_id == case_id and proof.pics_overrides not in variants:
                variants.append(proof.pics_overrides)
        for overrides in variants or [{}]:
            runs.append(pytest.param(case_id, overrides, id=case_id + _variant(overrides)))
    return runs


@pytest.mark.parametrize(("case_id", "overrides"), _clean_runs())
def test_passes_on_the_clean_reference_dut(case_id: str, overrides: dict[str, Any]) -> None:
    result = run_on_reference(CASES[case_id], overrides=overrides)
    assert (result.verdict, result.reason) == (Verdict.PASS, "all steps passed"), _evidence(result)
    assert result.trace.extended_findings() == [], _evidence(result)


@pytest.mark.parametrize(
    "proof", PROOFS, ids=lambda p: f"{p.case_id}-{p.fault}{_variant(p.pics_overrides)}{'-strict' if p.strict else ''}"
)
def test_fails_on_its_planted_fault(proof: Proof) -> None:
    case = CASES[proof.case_id]
    result = run_on_reference(case, faults=(proof.fault,), overrides=proof.pics_overrides, strict=proof.strict)
    assert result.verdict is Verdict.FAIL, _evidence(result)
    assert proof.reason in result.reason, _evidence(result)


def test_every_case_has_a_planted_fault_twin() -> None:
    assert set(CASES) - {proof.case_id for proof in PROOFS} == set()


def test_proofs_name_real_cases_and_faults() -> None:
    """Each proof's fault belongs to the reference DUT its case runs against: a CSMS fault named
    by a _CS case would never be switched on, and the proof would prove nothing."""
    faults = {(fault.dut, fault.name) for fault in all_faults()}
    assert {p.case_id for p in PROOFS} <= set(CASES)
    assert {(dut_of(p), p.fault) for p in PROOFS} <= faults


def test_fault_table_credits_a_fault_only_to_cases_of_its_own_dut() -> None:
    """A fault of the same name on both reference DUTs is credited once per DUT, each time to
    the cases that really switch it on (the CSMS's data_transfer_accepts_unknown_vendor was
    once credited to TC_062_CS, which runs the charge point's)."""
    for row in fault_table().splitlines()[2:]:
        if not row.startswith("| "):
            continue
        dut, _name, _family, _what, caught = (cell.strip() for cell in row.strip("|").split("|"))
        suffix = "_CS" if dut == "charge-point" else "_CSMS"
        for case_id in caught.split(", ") if caught.startswith("TC_") else []:
            assert case_id.endswith(suffix), row


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
