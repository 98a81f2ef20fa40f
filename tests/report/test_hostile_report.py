"""The report survives any DUT data: deep nesting, 1 MiB strings, lone surrogates, control
characters, markup, NaN and floods; every case keeps its results.jsonl line and both report
files are written, DUT strings escaped and clipped."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from octt_py.report.bounds import MAX_SHOWN_FRAME
from octt_py.report.redact import Redactor
from octt_py.report.render import render
from octt_py.results import CaseResult, ResultsWriter, read_results
from octt_py.trace import Direction, FindingKind, Trace
from octt_py.verdict import Verdict

INJECTION = "</script><img src=x onerror=alert(1)>"


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def _frame(trace: Trace, payload: Any, text: str | None = None, kind: str = "CALL") -> int:
    text = text if text is not None else json.dumps([2, "u1", "DataTransfer", payload], default=str)
    meta = {"message_type": kind, "action": "DataTransfer", "unique_id": "u1", "payload": payload}
    return trace.frame(Direction.IN, text, time.monotonic_ns(), meta).seq


def _worst_cases() -> list[Trace]:
    deep, big, odd, flood = Trace(), Trace(), Trace(), Trace()
    seq = _frame(deep, {"vendorId": "X", "data": _nested(500)}, text="[" * 30_000, kind="invalid")
    deep.finding(FindingKind.FRAMING, "frame nested 30000 deep", seq)
    _frame(deep, {"vendorId": "X", "data": _nested(980)}, text="[2," + "[" * 980 + "]" * 980 + "]")
    _frame(big, {"vendorId": "X", "data": "a." * (1 << 19)})
    seq = _frame(odd, {"vendorId": INJECTION, "data": "\udcff\x00\x1b[31m\u2028", "n": float("nan"),
                       "i": float("inf")})
    odd.finding(FindingKind.SCHEMA, f"vendorId: {INJECTION!r} is too long", seq)
    for n in range(20_000):
        _frame(flood, {}, text=f'[2,"f{n}","Heartbeat",{{}}]')
    return [deep, big, odd, flood]


def test_a_worst_dut_run_keeps_every_case_and_writes_both_reports(tmp_path: Path) -> None:
    writer = ResultsWriter(tmp_path / "results.jsonl")
    ids = []
    for n, trace in enumerate(_worst_cases()):
        ids.append(f"TC_90{n}_CS")
        writer.write({**CaseResult(ids[-1], INJECTION, "Core", "charge-point", Verdict.FAIL, INJECTION,
                                   f"2026-03-02T09:0{n}:00.000Z", 1.0, "", trace).to_json(), "run": "r"})
    _, cases = read_results(tmp_path / "results.jsonl")
    assert [c["case_id"] for c in cases] == ids
    paths = render(tmp_path)
    html = paths.html.read_text(encoding="utf-8")
    assert INJECTION not in html and "&lt;/script&gt;&lt;img" in html
    assert "more frames in results.jsonl" in html
    assert "bytes more, full frame in results.jsonl" in html
    assert paths.html.stat().st_size < 3_000_000
    assert paths.pdf is not None and paths.pdf.stat().st_size > 0, paths.pdf_problem


def test_the_redactor_survives_deep_frames() -> None:
    redactor = Redactor()
    redactor.learn([{"type": "frame", "data": {"payload": _nested(980), "text": "[" * 30_000}}])
    assert redactor.raw("[" * 30_000) == "[" * 30_000


def test_a_huge_payload_is_clipped_saying_how_much_is_left() -> None:
    from octt_py.report.model import _body

    text = json.dumps([2, "u1", "DataTransfer", {"data": "x" * (1 << 20)}])
    body = _body({"text": text, "payload": json.loads(text)[3]}, "CALL", Redactor())
    assert len(body) < MAX_SHOWN_FRAME + 100
    assert body.endswith("bytes more, full frame in results.jsonl)")
