"""From results records to what the report shows: one part per DUT side, with the certificate's
verdict rule per feature profile, the performance table, the test configuration and the
per-case evidence, every DUT- or PICS-supplied string already redacted.

Escaping is left to the template (Jinja2 autoescape): the model holds plain text.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from octt_py.pics import SutSide
from octt_py.report.bounds import (
    MAX_SHOWN_FINDINGS,
    MAX_SHOWN_FRAME,
    MAX_SHOWN_TEXT,
    budgeted,
    clipped,
    shown_events,
)
from octt_py.report.charts import Series
from octt_py.report.collect import Records, RunSource
from octt_py.report.extended import ExtendedRow, extended_rows
from octt_py.report.measure import (
    PerfRow,
    Sample,
    limit_s,
    perf_rows,
    response_samples,
    triggered_samples,
)
from octt_py.report.profiles import (
    PROFILES,
    ProfileInfo,
    ProfileVerdict,
    certificate_group,
    profile_verdict,
)
from octt_py.report.redact import SECRET_KEYS, Redactor
from octt_py.report.tls import TlsView, tls_views
from octt_py.trace import wall_clock

SPECIFICATION = "OCPP 1.6 Edition 2 with errata sheet v4.0 (2019-10-23)"
PRODUCT_TYPES = {
    SutSide.CHARGE_POINT: "Charging Station",
    SutSide.CSMS: "Charging Station Management System",
}
DUT_NAMES = {SutSide.CHARGE_POINT: "Charging Station", SutSide.CSMS: "CSMS"}
VERDICT_LABELS = {
    "pass": "Pass",
    "fail": "Fail",
    "inconclusive": "Inconclusive",
    "error": "Error",
    "not_applicable": "Not applicable",
}


# -- views -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventView:
    """One row of a case's timeline."""

    seq: int
    t_ms: float
    kind: str  # frame, step, operator, note, connection, gap (events left out)
    text: str = ""  # steps, operator actions, notes, connection events
    direction: str = ""  # "CP→CSMS" / "CSMS→CP"
    from_dut: bool = False
    message_type: str = ""
    action: str = ""
    unique_id: str = ""
    body: str = ""  # pretty-printed payload, or raw text of an invalid frame
    violations: tuple[str, ...] = ()
    latency_ms: float | None = None
    limit_ms: float | None = None  # the PICS value the latency was judged against
    exceeded: bool = False  # the latency is above it
    flagged: bool = False  # a finding is about this frame


@dataclass(frozen=True)
class FindingView:
    kind: str
    message: str
    frame: int | None
    extended: bool = False  # beyond the official step table (octt_py/checks/rules.py)
    rule: str = ""
    severity: str = "error"


@dataclass(frozen=True)
class CaseView:
    case_id: str
    title: str
    profile: str
    verdict: str  # results.jsonl value
    reason: str
    started: str
    duration_s: float
    description: str
    findings: tuple[FindingView, ...]
    events: tuple[EventView, ...]
    run: str = ""  # the label of the run the verdict comes from (RunSource.label)
    more_findings: int = 0  # left out of the report (bounds.MAX_SHOWN_FINDINGS)
    tls: tuple[TlsView, ...] = ()  # the case's TLS handshakes, with the peer's certificate

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, self.verdict)

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"


@dataclass(frozen=True)
class ProfileLine:
    name: str
    description: str
    verdict: ProfileVerdict
    remark: str
    cases: tuple[CaseView, ...]


@dataclass(frozen=True)
class ConfigRow:
    key: str
    device_value: str | None
    device_readonly: bool | None
    pics_value: str | None
    pics_readonly: bool | None
    status: str  # "same", or what differs

    @property
    def differs(self) -> bool:
        return self.status not in ("same", "secret, not compared")


@dataclass(frozen=True)
class Setting:
    name: str
    value: str


@dataclass
class Part:
    """Everything the report says about one DUT."""

    side: SutSide
    product_type: str
    dut_name: str
    vendor: str
    model: str
    serial_number: str
    software_version: str
    started: str
    finished: str
    tool: str
    schema_variant: str
    schema_fingerprint: str
    reference: bool
    faults: tuple[str, ...]
    pics_source: str
    profiles: tuple[ProfileLine, ...]
    counts: tuple[tuple[str, int], ...]
    perf: tuple[PerfRow, ...]
    response_series: tuple[Series, ...]
    triggered_series: tuple[Series, ...]
    settings: tuple[Setting, ...]
    hardware: tuple[Setting, ...]
    configuration: tuple[ConfigRow, ...]
    configuration_source: str | None
    cases: tuple[CaseView, ...]
    runs: tuple[RunSource, ...] = ()  # the runs this part's verdicts come from, when merged
    extended: tuple[ExtendedRow, ...] = ()  # per rule, the extended findings of the cases
    strict: bool = False  # extended findings failed their cases

    @property
    def merged(self) -> bool:
        """Verdicts from more than one run: the report then says which run each came from."""
        return len(self.runs) > 1

    @property
    def date(self) -> str:
        """The run date as in the certificates: "February 16, 2023"."""
        moment = _parse_time(self.started)
        return f"{moment:%B} {moment.day}, {moment.year}" if moment else "—"


