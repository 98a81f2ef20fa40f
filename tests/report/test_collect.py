"""Merging results files: xdist workers, torn lines, repeated cases, earlier runs and several
folders, each verdict tagged with the run it comes from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from octt_py import cli
from octt_py.report.collect import case_order, collect
from octt_py.report.model import build


def test_a_folder_merges_every_worker_file(charge_point_results: Path) -> None:
    records = collect(charge_point_results)
    assert [p.name for p in records.files] == ["results-gw0.jsonl", "results-gw1.jsonl"]
    assert len(records.runs) == 2
    assert [c["case_id"] for c in records.cases] == [
        "TC_001_CS",
        "TC_010_CS",
        "TC_019_CS",
        "TC_021_CS",
        "TC_054_CS",
    ]


def test_a_torn_last_line_is_skipped(csms_results: Path) -> None:
    records = collect(csms_results / "results.jsonl")
    assert "TC_012_CSMS" not in {c["case_id"] for c in records.cases}
    assert len(records.cases) == 7


def test_a_repeated_case_counts_once_with_its_latest_record(tmp_path: Path) -> None:
    older = {
        "type": "case",
        "case_id": "TC_001_CS",
        "sut": "charge-point",
        "verdict": "fail",
        "started": "2026-01-01T10:00:00Z",
    }
    newer = {**older, "verdict": "pass", "started": "2026-01-01T11:00:00Z"}
    (tmp_path / "results.jsonl").write_text(json.dumps(newer) + "\n")
    (tmp_path / "results-gw0.jsonl").write_text(json.dumps(older) + "\n")
    assert [c["verdict"] for c in collect(tmp_path).cases] == ["pass"]


def test_a_late_finding_amends_the_case_it_belongs_to(tmp_path: Path) -> None:
    passed = {"type": "case", "case_id": "TC_003_CS", "sut": "charge-point", "verdict": "pass",
              "reason": "all steps passed", "started": "2026-01-01T10:00:00Z", "findings": []}
    later = {**passed, "case_id": "TC_004_1_CS", "started": "2026-01-01T10:01:00Z"}
    late = {"kind": "discipline", "message": "reply to ClearCache came after the harness had given up waiting",
            "frame": 7, "extended": False, "rule": "", "severity": "error", "case": "TC_003_CS"}
    amend = {"type": "amend", "case_id": "TC_003_CS", "noted_in": "TC_004_1_CS", "finding": late}
    (tmp_path / "results.jsonl").write_text("\n".join(json.dumps(r) for r in (passed, later, amend)) + "\n")
    first, second = collect(tmp_path).cases
    assert (first["verdict"], first["reason"]) == (
        "fail",
        "after the case (seen in TC_004_1_CS): discipline nonconformance: reply to ClearCache came after the "
        "harness had given up waiting",
    )
    assert first["findings"][-1]["case"] == ""
    assert second["verdict"] == "pass"


def test_no_results_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no results"):
        collect(tmp_path)


def test_case_ids_sort_by_number() -> None:
    ids = ["TC_010_CS", "TC_004_1_CS", "TC_004_CS", "TC_004_2_CS", "TC_001_CS"]
    assert sorted(ids, key=case_order) == [
        "TC_001_CS",
        "TC_004_CS",
        "TC_004_1_CS",
        "TC_004_2_CS",
        "TC_010_CS",
    ]


def _case(case_id: str, verdict: str, started: str, run: str | None) -> dict[str, object]:
    record: dict[str, object] = {
        "type": "case", "case_id": case_id, "sut": "csms", "profile": "Core", "title": case_id,
        "verdict": verdict, "reason": verdict, "started": started, "duration_s": 1.0,
    }
    if run is not None:
        record["run"] = run
    return record


def _header(run: str, model: str) -> dict[str, object]:
    return {"type": "run", "run": run, "started": run, "sut": "csms",
            "pics": {"dut": {"model": model}}, "tool": "octt-py test"}


def _write(path: Path, *records: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as file:
        for record in records:
            file.write(json.dumps(record) + "\n")


FIRST, SECOND = "2026-01-01T10:00:00.000Z", "2026-01-02T10:00:00.000Z"


def test_several_folders_merge_with_the_latest_verdict_and_its_run(tmp_path: Path) -> None:
    _write(tmp_path / "monday" / "results.jsonl", _header(FIRST, "Old model"),
           _case("TC_001_CSMS", "pass", "2026-01-01T10:00:01Z", FIRST),
           _case("TC_003_CSMS", "fail", "2026-01-01T10:00:05Z", FIRST))
    _write(tmp_path / "tuesday" / "results.jsonl", _header(SECOND, "New model"),
           _case("TC_003_CSMS", "pass", "2026-01-02T10:00:01Z", SECOND))
    records = collect([tmp_path / "monday", tmp_path / "tuesday"])
    assert {c["case_id"]: (c["verdict"], c["run"]) for c in records.cases} == {
        "TC_001_CSMS": ("pass", FIRST), "TC_003_CSMS": ("pass", SECOND),
    }
    assert [(s.label, s.run, s.cases, s.files) for s in records.sources] == [
        ("1", FIRST, 1, (tmp_path / "monday" / "results.jsonl",)),
        ("2", SECOND, 1, (tmp_path / "tuesday" / "results.jsonl",)),
    ]
    (part,) = build(records).parts
    assert part.merged and part.model == "New model"  # the newest run describes the DUT
    assert part.started == FIRST
    assert [(c.case_id, c.run) for c in part.cases] == [("TC_001_CSMS", "1"), ("TC_003_CSMS", "2")]


def test_a_run_whose_verdicts_were_all_superseded_is_not_a_source(tmp_path: Path) -> None:
    _write(tmp_path / "results.jsonl", _header(FIRST, "M"),
           _case("TC_001_CSMS", "fail", "2026-01-01T10:00:01Z", FIRST),
           _header(SECOND, "M"), _case("TC_001_CSMS", "pass", "2026-01-02T10:00:01Z", SECOND))
    records = collect(tmp_path)
    assert [s.run for s in records.sources] == [SECOND]
    (part,) = build(records).parts
    assert not part.merged and [c.run for c in part.cases] == [""]


def test_records_older_than_run_ids_belong_to_their_folder(tmp_path: Path) -> None:
    _write(tmp_path / "results.jsonl", _case("TC_001_CSMS", "pass", "2026-01-01T10:00:01Z", None))
    _write(tmp_path / "results-gw0.jsonl", _case("TC_003_CSMS", "pass", "2026-01-01T10:00:02Z", None))
    records = collect(tmp_path)
    assert [(s.run, s.cases) for s in records.sources] == [(str(tmp_path), 2)]


def test_octt_report_merges_folders_and_shows_the_run_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "a" / "results.jsonl", _header(FIRST, "M"),
           _case("TC_001_CSMS", "pass", "2026-01-01T10:00:01Z", FIRST))
    _write(tmp_path / "b" / "results.jsonl", _header(SECOND, "M"),
           _case("TC_003_CSMS", "fail", "2026-01-02T10:00:01Z", SECOND))
    assert cli.main(["report", str(tmp_path / "a"), str(tmp_path / "b"), "--no-pdf"]) == 0
    assert capsys.readouterr().out == f"wrote {tmp_path / 'a' / 'report.html'}\n"
    page = (tmp_path / "a" / "report.html").read_text()
    assert '<th class="num">Run</th>' in page
    assert "The verdicts come from 2 runs" in page
    assert f"{tmp_path / 'b' / 'results.jsonl'}" in page
