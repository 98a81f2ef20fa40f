"""What every check shares: the exchange as the checks see it, where findings go, and the glue
that feeds a session's exchanges in.

The checks themselves do no I/O and keep no clock of their own: they are told of each finished
exchange (:class:`Seen`) and, for silence, of the time now, and report through a :class:`Sink`.
So they can be fed synthetic sequences in tests, or a user's own recorded traffic, exactly as the
harness feeds them live. :func:`attach` wires them to a :class:`Session`: every exchange in both
directions, findings into the case's trace at the time they are found.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from octt_py.checks.clock import HARNESS_CLOCK, Clock
from octt_py.checks.rules import Rule
from octt_py.session import Exchanged, Link, Session
from octt_py.trace import Finding, Trace

Payload = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Seen:
    """A finished exchange with what the session knew when it finished."""

    exchange: Exchanged
    link: int  # which connection of the run it came on: 1, 2, ...
    link_opened_ns: int  # monotonic, when that connection opened
    cause_ns: int  # monotonic, the harness's last step that may make the DUT send CALLs
    sent: datetime  # harness wall clock when the DUT sent its part (its CALL, or its reply)

    @property
    def action(self) -> str:
        return self.exchange.call.action

    @property
    def by_dut(self) -> bool:
        return self.exchange.by_dut

    @property
    def payload(self) -> Payload:
        return self.exchange.call.payload

    @property
    def answer(self) -> Payload | None:
        return self.exchange.answer

    @property
    def sent_ns(self) -> int:
        """Monotonic: when the DUT sent its part."""
        return self.exchange.call_ns if self.by_dut else self.exchange.reply_ns

    @property
    def frame(self) -> int | None:
        """The trace sequence number of the DUT's frame (what a finding is about)."""
        return self.exchange.call_frame if self.by_dut else self.exchange.reply_frame


class Sink:
    """Where findings go: the trace the case records into now (asked at each finding).

    The same breach repeated in one case (a register that decreases in every MeterValues) is
    reported once: a finding is keyed by its rule and what it is ``about`` (the message when not
    given), and the keys start afresh with each case's trace.
    """

    def __init__(self, trace: Callable[[], Trace]) -> None:
        self._trace = trace
        self._current: Trace | None = None
        self._reported: set[tuple[str, object]] = set()

    def report(self, rule: Rule, message: str, frame: int | None = None, about: object = None) -> None:
        trace = self._trace()
        if trace is not self._current:
            self._current, self._reported = trace, set()
        key = (rule.id, message if about is None else about)
        if key in self._reported:
            return
        self._reported.add(key)
        flag(trace, rule, message, frame)

    def begin_case(self) -> None:
        self._reported.clear()

    @property
    def trace(self) -> Trace:
        """The trace findings go to now: the current case's."""
        return self._trace()


def flag(trace: Trace, rule: Rule, message: str, frame: int | None = None) -> Finding:
    """Record a finding of ``rule``: extended, or official when a step table names the rule."""
    return trace.finding(
        rule.kind, message, frame, extended=rule.extended, rule=rule.id, severity=rule.severity
    )


class Checks(Protocol):
    """A set of checks fed by one session."""

    def exchanged(self, seen: Seen) -> None: ...

    def begin_case(self) -> None: ...

    def silent_until_ns(self) -> int | None:
        """Monotonic: when the link will have been silent too long, if it stays so (None: no
        deadline now)."""
        ...

    def silence(self, now_ns: int, link: int) -> None:
        """The link has been silent until ``now_ns``."""
        ...


class _Watcher:
    """The session's watcher: numbers its connections, turns each exchange into a ``Seen`` and
    keeps a timer for the checks' silence deadline (a DUT that never sends again must still be
    noticed, in the case that waits for it)."""

    def __init__(self, session: Session, checks: Checks, clock: Clock) -> None:
        self.session, self.checks, self.clock = session, checks, clock
        self._link: Link | None = None
        self._links = 0
        self._timer: asyncio.TimerHandle | None = None

    def __call__(self, exchanged: Exchanged) -> None:
        session = self.session
        if session.link is not None and session.link is not self._link:
            self._link, self._links = session.link, self._links + 1
        link = self._link
        opened = link.opened_ns if link is not None else 0
        sent_ns = exchanged.call_ns if exchanged.by_dut else exchanged.reply_ns
        self.checks.exchanged(
            Seen(exchanged, self._links, opened, session.cause_ns, self.clock.wall(sent_ns))
        )
        self._arm()

    def __repr__(self) -> str:
        return f"{type(self.checks).__name__} watcher"

    def _arm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        deadline = self.checks.silent_until_ns()
        if deadline is None:
            return
        delay = max((deadline - time.monotonic_ns()) / 1e9, 0.0) + 0.01
        self._timer = asyncio.get_running_loop().call_later(delay, self._fire, self._link)

    def _fire(self, link: Link | None) -> None:
        self._timer = None
        session = self.session
        if link is None or session.link is not link or not session.connected:
            return
        try:
            self.checks.silence(time.monotonic_ns(), self._links)
        except Exception as exc:  # noqa: BLE001 - a broken check is a harness bug, not the DUT's
            session.harness_errors.append(f"{self!r} raised {exc!r} on silence")


def attach(session: Session, checks: Checks, clock: Clock = HARNESS_CLOCK) -> None:
    """Feed every exchange of ``session`` to ``checks``."""
    session.watchers.append(_Watcher(session, checks, clock))