@dataclass(frozen=True)
class Report:
    title: str
    generated: str
    sources: tuple[str, ...]
    parts: tuple[Part, ...]


# -- building --------------------------------------------------------------------------------


def build(records: Records) -> Report:
    """The report model of one run (both DUT sides when both were tested)."""
    redactor = Redactor()
    for case in records.cases:
        redactor.learn_record(case)
    for run in records.runs:
        redactor.learn_record(run)
    sides = [
        s
        for s in SutSide
        if any(c.get("sut") == s.value for c in records.cases)
        or any(r.get("sut") == s.value for r in records.runs)
    ]
    parts = tuple(_part(side, records, redactor) for side in sides)
    models = " / ".join(p.model for p in parts if p.model)
    return Report(
        title=f"OCPP 1.6 test report — {models}" if models else "OCPP 1.6 test report",
        generated=wall_clock(),
        sources=_source_names(records),
        parts=parts,
    )


def _source_names(records: Records) -> tuple[str, ...]:
    """The results files by name, or by path when they come from more than one folder."""
    if len({path.parent for path in records.files}) == 1:
        return tuple(path.name for path in records.files)
    return tuple(str(path) for path in records.files)


def _part(side: SutSide, records: Records, redactor: Redactor) -> Part:
    cases = [c for c in records.cases if c.get("sut") == side.value]
    contributing = {c.get("run") for c in cases}
    headers = [r for r in records.runs if r.get("sut") == side.value]
    # The newest run's header describes the DUT as it is now (its PICS, the tool version).
    run = next(
        (r for r in reversed(headers) if r.get("run") in contributing),
        headers[-1] if headers else {},
    )
    pics: dict[str, Any] = run.get("pics") or {}
    dut, timing = pics.get("dut") or {}, pics.get("timing") or {}
    in_run_order = sorted(cases, key=lambda c: str(c.get("started", "")))
    runs = tuple(s for s in records.sources if s.run in contributing)
    labels = {s.run: s.label for s in runs} if len(runs) > 1 else {}
    views = tuple(
        _case_view(side, case, redactor, labels.get(str(case.get("run")), "")) for case in cases
    )
    first_header = next((r for r in headers if r.get("run") in contributing), run)
    schemas = run.get("schemas") or {}
    triggered, _ = triggered_samples(in_run_order)
    device, source = _device_configuration(in_run_order, redactor)
    is_charge_point = side is SutSide.CHARGE_POINT
    return Part(
        side=side,
        product_type=PRODUCT_TYPES[side],
        dut_name=DUT_NAMES[side],
        vendor=str(dut.get("vendor", "")),
        model=str(dut.get("model", "")),
        serial_number=str(dut.get("serial_number", "")),
        software_version=str(dut.get("software_version", "")),
        started=str(
            first_header.get("started")
            or min((str(c.get("started", "")) for c in cases), default="")
        ),
        finished=_finished(cases),
        tool=str(run.get("tool", "octt-py")),
        schema_variant=str(schemas.get("variant", "")),
        schema_fingerprint=str(schemas.get("fingerprint", "")),
        reference=bool(run.get("reference")),
        faults=tuple(str(f) for f in run.get("faults") or ()),
        pics_source=str(pics.get("source", "")),
        profiles=_profiles(pics.get("profiles") or {}, views),
        counts=_counts(views),
        perf=tuple(perf_rows(side, in_run_order, timing)),
        response_series=_series(
            response_samples(in_run_order), lambda action: _ms(limit_s(side, action, timing))
        ),
        triggered_series=_series(
            triggered, lambda _: _ms(timing.get("triggered_function_timeout"))
        ),
        settings=_settings(side, pics),
        hardware=_hardware(pics.get("capabilities") or {}) if is_charge_point else (),
        configuration=(
            _configuration_rows(device, pics.get("configuration") or {}) if is_charge_point else ()
        ),
        configuration_source=source,
        cases=views,
        runs=runs,
        extended=extended_rows(views),
        strict=bool(run.get("strict")),
    )


