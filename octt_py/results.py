"""Results as they happen: one JSON line per finished case in ``results.jsonl``.

The first line describes the run (tool, schema set, redacted PICS); each case's line is written
and flushed to disk as soon as the case ends, so a run that is interrupted keeps every case that
finished and ``octt report`` can still render them.

Whatever a DUT sent, its case gets its line: the writer never fails on content (nesting past
MAX_RECORD_NESTING is cut, lone surrogates are escaped, a value JSON cannot hold is written as
text), and one case's trace is bounded: beyond MAX_STORED_EVENTS events (a DUT flooding 20,000
CALLs) the first KEEP_FIRST and last KEEP_LAST are stored with the steps, the harness's CALLs and
the frames a finding or measurement is about; the rest are counted in ``events_omitted``. The
same holds for findings past MAX_STORED_FINDINGS (``findings_omitted``).

No secret of the run is written (octt_py/secrets.py): each record is scrubbed after the run's
registry has learned the secrets its frames carry. A lab that needs the raw frames asks for
them with ``keep_secrets`` (``octt run --keep-secrets``): the record is then written as it was,
with the secrets it holds listed in ``kept_secrets`` so that its report is still scrubbed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from octt_py.secrets import MAX_DEPTH
from octt_py.secrets import RUN as RUN_SECRETS
from octt_py.trace import Trace
from octt_py.verdict import Verdict

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


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


MAX_STORED_EVENTS = 2_000
KEEP_FIRST = 1_500  # the case's set-up and how a flood began
KEEP_LAST = 300  # how it ended
MAX_STORED_FINDINGS = 1_000
MAX_RECORD_NESTING = MAX_DEPTH  # frames nest at most 64 (octt_py/ocppj/frames.py MAX_NESTING)


SHARED_FILE = fcntl is not None
"""Where a file lock exists, processes of one run (pytest-xdist workers, one per DUT side) append
to one ``results.jsonl``; elsewhere each worker writes its own ``results-gwN.jsonl``."""


class ResultsWriter:
    def __init__(self, path: Path, *, keep_secrets: bool = False) -> None:
        self.path = path
        self.keep_secrets = keep_secrets
        path.parent.mkdir(parents=True, exist_ok=True)

    def write(self, record: dict[str, Any]) -> None:
        """Append ``record`` as one line, in one write under an exclusive lock, after mending a
        line an interrupted writer left torn (so the torn record alone is lost, not this one).
        The record is scrubbed of the run's secrets first, unless they are to be kept."""
        record = bounded(record)
        RUN_SECRETS.learn_record(record)
        if self.keep_secrets:
            record = {**record, "kept_secrets": RUN_SECRETS.values()}
        else:
            record = RUN_SECRETS.record(record)
        data = (json_line(record) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)  # releases the lock


def bounded(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with its events and findings kept within MAX_STORED_EVENTS and
    MAX_STORED_FINDINGS, what was left out counted."""
    events, findings = record.get("events"), record.get("findings")
    if isinstance(findings, list) and len(findings) > MAX_STORED_FINDINGS:
        record = {**record, "findings": findings[:MAX_STORED_FINDINGS]}
        record["findings_omitted"] = len(findings) - MAX_STORED_FINDINGS
    if isinstance(events, list) and len(events) > MAX_STORED_EVENTS:
        wanted = _referenced(record.get("findings"), record.get("measurements"))
        kept = thin(events, KEEP_FIRST, KEEP_LAST, wanted, MAX_STORED_EVENTS - KEEP_FIRST - KEEP_LAST)
        record = {**record, "events": kept, "events_omitted": len(events) - len(kept)}
    return record


def thin(
    events: Sequence[dict[str, Any]], first: int, last: int, wanted: set[int], middle: int
) -> list[dict[str, Any]]:
    """The first ``first`` and last ``last`` events, and from between them up to ``middle`` of
    those a reader needs: steps, operator actions, notes, the harness's own CALLs, and the
    frames whose sequence number is in ``wanted``."""
    if len(events) <= first + last + middle:
        return list(events)
    between = [e for e in events[first : len(events) - last] if _needed(e, wanted)][:middle]
    return [*events[:first], *between, *events[len(events) - last :]]


def _needed(event: dict[str, Any], wanted: set[int]) -> bool:
    if event.get("type") != "frame":
        return True
    data = event.get("data")
    harness_call = (
        isinstance(data, dict) and data.get("direction") == "out" and data.get("message_type") == "CALL"
    )
    return harness_call or event.get("seq") in wanted


def _referenced(*lists: Any) -> set[int]:
    return {
        item["frame"]
        for items in lists
        if isinstance(items, list)
        for item in items
        if isinstance(item, dict) and isinstance(item.get("frame"), int)
    }


def json_line(record: dict[str, Any]) -> str:
    """``record`` as one line of JSON, whatever it holds. Line and paragraph separators (U+2028,
    U+2029, NEL) are escaped, so that no reader splitting on them breaks the line."""
    try:
        line = _dumps(record, ascii_only=False)
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a DUT: escaped, so the file stays UTF-8
        line = _dumps(record, ascii_only=True)
    return line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


def _dumps(record: dict[str, Any], *, ascii_only: bool) -> str:
    try:
        return json.dumps(record, ensure_ascii=ascii_only, default=str)
    except (RecursionError, ValueError, TypeError):
        return json.dumps(_tamed(record, 0, set()), ensure_ascii=ascii_only)


def _tamed(value: Any, depth: int, path: set[int]) -> Any:
    """A copy of ``value`` that JSON can write: cut below MAX_RECORD_NESTING, a cycle named."""
    if not isinstance(value, (dict, list, tuple)):
        return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
    if depth >= MAX_RECORD_NESTING:
        return f"[nested deeper than {MAX_RECORD_NESTING} levels: not recorded]"
    if id(value) in path:
        return "[circular reference: not recorded]"
    inner = path | {id(value)}
    if isinstance(value, dict):
        return {str(k): _tamed(v, depth + 1, inner) for k, v in value.items()}
    return [_tamed(v, depth + 1, inner) for v in value]


def read_results(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run headers and case records of a results file; a torn last line is skipped."""
    runs: list[dict[str, Any]] = []
    cases: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").split("\n"):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):  # a torn line, or one nobody should have written
            continue
        if isinstance(record, dict):
            (runs if record.get("type") == "run" else cases).append(record)
    return runs, cases
