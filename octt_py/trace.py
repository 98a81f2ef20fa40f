"""The evidence of one case: every frame, step, operator action, finding and measurement.

A trace is what a lab shows a vendor when a verdict is questioned, so it records frames as
they were on the wire (raw text, monotonic and wall-clock time) together with what the harness
concluded about them. Everything in it is JSON-serialisable and goes into ``results.jsonl``.
DUT-supplied text is kept verbatim here; escaping is the report's job.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

Data = dict[str, Any]

MAX_FRAME_TEXT = 64 * 1024  # a 10 MB frame from a rude DUT must not become a 10 MB report
CLIPPED = "…[clipped]"  # ends a frame text cut at MAX_FRAME_TEXT


class Direction(StrEnum):
    """Seen from the harness: ``in`` came from the DUT, ``out`` went to it."""

    IN = "in"
    OUT = "out"


class FindingKind(StrEnum):
    FRAMING = "framing"  # not valid OCPP-J
    SCHEMA = "schema"  # valid OCPP-J, payload breaks the OCPP 1.6 JSON schema
    DISCIPLINE = "discipline"  # OCPP-J rules on CALL/reply ordering and unique ids
    TIMING = "timing"  # slower than the DUT's PICS declares
    PROTOCOL = "protocol"  # unknown action, unsolicited reply ...
    CONSISTENCY = "consistency"  # a rule across messages: meter values, transactions, statuses
    IDLE = "idle"  # the DUT was left (or found) in a state other than idle


class Severity(StrEnum):
    """How sure a finding is to be a product bug: ``error`` breaks a rule of the spec, ``warning``
    is the harness's reading of it or a likely bug the spec does not name."""

    ERROR = "error"
    WARNING = "warning"


@dataclass
class Finding:
    """A nonconformance of the DUT seen anywhere in a case.

    An *official* finding fails the case: the OCTT would fail it too. An *extended* one
    (``extended``, named by a ``rule`` of ``octt_py/checks/rules.py``) goes beyond the official
    step table: it is shown everywhere and fails the case only in a strict run.
    """

    kind: FindingKind
    message: str
    frame: int | None = None  # sequence number of the frame it is about
    extended: bool = False
    rule: str = ""
    severity: Severity = Severity.ERROR
    case: str = ""  # set when it belongs to an earlier case (a late reply): that case's record is amended


@dataclass
class Measurement:
    """A timed DUT behaviour, e.g. the response time of one Authorize."""

    name: str  # "Response time Authorize", "OCPP response timeout" ...
    action: str
    value_ms: float
    limit_ms: float | None
    frame: int | None = None

    @property
    def exceeded(self) -> bool:
        return self.limit_ms is not None and self.value_ms > self.limit_ms


@dataclass(slots=True)
class Event:
    """One thing that happened, stamped twice: ``at_ns`` (monotonic) orders and times events,
    ``wall_ns`` (epoch) dates them for the report.

    The wall time is formatted, and a frame's description built, only when first read (in
    practice when the trace is written): done per frame on the receive path, that work would
    cost more than everything else in recording it (docs/performance.md §1).
    """

    seq: int
    type: str  # "frame", "step", "operator", "note", "connection"
    at_ns: int
    wall_ns: int
    _data: Data | Callable[[], Data] = field(default_factory=dict)

    @property
    def data(self) -> Data:
        if callable(self._data):
            self._data = self._data()
        return self._data

    @property
    def wall(self) -> str:
        return wall_clock(self.wall_ns)


