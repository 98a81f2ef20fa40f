"""Performance measurement against the PICS: the certificate's timing table, from the traces.

Response times come from the harness's own ``measurements`` (CALL handed to the websocket
library → DUT reply received, monotonic clock, see docs/design.md "Time"). The triggered-function
time is computed here from frame timestamps (``at_ns``). Every case's trace may also hold frames
recorded before the case began, so a frame can appear in several traces: samples are keyed by
the monotonic timestamp of their frame and counted once, for the first case that holds them.

Only exchanges inside a case's own steps are measured (``_own_steps``): not what the harness did
before the case (frames left over from the last one, preparations) nor its return to idle after
it, where a cleanup RemoteStopTransaction answered 25 s later would otherwise stand in the table
with no verdict behind it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from octt_py.pics import SutSide

TRIGGERED_FUNCTION_DEFINITION = (
    "Time from the harness's CALL to the CALL the charging station sends in consequence, in "
    "the same test case, counted only when the station answered the CALL with Accepted: "
    "RemoteStartTransaction → StartTransaction (same idTag and, when given, connector); "
    "RemoteStopTransaction → StopTransaction (same transactionId); TriggerMessage and "
    "ExtendedTriggerMessage → the requested message (same connector when given). Firmware "
    "update, diagnostics and reboot are excluded, as in OCTT."
)
RESPONSE_TIME_DEFINITION = (
    "Time from the harness handing a CALL to the websocket library to the DUT's "
    "CALLRESULT or CALLERROR arriving, on the monotonic clock, before any parsing or "
    "validation."
)

TIDY_UP_STEP = "After the case: return the DUT to idle"
"""The step the runner opens its return to idle with (octt_py/runner.py, ``Harness._tidy``)."""
_PREPARATION = "Before the case"  # how the steps of the runner's preparation begin

_EXTENDED_TRIGGER = {
    "FirmwareStatusNotification": "SignedFirmwareStatusNotification",
    "SignChargePointCertificate": "SignCertificate",
}


@dataclass(frozen=True)
class Sample:
    """One timed DUT behaviour."""

    label: str  # the message type, or "RemoteStartTransaction → StartTransaction"
    value_ms: float
    case_id: str
    frame: int | None  # sequence number of the frame that ended it, in case_id's trace


@dataclass(frozen=True)
class Stats:
    count: int
    worst_ms: float
    p95_ms: float
    worst_case: str
    worst_frame: int | None


@dataclass(frozen=True)
class PerfRow:
    """One line of the Performance Measurement Results table."""

    name: str
    pics_s: float | None
    stats: Stats | None
    description: str
    over: int  # samples slower than the PICS value
    missing: int  # CALLs never answered / functions never carried out

    @property
    def exceeded(self) -> bool:
        return self.over > 0


def stats(samples: Sequence[Sample]) -> Stats | None:
    """Count, worst and 95th percentile (nearest rank) of ``samples``."""
    if not samples:
        return None
    ordered = sorted(samples, key=lambda s: s.value_ms)
    worst = ordered[-1]
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]
    return Stats(len(ordered), worst.value_ms, p95.value_ms, worst.case_id, worst.frame)


def response_samples(cases: Iterable[dict[str, Any]]) -> list[Sample]:
    """The DUT's reply times, each reply once."""
    seen: set[Any] = set()
    samples = []
    for case in cases:
        at_ns = _frame_times(case)
        first, last = _own_steps(case)
        for index, m in enumerate(case.get("measurements", [])):
            if not str(m.get("name", "")).startswith("Response time "):
                continue
            if not isinstance(m.get("frame"), int) or not first <= m["frame"] < last:
                continue
            key = at_ns.get(m.get("frame"), (case["case_id"], index))
            if key in seen:
                continue
            seen.add(key)
            samples.append(
                Sample(
                    str(m.get("action", "")), float(m["value_ms"]), case["case_id"], m.get("frame")
                )
            )
    return samples


