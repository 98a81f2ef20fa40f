"""Synthetic conversations for the checks: a DUT's exchanges at chosen moments, fed the way the
session feeds them, on a clock where monotonic 0 is 12:00:00 UTC."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from octt_py.campaign import reference_pics as bundled_pics
from octt_py.checks import ChargePointChecks, CsmsChecks, Seen, Sink
from octt_py.ocppj.frames import Call, CallError, CallResult
from octt_py.pics import Pics, SutSide
from octt_py.session import Exchanged
from octt_py.trace import Finding, Trace

NOON = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def stamp(t: float) -> str:
    """The OCPP date-time ``t`` seconds after noon."""
    return (NOON + timedelta(seconds=t)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Conversation:
    """A DUT's side of a run: each exchange at a moment (seconds after noon) on a connection."""

    def __init__(self, make: Callable[[Sink], ChargePointChecks | CsmsChecks]) -> None:
        self.trace = Trace()  # the case's trace: assign a new one for the next case
        self.checks = make(Sink(lambda: self.trace))
        self.link, self.opened, self.cause = 1, 0.0, 0.0
        self._frames = 0

    def reconnect(self, t: float) -> None:
        self.link, self.opened = self.link + 1, t

    def step(self, t: float) -> None:
        """The harness does something that may make the DUT send CALLs."""
        self.cause = t

    def dut(self, action: str, payload: dict[str, Any], answer: dict[str, Any] | None = None,
            *, t: float, took: float = 0.01) -> Seen:
        """The DUT sends a CALL at ``t``; the harness answers ``answer`` (None: CALLERROR)."""
        return self._feed(True, action, payload, answer, t, t + took)

    def harness(self, action: str, payload: dict[str, Any], answer: dict[str, Any] | None = None,
                *, t: float, took: float = 0.01) -> Seen:
        """The harness sends a CALL at ``t``; the DUT answers after ``took`` seconds."""
        return self._feed(False, action, payload, answer, t, t + took)

    def silence(self, t: float) -> None:
        self.checks.silence(_ns(t), self.link)

    def rules(self) -> list[str]:
        return [f.rule for f in self.trace.findings]

    def findings(self, rule: str) -> list[Finding]:
        return [f for f in self.trace.findings if f.rule == rule]

    def _feed(self, by_dut: bool, action: str, payload: dict[str, Any], answer: dict[str, Any] | None,
              call_t: float, reply_t: float) -> Seen:
        self._frames += 2
        uid = f"id-{self._frames}"
        reply = CallResult(uid, answer) if answer is not None else CallError(uid, "InternalError", "")
        exchange = Exchanged(
            by_dut, Call(uid, action, payload), reply, _ns(call_t), _ns(reply_t),
            self._frames - 1, self._frames, True,
        )
        sent = NOON + timedelta(seconds=call_t if by_dut else reply_t)
        seen = Seen(exchange, self.link, _ns(self.opened), _ns(self.cause), sent)
        self.checks.exchanged(seen)
        return seen


def _ns(t: float) -> int:
    return round(t * 1e9)


def reference_pics(side: str, **changes: Any) -> Pics:
    pics = bundled_pics(SutSide(side))
    if "capabilities" in changes:
        changes["capabilities"] = dataclasses.replace(pics.capabilities, **changes["capabilities"])
    if "timing" in changes:
        changes["timing"] = dataclasses.replace(pics.timing, **changes["timing"])
    return dataclasses.replace(pics, **changes)


@pytest.fixture
def charge_point() -> Conversation:
    """A charge point DUT (the reference PICS: 2 connectors, heartbeat 1 s, tolerance 1 s)."""
    return Conversation(lambda sink: ChargePointChecks(reference_pics("charge-point"), sink))


@pytest.fixture
def csms() -> Conversation:
    """A CSMS DUT (the reference PICS's id tags, tolerance 1 s)."""
    return Conversation(lambda sink: CsmsChecks(reference_pics("csms"), sink))


def booted(cp: Conversation, t: float = 0.0, interval: int = 60) -> None:
    """BootNotification Accepted at ``t``, then Available for both connectors."""
    cp.dut("BootNotification", {"chargePointVendor": "V", "chargePointModel": "M"},
           {"status": "Accepted", "currentTime": stamp(t), "interval": interval}, t=t)
    for connector in (0, 1, 2):
        when = t + 0.02 * (connector + 1)
        cp.dut("StatusNotification", status(connector, "Available", when), {}, t=when)


def status(connector: int, name: str, t: float, error: str = "NoError") -> dict[str, Any]:
    return {"connectorId": connector, "errorCode": error, "status": name, "timestamp": stamp(t)}


def register(wh: float, t: float, context: str = "Sample.Periodic", **fields: Any) -> dict[str, Any]:
    """A meterValue with one Energy.Active.Import.Register sampledValue."""
    value = {"value": f"{wh:g}", "context": context, "measurand": "Energy.Active.Import.Register",
             "location": "Outlet", "unit": "Wh", **fields}
    return {"timestamp": stamp(t), "sampledValue": [value]}


def started(cp: Conversation, *, t: float, transaction_id: int = 7, connector: int = 1,
            meter_start: int = 1000, tag: str = "TAG-VALID-1", **fields: Any) -> Seen:
    payload = {"connectorId": connector, "idTag": tag, "meterStart": meter_start, "timestamp": stamp(t), **fields}
    return cp.dut("StartTransaction", payload,
                  {"transactionId": transaction_id, "idTagInfo": {"status": "Accepted"}}, t=t)


def stopped(cp: Conversation, *, t: float, transaction_id: int = 7, meter_stop: int = 1100,
            **fields: Any) -> Seen:
    payload = {"transactionId": transaction_id, "meterStop": meter_stop, "timestamp": stamp(t), **fields}
    return cp.dut("StopTransaction", payload, {}, t=t)
