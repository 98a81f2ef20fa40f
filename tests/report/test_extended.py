"""The report's section of extended findings, built from a run whose passing cases carry them."""

from __future__ import annotations

from pathlib import Path

import pytest

from octt_py.checks import flag
from octt_py.checks.rules import HEARTBEAT_IDLE_LINK, STATUS_TRANSITION
from octt_py.pics import parse_pics
from octt_py.report.collect import collect
from octt_py.report.model import build
from octt_py.report.render import to_html
from octt_py.trace import FindingKind
from octt_py.verdict import Verdict

from .conftest import CP_PICS, HOSTILE_DATA, CaseTrace, Run


def _transition(t: CaseTrace) -> None:
    seq = t.dut_call("StatusNotification", {"connectorId": 1, "status": "Charging"}, {})
    flag(t.trace, STATUS_TRANSITION, f"connector 1 went from Available to Charging {HOSTILE_DATA}", seq)


def _idle_and_transition(t: CaseTrace) -> None:
    _transition(t)
    flag(t.trace, HEARTBEAT_IDLE_LINK, "the charge point sent nothing for 5.0 s while registered")
    t.trace.finding(FindingKind.SCHEMA, "an official one", None)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run = Run(parse_pics(CP_PICS))
    run.case("TC_003_CS", "Regular Charging Session", "Core", Verdict.PASS, "all steps passed", _transition)
    run.case("TC_004_1_CS", "Identification First", "Core", Verdict.FAIL, "schema", _idle_and_transition)
    run.case("TC_010_CS", "Remote Start", "Core", Verdict.PASS, "all steps passed")
    folder = tmp_path_factory.mktemp("extended")
    (folder / "results.jsonl").write_text("\n".join(run.lines()) + "\n", encoding="utf-8")
    return folder


def test_one_row_per_rule_errors_first_with_its_cases(results: Path) -> None:
    (part,) = build(collect(results)).parts
    assert [(r.rule, r.severity, r.findings, r.cases) for r in part.extended] == [
        ("status.transition", "error", 2, ("TC_003_CS", "TC_004_1_CS")),
        ("heartbeat.idle-link", "warning", 1, ("TC_004_1_CS",)),
    ]
    assert part.extended[0].summary == STATUS_TRANSITION.summary
    case = next(c for c in part.cases if c.case_id == "TC_004_1_CS")
    assert [(f.extended, f.rule, f.severity) for f in case.findings] == [
        (True, "status.transition", "error"), (True, "heartbeat.idle-link", "warning"), (False, "", "error")]


def test_the_section_is_its_own_and_escapes_what_the_dut_sent(results: Path) -> None:
    html = to_html(build(collect(results)))
    section = html[html.index('id="part-1-extended"'):html.index('id="part-1-performance"')]
    assert "<h2>Extended findings</h2>" in section
    assert '<tr class="error"><td><code>status.transition</code></td><td>error</td>' in section
    assert '<a href="#part-1-TC_003_CS">TC_003_CS</a>, <a href="#part-1-TC_004_1_CS">TC_004_1_CS</a>' in section
    assert HOSTILE_DATA not in html
    assert 'extended error <code>status.transition</code></span> (frame #' in html


def test_a_run_without_extended_findings_says_so(tmp_path: Path) -> None:
    run = Run(parse_pics(CP_PICS))
    run.case("TC_010_CS", "Remote Start", "Core", Verdict.PASS, "all steps passed")
    (tmp_path / "results.jsonl").write_text("\n".join(run.lines()) + "\n", encoding="utf-8")
    assert "<p>No extended finding.</p>" in to_html(build(collect(tmp_path)))