def wall_clock(epoch_ns: int | None = None) -> str:
    """UTC ISO 8601 with milliseconds, e.g. 2026-11-22T06:12:31.123Z; now unless given."""
    at = datetime.now(UTC) if epoch_ns is None else datetime.fromtimestamp(epoch_ns / 1e9, UTC)
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Trace:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.findings: list[Finding] = []
        self.measurements: list[Measurement] = []
        self._origin_ns = time.monotonic_ns()

    def _add(self, type_: str, at_ns: int | None, data: Data | Callable[[], Data]) -> Event:
        event = Event(
            len(self.events) + 1, type_, at_ns or time.monotonic_ns(), time.time_ns(), data
        )
        self.events.append(event)
        return event

    def frame(
        self,
        direction: Direction,
        text: str,
        at_ns: int,
        meta: Data | Callable[[], Data] | None = None,
    ) -> Event:
        """A frame as it was on the wire, with what the harness read from it: ``meta``, or a
        function that builds it when the event is first read. Either way the dict becomes the
        event's data, so it must be the caller's own."""
        clipped = text if len(text) <= MAX_FRAME_TEXT else text[:MAX_FRAME_TEXT] + CLIPPED
        if callable(meta):
            describe = meta
            return self._add("frame", at_ns, lambda: _frame_data(direction, clipped, describe()))
        return self._add("frame", at_ns, _frame_data(direction, clipped, meta or {}))

    def step(self, description: str) -> Event:
        return self._add("step", None, {"description": description})

    def operator(self, name: str, params: dict[str, Any], outcome: str) -> Event:
        return self._add("operator", None, {"action": name, "params": params, "outcome": outcome})

    def note(self, text: str) -> Event:
        return self._add("note", None, {"text": text})

    def connection(self, what: str, at_ns: int | None = None, tls: dict[str, Any] | None = None) -> Event:
        """A connection event; ``tls`` is the handshake's evidence (transport/tls.py records)."""
        return self._add("connection", at_ns, {"what": what, "tls": tls} if tls else {"what": what})

    def finding(
        self,
        kind: FindingKind,
        message: str,
        frame: int | None = None,
        *,
        extended: bool = False,
        rule: str = "",
        severity: Severity = Severity.ERROR,
        case: str = "",
    ) -> Finding:
        found = Finding(kind, message, frame, extended, rule, severity, case)
        self.findings.append(found)
        return found

    def own_findings(self) -> list[Finding]:
        """The findings about this case, not those it holds for an earlier one."""
        return [f for f in self.findings if not f.case]

    def official_findings(self) -> list[Finding]:
        return [f for f in self.own_findings() if not f.extended]

    def extended_findings(self) -> list[Finding]:
        return [f for f in self.own_findings() if f.extended]

    def held_for_earlier_cases(self) -> list[Finding]:
        return [f for f in self.findings if f.case]

    def measure(self, measurement: Measurement) -> None:
        self.measurements.append(measurement)

    def absorb(self, other: Trace, label: str) -> None:
        """Take over what ``other`` recorded (e.g. frames between two cases) under a note."""
        if not other.events and not other.findings:
            return
        self.note(label)
        offset = len(self.events)
        for event in other.events:
            event.seq += offset
            self.events.append(event)
        for found in other.findings:
            found.frame = _shift(found.frame, offset)
            self.findings.append(found)
        for m in other.measurements:
            self.measurements.append(
                Measurement(m.name, m.action, m.value_ms, m.limit_ms, _shift(m.frame, offset))
            )

    def relative_ms(self, at_ns: int) -> float:
        return (at_ns - self._origin_ns) / 1e6

    def to_json(self) -> dict[str, Any]:
        return {
            "events": [
                {
                    "seq": e.seq,
                    "type": e.type,
                    "at_ns": e.at_ns,
                    "wall": e.wall,
                    "data": e.data,
                    "t_ms": round(self.relative_ms(e.at_ns), 3),
                }
                for e in self.events
            ],
            "findings": [asdict(f) for f in self.findings],
            "measurements": [{**asdict(m), "exceeded": m.exceeded} for m in self.measurements],
        }


def _frame_data(direction: Direction, text: str, meta: Data) -> Data:
    meta["direction"] = direction  # a StrEnum: kept and written as "in" / "out"
    meta["text"] = text
    return meta


def _shift(seq: int | None, offset: int) -> int | None:
    return None if seq is None else seq + offset
