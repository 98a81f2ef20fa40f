"""Merging a run's results files: xdist workers, torn lines, repeated cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from octt_py.report.collect import case_order, collect


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
