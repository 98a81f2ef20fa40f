"""Results as they happen: one JSON line per finished case in ``results.jsonl``.

The first line describes the run (tool, schema set, redacted PICS); each case's line is written
and flushed to disk as soon as the case ends, so a run that is interrupted keeps every case that
finished and ``octt report`` can still render them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from octt_py.trace import Trace
from octt_py.verdict import Verdict


@dataclass
class CaseResult:
    case_id: str
    title: str
    profile: str
    sut: str
    verdict: Verdict
    reason: str
    started: str
    duration_s: float
    description: str
    trace: Trace

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "case",
            "case_id": self.case_id,
            "title": self.title,
            "profile": self.profile,
            "sut": self.sut,
            "verdict": self.verdict.value,
            "reason": self.reason,
            "started": self.started,
            "duration_s": round(self.duration_s, 3),
            "description": self.description,
            **self.trace.to_json(),
        }


class ResultsWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, default=str)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(line + "\n")
            file.flush()
            os.fsync(file.fileno())


def read_results(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run headers and case records of a results file; a torn last line is skipped."""
    runs: list[dict[str, Any]] = []
    cases: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            (runs if record.get("type") == "run" else cases).append(record)
    return runs, cases