def unanswered_calls(cases: Iterable[dict[str, Any]]) -> int:
    """Harness CALLs the DUT never answered, over the whole run (a reply may land in the next
    case's trace, so this looks across cases)."""
    sent: set[str] = set()
    answered: set[str] = set()
    for case in cases:
        for event in case.get("events", []):
            data = event.get("data", {})
            if event.get("type") != "frame" or not data.get("unique_id"):
                continue
            if data.get("direction") == "out" and data.get("message_type") == "CALL":
                sent.add(data["unique_id"])
            elif data.get("direction") == "in" and data.get("message_type") in (
                "CALLRESULT",
                "CALLERROR",
            ):
                answered.add(data["unique_id"])
    return len(sent - answered)


def triggered_samples(cases: Iterable[dict[str, Any]]) -> tuple[list[Sample], int]:
    """Triggered-function times (see TRIGGERED_FUNCTION_DEFINITION), and how many accepted
    triggers were never followed by their consequence within the case's own steps."""
    seen: set[int] = set()
    samples, missing = [], 0
    for case in cases:
        first, last = _own_steps(case)
        frames = [e for e in case.get("events", []) if e.get("type") == "frame" and first <= e["seq"] < last]
        for index, event in enumerate(frames):
            data = event["data"]
            if data.get("direction") != "out" or data.get("message_type") != "CALL":
                continue
            expected = _consequence(data)
            if (
                expected is None
                or event["at_ns"] in seen
                or not _accepted(frames[index:], data["unique_id"])
            ):
                continue
            seen.add(event["at_ns"])
            follow = next(
                (f for f in frames[index + 1 :] if _is_consequence(f["data"], *expected)), None
            )
            if follow is None:
                missing += 1
                continue
            label = f"{data['action']} → {expected[0]}"
            value_ms = (follow["at_ns"] - event["at_ns"]) / 1e6
            samples.append(Sample(label, round(value_ms, 3), case["case_id"], follow["seq"]))
    return samples, missing


def perf_rows(
    side: SutSide, cases: Sequence[dict[str, Any]], timing: dict[str, Any]
) -> list[PerfRow]:
    """The certificate's Performance Measurement Results rows for a DUT of ``side``."""
    responses = response_samples(cases)
    unanswered = unanswered_calls(cases)

    def row(
        name: str, pics_key: str, samples: list[Sample], description: str, missing: int = 0
    ) -> PerfRow:
        pics_s = timing.get(pics_key)
        over = sum(1 for s in samples if pics_s is not None and s.value_ms > pics_s * 1000)
        return PerfRow(name, pics_s, stats(samples), description, over, missing)

    response_timeout = row(
        "OCPP response timeout",
        "ocpp_response_timeout",
        responses,
        "The response time for when waiting for an OCPP response message.",
        unanswered,
    )
    if side is SutSide.CSMS:
        authorize = [s for s in responses if s.label == "Authorize"]
        return _with_handshakes(cases, [
            response_timeout,
            row(
                "Response time Authorize",
                "response_time_authorize",
                authorize,
                "The response time for the Authorize message.",
            ),
        ])
    triggered, not_followed = triggered_samples(cases)
    remote_start = [s for s in responses if s.label == "RemoteStartTransaction"]
    return _with_handshakes(cases, [
        row(
            "OCPP triggered function timeout",
            "triggered_function_timeout",
            triggered,
            "The response time for when waiting for an OCPP function with its corresponding "
            "request message. (Firmware update, Diagnostics and Reboot are excluded from this "
            "measurement.)",
            not_followed,
        ),
        response_timeout,
        row(
            "Response time RemoteStartTransaction",
            "remote_start_time",
            remote_start,
            "The response time for the RemoteStartTransaction message.",
        ),
    ])