def _profiles(declared: dict[str, Any], cases: Sequence[CaseView]) -> tuple[ProfileLine, ...]:
    lines = []
    for info in PROFILES:
        own = tuple(c for c in cases if certificate_group(c.profile, c.case_id) == info.key)
        if info.pics_key == "security" and not own and not declared.get(info.pics_key):
            continue
        verdict = profile_verdict(c.verdict for c in own)
        lines.append(
            ProfileLine(info.name, info.description, verdict, _remark(declared, info, own), own)
        )
    return tuple(lines)


def _remark(declared: dict[str, Any], info: ProfileInfo, cases: Sequence[CaseView]) -> str:
    if declared and not declared.get(info.pics_key):
        return "not declared in the PICS"
    if not cases:
        return "no case run"
    counts = Counter(c.verdict_label.lower() for c in cases)
    return ", ".join(
        f"{n} {label}" for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _counts(cases: Sequence[CaseView]) -> tuple[tuple[str, int], ...]:
    counts = Counter(c.verdict for c in cases)
    return tuple((label, counts[key]) for key, label in VERDICT_LABELS.items())


def _series(
    samples: Sequence[Sample], limit_ms: Callable[[str], float | None]
) -> tuple[Series, ...]:
    by_label: dict[str, list[float]] = {}
    for sample in samples:
        by_label.setdefault(sample.label, []).append(sample.value_ms)
    return tuple(
        Series(label, values, limit_ms(label)) for label, values in sorted(by_label.items())
    )


def _ms(seconds: Any) -> float | None:
    return float(seconds) * 1000 if isinstance(seconds, (int, float)) else None


# -- evidence --------------------------------------------------------------------------------


_DIRECTIONS = {
    SutSide.CHARGE_POINT: {"in": "CP→CSMS", "out": "CSMS→CP"},
    SutSide.CSMS: {"in": "CSMS→CP", "out": "CP→CSMS"},
}


def _text(redactor: Redactor, value: Any, limit: int = MAX_SHOWN_TEXT) -> str:
    """A DUT string as shown: cut (bounds.py says why twice), redacted."""
    return clipped(redactor.text(clipped(str(value), 2 * limit)), limit)


def _case_view(side: SutSide, case: dict[str, Any], redactor: Redactor, run: str = "") -> CaseView:
    listed = case.get("findings", [])
    findings = tuple(
        FindingView(
            str(f.get("kind", "")),
            _text(redactor, f.get("message", "")),
            f.get("frame"),
            bool(f.get("extended")),
            str(f.get("rule") or ""),
            str(f.get("severity") or "error"),
        )
        for f in listed[:MAX_SHOWN_FINDINGS]
    )
    flagged = {f.frame for f in findings if f.frame is not None}
    limits = {m.get("frame"): m for m in case.get("measurements", []) if m.get("frame") is not None}
    return CaseView(
        case_id=str(case["case_id"]),
        title=str(case.get("title", "")),
        profile=str(case.get("profile", "")),
        verdict=str(case.get("verdict", "")),
        reason=_text(redactor, case.get("reason", ""), MAX_SHOWN_FRAME),
        started=str(case.get("started", "")),
        duration_s=float(case.get("duration_s") or 0.0),
        description=redactor.text(str(case.get("description", ""))),
        findings=findings,
        events=_event_views(side, case, redactor, flagged, limits),
        run=run,
        more_findings=len(listed) - len(findings) + int(case.get("findings_omitted") or 0),
        tls=tls_views(case.get("events", []), lambda value: _text(redactor, value)),
    )


def _event_views(
    side: SutSide,
    case: dict[str, Any],
    redactor: Redactor,
    flagged: set[int],
    limits: dict[int, dict[str, Any]],
) -> tuple[EventView, ...]:
    """The case's events, a flood cut to its first and last ones and the flagged frames."""
    before, after, hidden = shown_events(case.get("events", []), flagged)
    views = [_event_view(side, e, redactor, flagged, limits) for e in before]
    unstored = int(case.get("events_omitted") or 0)
    if hidden or unstored:
        gap = f"… {hidden:,} more frames in results.jsonl" if hidden else "…"
        if unstored:
            gap += f"; {unstored:,} more were counted, not stored (results.jsonl's events_omitted)"
        views.append(EventView(views[-1].seq if views else 0, views[-1].t_ms if views else 0.0, "gap", gap))
    views += [_event_view(side, e, redactor, flagged, limits) for e in after]
    return tuple(views)


def _event_view(
    side: SutSide,
    event: dict[str, Any],
    redactor: Redactor,
    flagged: set[int],
    measurements: dict[int, dict[str, Any]],
) -> EventView:
    data: dict[str, Any] = event.get("data") or {}
    seq, t_ms, kind = (
        int(event.get("seq", 0)),
        float(event.get("t_ms", 0.0)),
        str(event.get("type", "")),
    )
    if kind != "frame":
        return EventView(seq, t_ms, kind, _text(redactor, _event_text(kind, data), MAX_SHOWN_FRAME))
    direction = str(data.get("direction", ""))
    message_type = str(data.get("message_type", ""))
    body = _body(data, message_type, redactor)
    return EventView(
        seq,
        t_ms,
        kind,
        direction=_DIRECTIONS[side].get(direction, direction),
        from_dut=direction == "in",
        message_type=message_type,
        action=_text(redactor, data.get("action") or ""),
        unique_id=_text(redactor, data.get("unique_id") or ""),
        body=body,
        violations=tuple(_text(redactor, v) for v in data.get("violations") or ()),
        latency_ms=data.get("latency_ms"),
        limit_ms=measurements.get(seq, {}).get("limit_ms"),
        exceeded=bool(measurements.get(seq, {}).get("exceeded")),
        flagged=seq in flagged,
    )


_FULL = "full frame in results.jsonl"


def _body(data: dict[str, Any], message_type: str, redactor: Redactor) -> str:
    """A frame's payload pretty-printed, or its raw text, cut to MAX_SHOWN_FRAME."""
    text = str(data.get("text", ""))
    if message_type in ("CALL", "CALLRESULT", "CALLERROR"):
        payload = budgeted(data.get("payload"), 2 * MAX_SHOWN_FRAME)
        try:
            body = pretty_json(redactor.value(payload))
        except (RecursionError, ValueError):  # nested past Python's limit: shown as text
            body = redactor.raw(clipped(text, 2 * MAX_SHOWN_FRAME, _FULL))
        if len(text) <= MAX_SHOWN_FRAME:  # the payload fitted its budget
            return clipped(body, MAX_SHOWN_FRAME, _FULL)
        shown = body[:MAX_SHOWN_FRAME]
        rest = len(text.encode("utf-8", "surrogatepass")) - len(shown.encode("utf-8", "surrogatepass"))
        return f"{shown}… ({max(rest, len(body) - len(shown)):,} bytes more, {_FULL})"
    return clipped(redactor.raw(clipped(text, 2 * MAX_SHOWN_FRAME, _FULL)), MAX_SHOWN_FRAME, _FULL)


def pretty_json(value: Any, indent: str = "") -> str:
    """Indented JSON that keeps what fits on one line, and short flat objects, on one line: a
    GetConfiguration reply reads as one key per line instead of five."""
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, (dict, list)) or len(indent) + len(flat) <= 78:
        return flat
    items = value.values() if isinstance(value, dict) else value
    if len(flat) <= 120 and not any(isinstance(item, (dict, list)) for item in items):
        return flat
    inner = indent + "  "
    if isinstance(value, dict):
        lines = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {pretty_json(v, inner)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(lines) + f"\n{indent}}}"
    lines = [f"{inner}{pretty_json(v, inner)}" for v in value]
    return "[\n" + ",\n".join(lines) + f"\n{indent}]"


def _event_text(kind: str, data: dict[str, Any]) -> str:
    if kind == "step":
        return str(data.get("description", ""))
    if kind == "operator":
        params = ", ".join(f"{k}={v}" for k, v in (data.get("params") or {}).items())
        return f"{data.get('action', '')}({params}) → {data.get('outcome', '')}"
    if kind == "note":
        return str(data.get("text", ""))
    if kind == "connection":
        return str(data.get("what", ""))
    return json.dumps(data, ensure_ascii=False)


# -- configuration ---------------------------------------------------------------------------


_TIMING_LABELS = {
    "ocpp_response_timeout": "OCPP response timeout",
    "response_time_authorize": "Response time Authorize",
    "triggered_function_timeout": "OCPP triggered function timeout",
    "remote_start_time": "Response time RemoteStartTransaction",
    "remote_stop_time": "Response time RemoteStopTransaction",
}
_CAPABILITY_LABELS = {
    "connectors": "Socket(s) / connector(s)",
    "rfid_readers": "RFID readers",
    "reserve_connector_zero": "Reservation of connector 0",
    "firmware_url_schemes": "Firmware URL schemes",
}


def _settings(side: SutSide, pics: dict[str, Any]) -> tuple[Setting, ...]:
    capabilities = pics.get("capabilities") or {}
    connection = pics.get("connection") or {}
    settings = [
        Setting(
            "Device supports sending milliseconds in timestamps",
            _plain(capabilities.get("milliseconds_in_timestamps", "—")),
        ),
        Setting("Security profile", _plain(connection.get("security_profile", "—"))),
    ]
    if side is SutSide.CSMS:
        settings.append(Setting("CSMS endpoint", _plain(connection.get("csms_url", "—"))))
    else:
        settings.append(
            Setting(
                "Charge point identity", _plain((pics.get("dut") or {}).get("charge_point_id", "—"))
            )
        )
    settings.append(
        Setting(
            "Manual steps carried out by", _plain((pics.get("operator") or {}).get("backend", "—"))
        )
    )
    for key, value in (pics.get("timing") or {}).items():
        settings.append(Setting(_TIMING_LABELS.get(key, _label(key)), f"{_plain(value)} s"))
    return tuple(settings)


def _hardware(capabilities: dict[str, Any]) -> tuple[Setting, ...]:
    rows = []
    for key, value in capabilities.items():
        if key == "milliseconds_in_timestamps":
            continue
        shown = _plain(value)
        if key in ("connectors", "rfid_readers") and isinstance(value, int):
            shown = f"{value} ({'Multiple' if value > 1 else 'Single' if value == 1 else 'None'})"
        rows.append(Setting(_CAPABILITY_LABELS.get(key, _label(key)), shown))
    return tuple(rows)


def _device_configuration(
    cases: Sequence[dict[str, Any]], redactor: Redactor
) -> tuple[dict[str, tuple[str | None, bool | None]], str | None]:
    """The configuration keys of the latest GetConfiguration without a key filter, and the
    case whose trace first holds that reply (traces may repeat earlier frames)."""
    best: tuple[int, str, list[Any]] | None = None
    for case in cases:
        unfiltered: set[str] = set()
        for event in case.get("events", []):
            data = event.get("data") or {}
            if event.get("type") != "frame" or data.get("action") != "GetConfiguration":
                continue
            unique_id = str(data.get("unique_id"))
            if data.get("direction") == "out" and data.get("message_type") == "CALL":
                if not (data.get("payload") or {}).get("key"):
                    unfiltered.add(unique_id)
            elif (
                data.get("message_type") == "CALLRESULT"
                and unique_id in unfiltered
                and (best is None or event["at_ns"] > best[0])
            ):
                keys = (data.get("payload") or {}).get("configurationKey") or []
                best = (event["at_ns"], str(case["case_id"]), keys)
    if best is None:
        return {}, None
    device: dict[str, tuple[str | None, bool | None]] = {}
    for entry in best[2]:
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            redacted = redactor.value(budgeted(entry, 2 * MAX_SHOWN_TEXT))
            value = redacted.get("value")
            device[clipped(redacted["key"], MAX_SHOWN_TEXT)] = (
                clipped(value, MAX_SHOWN_TEXT) if isinstance(value, str) else value,
                entry.get("readonly"),
            )
    return device, best[1]


def _configuration_rows(
    device: dict[str, tuple[str | None, bool | None]], declared: dict[str, Any]
) -> tuple[ConfigRow, ...]:
    pics = {
        name.lower(): (name, entry) for name, entry in declared.items() if isinstance(entry, dict)
    }
    rows = []
    for key, (value, readonly) in device.items():
        name, entry = pics.pop(key.lower(), (None, None))
        if entry is None:
            rows.append(ConfigRow(key, value, readonly, None, None, "not declared in the PICS"))
            continue
        status = _compare(key, value, readonly, entry)
        rows.append(
            ConfigRow(key, value, readonly, entry.get("value"), entry.get("readonly"), status)
        )
    for name, entry in pics.values():
        rows.append(
            ConfigRow(
                name,
                None,
                None,
                entry.get("value"),
                entry.get("readonly"),
                "not reported by the device",
            )
        )
    return tuple(rows)


def _compare(key: str, value: str | None, readonly: bool | None, entry: dict[str, Any]) -> str:
    if key.lower() in SECRET_KEYS:
        return "secret, not compared"
    differences = []
    if value != entry.get("value"):
        differences.append("value differs")
    if readonly != entry.get("readonly"):
        differences.append("access differs")
    return ", ".join(differences) or "same"


# -- formatting ------------------------------------------------------------------------------


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _finished(cases: Sequence[dict[str, Any]]) -> str:
    ends = []
    for case in cases:
        start = _parse_time(str(case.get("started", "")))
        if start is not None:
            ends.append(start.timestamp() + float(case.get("duration_s") or 0.0))
    if not ends:
        return ""
    end = datetime.fromtimestamp(max(ends), tz=UTC)
    return end.isoformat(timespec="milliseconds").replace("+00:00", "Z")
