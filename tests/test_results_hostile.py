"""results.jsonl holds every case whatever its trace carries: the writer never fails on content,
and a flood of frames is counted rather than stored beyond a cap."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from octt_py.results import (
    KEEP_FIRST,
    KEEP_LAST,
    MAX_RECORD_NESTING,
    MAX_STORED_FINDINGS,
    CaseResult,
    ResultsWriter,
    read_results,
)
from octt_py.trace import Direction, FindingKind, Trace
from octt_py.verdict import Verdict


def _case(case_id: str, trace: Trace) -> dict[str, Any]:
    return CaseResult(
        case_id, "t", "Core", "csms", Verdict.FAIL, "r", "2026-03-02T09:00:00.000Z", 1.0, "", trace
    ).to_json()


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def test_a_980_deep_payload_does_not_delete_its_case(tmp_path: Path) -> None:
    trace = Trace()
    payload = {"vendorId": "X", "data": _nested(980)}
    trace.frame(Direction.IN, "[2,...]", time.monotonic_ns(), {"message_type": "CALL", "payload": payload})
    writer = ResultsWriter(tmp_path / "results.jsonl")
    writer.write(_case("TC_A", trace))
    writer.write(_case("TC_B", Trace()))
    _, cases = read_results(tmp_path / "results.jsonl")
    assert [c["case_id"] for c in cases] == ["TC_A", "TC_B"]
    shown = json.dumps(cases[0]["events"][0]["data"]["payload"])
    assert f"nested deeper than {MAX_RECORD_NESTING}" in shown


def test_lone_surrogates_and_line_separators_keep_every_line(tmp_path: Path) -> None:
    hostile = "a\udcff\ud800b\u2028c\u2029d\x85e\x1cf\x00g"
    writer = ResultsWriter(tmp_path / "results.jsonl")
    for case_id in ("TC_A", "TC_B", "TC_C"):
        writer.write({"type": "case", "case_id": case_id, "reason": hostile, "n": float("nan")})
    _, cases = read_results(tmp_path / "results.jsonl")
    assert [c["case_id"] for c in cases] == ["TC_A", "TC_B", "TC_C"]
    assert cases[0]["reason"] == hostile
    assert len((tmp_path / "results.jsonl").read_bytes().split(b"\n")) == 4


def test_content_json_cannot_write_still_gets_its_line(tmp_path: Path) -> None:
    circular: dict[str, Any] = {"a": 1}
    circular["self"] = circular
    writer = ResultsWriter(tmp_path / "results.jsonl")
    writer.write({"type": "case", "case_id": "TC_A", "verdict": "fail", "data": circular, "x": {1, 2}})
    _, cases = read_results(tmp_path / "results.jsonl")
    assert cases[0]["case_id"] == "TC_A" and cases[0]["verdict"] == "fail"


def test_a_flood_of_frames_is_counted_not_stored(tmp_path: Path) -> None:
    trace = Trace()
    trace.step("1. the harness waits")
    now = time.monotonic_ns()
    for n in range(20_000):
        event = trace.frame(
            Direction.IN, f'[2,"u{n}","Heartbeat",{{}}]', now + n, {"message_type": "CALL", "payload": {}}
        )
        if n == 9_000:
            trace.finding(FindingKind.PROTOCOL, "the one that matters", event.seq)
        if n >= 9_000:
            trace.finding(FindingKind.DISCIPLINE, f"flood {n}", event.seq)
    trace.step("2. done")
    writer = ResultsWriter(tmp_path / "results.jsonl")
    writer.write(_case("TC_A", trace))
    _, (case,) = read_results(tmp_path / "results.jsonl")
    seqs = [e["seq"] for e in case["events"]]
    assert seqs[:KEEP_FIRST] == list(range(1, KEEP_FIRST + 1))
    assert seqs[-KEEP_LAST:] == list(range(20_002 - KEEP_LAST + 1, 20_003))
    assert 9_002 in seqs, "a frame a finding is about is kept"
    assert case["events_omitted"] == 20_002 - len(seqs) > 15_000
    assert len(case["findings"]) == MAX_STORED_FINDINGS
    assert case["findings"][0]["message"] == "the one that matters"
    assert case["findings_omitted"] == 11_001 - MAX_STORED_FINDINGS
    assert (tmp_path / "results.jsonl").stat().st_size < 2_000_000


def test_a_line_torn_by_an_interrupted_writer_costs_only_itself(tmp_path: Path) -> None:
    """Two processes of one run append to one results.jsonl; one killed mid-line must not glue
    its torn record to the next case's line."""
    path = tmp_path / "results.jsonl"
    writer = ResultsWriter(path)
    writer.write(_case("TC_001_CSMS", Trace()))
    with path.open("a", encoding="utf-8") as torn:
        torn.write('{"type": "case", "case_id": "TC_003_CSMS", "verd')
    writer.write(_case("TC_004_1_CSMS", Trace()))
    _, cases = read_results(path)
    assert [c["case_id"] for c in cases] == ["TC_001_CSMS", "TC_004_1_CSMS"]
