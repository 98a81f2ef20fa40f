"""The checks of a CSMS DUT, fed by every exchange of the fake charge point's session.

The registration (no CALL before the BootNotification is answered Accepted, except what Pending
allows; an Accepted boot gives a heartbeat interval), the CSMS's clock (currentTime), the
idTagInfo it gives in StartTransaction.conf and StopTransaction.conf for the PICS's id tags, and
the official rule that a RemoteStartTransaction carries the id tag the operator asked for.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from octt_py.checks.base import Seen, Sink, attach
from octt_py.checks.clock import HARNESS_CLOCK, Clock, parse_time, seconds
from octt_py.checks.rules import (
    BOOT_ACCEPTED_INTERVAL,
    BOOT_CALL_BEFORE_ACCEPTED,
    CLOCK_CURRENT_TIME,
    REMOTE_START_ID_TAG,
    START_ID_TAG_INFO,
    STOP_ID_TAG_INFO,
    Rule,
)
from octt_py.pics import Pics
from octt_py.session import Session
from octt_py.trace import Trace

NOT_WHILE_PENDING = ("RemoteStartTransaction", "RemoteStopTransaction")  # OCPP 1.6 §4.2


@dataclass(frozen=True)
class _Call:
    """A CALL the CSMS sent, remembered for the boot it may have crossed."""

    action: str
    at_ns: int
    frame: int | None


@dataclass(frozen=True)
class _Boot:
    """When a BootNotification went out and when its answer came (monotonic, trace frame)."""

    sent_ns: int
    answered_ns: int
    answer_frame: int | None

    def crossed_by(self, call: _Call) -> bool:
        """The CSMS sent ``call`` before it answered: it arrived after the boot went out and
        before the answer (the two may share a TCP segment, hence a stamp: then the trace
        order decides)."""
        if not self.sent_ns < call.at_ns <= self.answered_ns:
            return False
        if call.at_ns < self.answered_ns:
            return True
        return call.frame is not None and self.answer_frame is not None and call.frame < self.answer_frame


class CsmsChecks:
    def __init__(self, pics: Pics, sink: Sink) -> None:
        self.pics, self.sink = pics, sink
        self.tolerance = timedelta(seconds=pics.timing.max_time_deviation)
        tags = pics.id_tags
        self.statuses: dict[str, tuple[str, ...]] = {
            tags.valid: ("Accepted",), tags.valid_2: ("Accepted",), tags.blocked: ("Blocked",),
            tags.expired: ("Expired",), tags.invalid: ("Invalid",),
        }
        self.registration: str | None = None  # the last BootNotification's answer on this connection
        self._link = 0
        self._calls: deque[_Call] = deque(maxlen=50)
        self._boots: deque[_Boot] = deque(maxlen=10)
        self._asked: dict[str, dict[str, Any]] = {}
        self._asked_in: Trace | None = None  # an ask belongs to the case that made it

    @classmethod
    def attach(cls, session: Session, pics: Pics, clock: Clock = HARNESS_CLOCK) -> CsmsChecks:
        """Checks fed by ``session``, reporting into the trace it records into at the time."""
        checks = cls(pics, Sink(lambda: session.trace))
        attach(session, checks, clock)
        return checks

    def begin_case(self) -> None:
        self.sink.begin_case()
        self._asked.clear()

    def asked(self, action: str, payload: dict[str, Any]) -> None:
        """The operator is about to make the CSMS send ``action`` with these fields."""
        self._current_asks()[action] = dict(payload)

    def exchanged(self, seen: Seen) -> None:
        if seen.link != self._link:  # a new connection: the charge point has not registered on it
            self._link, self.registration = seen.link, None
        if seen.by_dut:
            self._dut_call(seen)
            return
        handler = {
            "BootNotification": self._boot,
            "Heartbeat": self._current_time,
            "StartTransaction": self._start,
            "StopTransaction": self._stop,
        }.get(seen.action)
        if handler is not None:
            handler(seen)

    def silent_until_ns(self) -> int | None:
        return None

    def silence(self, now_ns: int, link: int) -> None:
        """No silence rule for a CSMS."""

    # -- registration ------------------------------------------------------------------------

    def _boot(self, seen: Seen) -> None:
        answer = seen.answer or {}
        status, interval = answer.get("status"), answer.get("interval")
        exchange = seen.exchange
        boot = _Boot(exchange.call_ns, exchange.reply_ns, exchange.reply_frame)
        self._boots.append(boot)
        for call in self._calls:
            if boot.crossed_by(call):
                self._before_boot(call)
        self.registration = status if isinstance(status, str) else None
        if status == "Accepted" and isinstance(interval, int) and interval <= 0:
            self.sink.report(
                BOOT_ACCEPTED_INTERVAL,
                f"BootNotification.conf Accepted gives interval {interval}: with Accepted the interval is"
                " the heartbeat interval, and 0 leaves the charge point without one",
                seen.frame,
            )
        self._current_time(seen)

    def _before_boot(self, call: _Call) -> None:
        self.sink.report(
            BOOT_CALL_BEFORE_ACCEPTED,
            f"the CSMS sent {call.action} before it answered the charge point's BootNotification;"
            " until it is answered (Accepted, or Pending for queries and configuration) the CSMS"
            " has nothing to send",
            call.frame, about=("before boot", call.at_ns),
        )

    def _dut_call(self, seen: Seen) -> None:
        call = _Call(seen.action, seen.exchange.call_ns, seen.frame)
        self._calls.append(call)
        if any(boot.crossed_by(call) for boot in self._boots):
            self._before_boot(call)
        elif self.registration == "Rejected":
            self.sink.report(
                BOOT_CALL_BEFORE_ACCEPTED,
                f"the CSMS sent {seen.action} to a charge point whose BootNotification it answered"
                " Rejected; while Rejected it should initiate nothing",
                seen.frame, about=("rejected", seen.action),
            )
        elif self.registration == "Pending" and seen.action in NOT_WHILE_PENDING:
            self.sink.report(
                BOOT_CALL_BEFORE_ACCEPTED,
                f"the CSMS sent {seen.action} while the registration is Pending; OCPP 1.6 §4.2 does not"
                " allow RemoteStartTransaction or RemoteStopTransaction then",
                seen.frame, about=("pending", seen.action),
            )
        if seen.action == "RemoteStartTransaction":
            self._remote_start(seen)

    def _remote_start(self, seen: Seen) -> None:
        asked = self._current_asks().pop("RemoteStartTransaction", None)
        wanted = (asked or {}).get("idTag")
        got = seen.payload.get("idTag")
        if wanted is not None and got != wanted:
            self.sink.report(
                REMOTE_START_ID_TAG,
                f"RemoteStartTransaction is for id tag {got!r}; the operator asked for {wanted!r}",
                seen.frame,
            )

    def _current_asks(self) -> dict[str, dict[str, Any]]:
        trace = self.sink.trace
        if trace is not self._asked_in:
            self._asked_in, self._asked = trace, {}
        return self._asked

    # -- the CSMS's clock and id tags ---------------------------------------------------------

    def _current_time(self, seen: Seen) -> None:
        stamp = (seen.answer or {}).get("currentTime")
        at = parse_time(stamp)
        if at is None:
            return
        exchange = seen.exchange
        answered = seen.sent
        sent = answered - timedelta(microseconds=(exchange.reply_ns - exchange.call_ns) / 1000)
        if sent - self.tolerance <= at <= answered + self.tolerance:
            return
        off = at - (sent if at < sent else answered)
        self.sink.report(
            CLOCK_CURRENT_TIME,
            f"{seen.action}.conf currentTime {stamp} is {seconds(off)} off the harness's clock"
            f" (tolerance {self.tolerance.total_seconds():g} s): charge points set their clocks by it",
            seen.frame, about="clock",
        )

    def _start(self, seen: Seen) -> None:
        self._id_tag_info(seen, START_ID_TAG_INFO, seen.payload.get("idTag"), extra=("ConcurrentTx",))

    def _stop(self, seen: Seen) -> None:
        self._id_tag_info(seen, STOP_ID_TAG_INFO, seen.payload.get("idTag"))

    def _id_tag_info(self, seen: Seen, rule: Rule, id_tag: Any, extra: tuple[str, ...] = ()) -> None:
        info = (seen.answer or {}).get("idTagInfo")
        expected = self.statuses.get(id_tag) if isinstance(id_tag, str) else None
        if not isinstance(info, dict) or expected is None:
            return
        allowed = expected + extra if expected == ("Accepted",) else expected
        status = info.get("status")
        if status in allowed:
            return
        self.sink.report(
            rule,
            f"{seen.action}.conf gives id tag {id_tag} idTagInfo status {status!r}; the PICS declares it"
            f" {expected[0]}",
            seen.frame, about=(seen.action, id_tag),
        )