def _with_handshakes(cases: Sequence[dict[str, Any]], rows: list[PerfRow]) -> list[PerfRow]:
    """``rows`` and, when the run made TLS handshakes, an informative row of their times: no
    PICS value judges it, and it is never part of an OCPP response time."""
    samples = handshake_samples(cases)
    if not samples:
        return rows
    return [*rows, PerfRow(
        "TLS handshake", None, stats(samples),
        "The time of the security cases' TLS handshakes (informative: the certificate has no "
        "PICS value for it, and it is never counted in an OCPP response time).", 0, 0,
    )]


def handshake_samples(cases: Iterable[dict[str, Any]]) -> list[Sample]:
    """Every finished TLS handshake's time (with the HTTP upgrade), from the connection events:
    shown in a row of its own, never mixed with the OCPP response times above."""
    samples = []
    for case in cases:
        for event in case.get("events") or ():
            tls = (event.get("data") or {}).get("tls") if event.get("type") == "connection" else None
            took = tls.get("handshake_ms") if isinstance(tls, dict) else None
            if isinstance(took, (int, float)) and not isinstance(took, bool):
                samples.append(Sample("TLS handshake", float(took), str(case.get("case_id", "")),
                                      event.get("seq")))
    return samples


def limit_s(side: SutSide, action: str, timing: dict[str, Any]) -> float | None:
    """The PICS value a reply to ``action`` is judged against in the table above."""
    if side is SutSide.CSMS and action == "Authorize":
        return timing.get("response_time_authorize")
    if side is SutSide.CHARGE_POINT and action == "RemoteStartTransaction":
        return timing.get("remote_start_time")
    return timing.get("ocpp_response_timeout")


# -- helpers ---------------------------------------------------------------------------------


def _own_steps(case: dict[str, Any]) -> tuple[int, float]:
    """The events of a case's own steps, as a range of sequence numbers [first, last): from its
    first step that is not the runner's preparation (frames left over from the case before come
    earlier still) up to the runner's return to idle. A trace without steps counts whole."""
    steps = [(e["seq"], str(e.get("data", {}).get("description", ""))) for e in case.get("events", [])
             if e.get("type") == "step"]
    if not steps:
        return 0, math.inf
    last = next((seq for seq, text in steps if text == TIDY_UP_STEP), math.inf)
    first = next((seq for seq, text in steps if not text.startswith(_PREPARATION) and text != TIDY_UP_STEP), last)
    return int(first) if first != math.inf else 0, last


def _frame_times(case: dict[str, Any]) -> dict[int, int]:
    return {e["seq"]: e["at_ns"] for e in case.get("events", []) if e.get("type") == "frame"}


def _consequence(call: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The DUT CALL a harness CALL should cause, and the payload fields it must repeat."""
    payload = call.get("payload") or {}
    action = call.get("action")
    if action == "RemoteStartTransaction":
        return "StartTransaction", _given(payload, "idTag", "connectorId")
    if action == "RemoteStopTransaction":
        return "StopTransaction", _given(payload, "transactionId")
    if action in ("TriggerMessage", "ExtendedTriggerMessage") and isinstance(
        payload.get("requestedMessage"), str
    ):
        requested = payload["requestedMessage"]
        if action == "ExtendedTriggerMessage":
            requested = _EXTENDED_TRIGGER.get(requested, requested)
        return requested, _given(payload, "connectorId")
    return None


def _given(payload: dict[str, Any], *fields: str) -> dict[str, Any]:
    return {name: payload[name] for name in fields if name in payload}


def _accepted(frames: list[dict[str, Any]], unique_id: str) -> bool:
    for frame in frames:
        data = frame["data"]
        if (
            data.get("direction") == "in"
            and data.get("unique_id") == unique_id
            and data.get("message_type") != "CALL"
        ):
            payload = data.get("payload")
            return isinstance(payload, dict) and payload.get("status") == "Accepted"
    return False


def _is_consequence(data: dict[str, Any], action: str, fields: dict[str, Any]) -> bool:
    if (
        data.get("direction") != "in"
        or data.get("message_type") != "CALL"
        or data.get("action") != action
    ):
        return False
    payload = data.get("payload") or {}
    return all(name not in payload or payload[name] == value for name, value in fields.items())
