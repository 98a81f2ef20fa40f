"""The conversation with one DUT, as a test case drives it.

A :class:`Session` outlives connections: a charge point that reboots, resets or goes offline
comes back on a new websocket, and the case keeps talking to the same session. Each websocket
is a :class:`Link`, which stamps, records, validates and correlates every frame.

What a case does with a session:

- ``await session.call("Reset", {"type": "Hard"})`` sends a CALL and returns the DUT's reply
  with its response time, failing the case when no reply comes within the PICS timeout;
- ``await session.expect(match("StatusNotification", status="Charging"))`` waits, bounded, for
  a CALL from the DUT; ``expect_all`` takes several in any order; ``expect_none`` forbids one;
- ``session.respond("BootNotification", {...}, once=True)`` chooses the reply the harness
  gives the next time the DUT sends that CALL. Every CALL the DUT sends is answered at once by
  a responder (the role's default unless a case chose one), so the DUT is never kept waiting
  and response timing on the DUT side stays realistic.

Every frame in both directions is validated against the OCPP 1.6 schemas; a DUT's schema,
framing or OCPP-J discipline breach becomes a finding in the trace, and any finding fails the
case at its end even when the case body passed.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.connection import Connection
from websockets.exceptions import ConnectionClosed, PayloadTooBig

from octt_py.ocppj.correlation import Breach, Correlator
from octt_py.ocppj.frames import (
    Call,
    CallError,
    CallResult,
    ErrorCode,
    Frame,
    FramingError,
    Reply,
    new_unique_id,
    parse,
    serialize,
)
from octt_py.pics import Timing
from octt_py.secrets import RUN as RUN_SECRETS
from octt_py.secrets import SETS_SECRETS
from octt_py.trace import Direction, FindingKind, Measurement, Trace
from octt_py.transport.stamps import arrival_ns
from octt_py.validation import Kind, SchemaSet, SchemaViolation
from octt_py.verdict import Fail, NotApplicable

Payload = dict[str, Any]


@dataclass(slots=True)
class IncomingCall:
    """A CALL the DUT sent, with the reply the harness gave."""

    call: Call
    at_ns: int
    frame: int
    violations: list[SchemaViolation] = field(default_factory=list)
    reply: Reply | None = None
    consumed: bool = False

    @property
    def action(self) -> str:
        return self.call.action

    @property
    def payload(self) -> Payload:
        return self.call.payload

    def remaining(self, within: float) -> float:
        """Seconds left of a deadline ``within`` seconds after this CALL arrived (never negative)."""
        return max(within - (time.monotonic_ns() - self.at_ns) / 1e9, 0.0)


# A responder may await (e.g. send its own CALL first, crossing the DUT's). The link answers the
# DUT's CALLs one at a time in arrival order, which is how OCPP-J's one-outstanding-CALL rule has
# a conformant DUT send them.
Responder = Callable[[IncomingCall], "Payload | CallError | Awaitable[Payload | CallError]"]


@dataclass(frozen=True)
class Match:
    """Which incoming CALL a case waits for: an action plus payload fields that must equal.

    Field names are the payload's top-level keys; nested values are reached with ``where``.
    """

    action: str
    fields: tuple[tuple[str, Any], ...] = ()
    where: Callable[[Payload], bool] | None = None
    label: str = ""

    def matches(self, call: Call) -> bool:
        if call.action != self.action:
            return False
        if any(call.payload.get(key) != value for key, value in self.fields):
            return False
        if self.where is None:
            return True
        try:
            return bool(self.where(call.payload))
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return False  # a malformed payload never matches; its schema finding says why

    def __str__(self) -> str:
        parts = [f"{key}={value!r}" for key, value in self.fields]
        if self.label:
            parts.append(self.label)
        return self.action + (f" ({', '.join(parts)})" if parts else "")


def match(
    action: str, where: Callable[[Payload], bool] | None = None, label: str = "", **fields: Any
) -> Match:
    return Match(action, tuple(fields.items()), where, label)


@dataclass(frozen=True, slots=True)
class Answered:
    """What the link hands the waiting ``Session.call``: the reply and what the harness found."""

    reply: Reply
    latency_ns: int
    violations: list[SchemaViolation]


@dataclass(frozen=True)
class CallOutcome:
    """The DUT's reply to a CALL the harness sent."""

    call: Call
    reply: Reply
    latency_ms: float

    @property
    def is_error(self) -> bool:
        return isinstance(self.reply, CallError)

    @property
    def payload(self) -> Payload:
        if isinstance(self.reply, CallError):
            raise Fail(
                f"{self.call.action} answered with CALLERROR {self.reply.error_code}"
                f" ({self.reply.error_description!r}) instead of a CALLRESULT"
            )
        return self.reply.payload

    def get(self, key: str, default: Any = None) -> Any:
        return self.payload.get(key, default)


ANY_ERROR = frozenset({"*"})
"""For ``Session.call(errors=...)``: the case accepts a CALLERROR of any code."""


@dataclass(frozen=True, slots=True)
class Exchanged:
    """One finished CALL and its reply, in either direction, for the checks that look across
    messages (``octt_py/checks``): told to every watcher of the session."""

    by_dut: bool  # the DUT sent the CALL (else the harness did)
    call: Call
    reply: Reply
    call_ns: int
    reply_ns: int
    call_frame: int | None
    reply_frame: int | None
    valid: bool  # both frames passed the schema check

    @property
    def action(self) -> str:
        return self.call.action

    @property
    def answer(self) -> Payload | None:
        """The reply's payload; None for a CALLERROR."""
        return None if isinstance(self.reply, CallError) else self.reply.payload


Watcher = Callable[[Exchanged], None]


# CALLERROR codes for schema rules broken by an incoming CALL (OCPP-J 1.6 §4.2.3).
_ERROR_FOR_RULE = {
    "type": ErrorCode.TYPE_CONSTRAINT_VIOLATION,
    "required": ErrorCode.OCCURENCE_CONSTRAINT_VIOLATION,
    "minItems": ErrorCode.OCCURENCE_CONSTRAINT_VIOLATION,
    "maxItems": ErrorCode.OCCURENCE_CONSTRAINT_VIOLATION,
    "additionalProperties": ErrorCode.FORMATION_VIOLATION,
}


@dataclass
class _Responders:
    defaults: dict[str, Responder]
    chosen: dict[str, list[tuple[Responder, bool]]] = field(default_factory=dict)

    def pick(self, action: str) -> Responder | None:
        stack = self.chosen.get(action)
        if stack:
            responder, once = stack[-1]
            if once:
                stack.pop()
            return responder
        return self.defaults.get(action)


class Session:
    """The harness's side of the conversation with one DUT."""

    # CALLs the PICS declares the DUT does not implement: (action, payload) -> why, set by the role.
    declared_unsupported: Callable[[str, Payload], str | None] | None = None

    def __init__(
        self,
        *,
        name: str,
        schemas: SchemaSet,
        timing: Timing,
        responders: dict[str, Responder],
        background: Iterable[str] = (),
        response_limits: dict[str, float] | None = None,
    ) -> None:
        self.name = name
        self.schemas = schemas
        self.timing = timing
        self.trace = Trace()
        self.link: Link | None = None
        self.harness_errors: list[str] = []
        self.background = frozenset(background)
        self._responders = _Responders(dict(responders))
        self._response_limits = response_limits or {}
        self._inbox: list[IncomingCall] = []
        self.observers: list[Callable[[IncomingCall], None]] = []  # told of every answered CALL
        self.watchers: list[Watcher] = []  # told of every finished exchange, both directions
        self.cause_ns = 0  # when the last thing that may cause a DUT CALL happened
        self.last_close = ""  # how the last connection ended, for verdict reasons
        self.closed_by_harness = False  # it ended because the harness refused a frame of the DUT's
        self.unanswered = ""  # "no reply to X in N s" until the DUT next replies to anything
        self.unanswered_in = ""  # the case in which that happened
        self.case_id = ""
        self._arrived = asyncio.Event()
        self._connected = asyncio.Event()
        self._call_lock = asyncio.Lock()
        self.disconnected_at_ns: int | None = None

    # -- cases begin and end -----------------------------------------------------------------

    def begin_case(self, trace: Trace, case_id: str = "") -> None:
        """Start recording into a case's trace; keep what happened since the last case. Findings
        among those frames belong to the case before (its record is amended), not this one."""
        for found in self.trace.findings:
            found.case = found.case or self.case_id
        self.case_id = case_id
        trace.absorb(self.trace, "frames exchanged before this case started")
        self.trace = trace
        self._inbox.clear()
        self._responders.chosen.clear()
        self.harness_errors.clear()

    def end_case(self) -> None:
        """Stop recording into the case's trace; what comes next waits for the next case."""
        self.trace = Trace()

    def settle(self) -> None:
        """The case's own steps start now: CALLs that came before (a boot still settling when
        the case began) are history, not something the case's expectations may match."""
        for incoming in self._inbox:
            incoming.consumed = True

    def unexpected_calls(self) -> list[IncomingCall]:
        """CALLs the DUT sent during the case that the case never waited for."""
        return [c for c in self._inbox if not c.consumed and c.action not in self.background]

    def allow(self, *actions: str) -> None:
        """Declare actions the DUT may send in this case without the case waiting for them."""
        for incoming in self._inbox:
            if incoming.action in actions:
                incoming.consumed = True
        self.background = self.background | set(actions)

    # -- connections -------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        return self.link is not None and not self.link.closed

    def attach(self, link: Link) -> None:
        if self.link is not None and not self.link.closed:
            self.trace.note("a new connection replaced the open one")
        self.link = link
        self.disconnected_at_ns = None
        self.trace.connection(f"connected ({link.describe()})", link.opened_ns)
        self._connected.set()
        self._arrived.set()

    def detach(self, link: Link, reason: str) -> None:
        if self.link is link:
            self.last_close = reason
            self.closed_by_harness = bool(link.refused)
            self._connected.clear()
            self.disconnected_at_ns = time.monotonic_ns()
            self.trace.connection(f"closed: {reason}", self.disconnected_at_ns)
            self._arrived.set()

    async def wait_connected(self, timeout: float, why: str = "") -> Link:
        """The current link, waiting (bounded) for the DUT to (re)connect."""
        try:
            await asyncio.wait_for(self._connected.wait(), timeout)
        except TimeoutError:
            raise Fail(
                f"the DUT did not connect within {timeout:g} s" + (f" ({why})" if why else "")
            ) from None
        assert self.link is not None
        return self.link

    async def wait_disconnected(self, timeout: float, why: str = "") -> None:
        deadline = time.monotonic() + timeout
        while self.connected:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Fail(
                    f"the DUT did not close its connection within {timeout:g} s"
                    + (f" ({why})" if why else "")
                )
            await self._next_arrival(remaining)

    async def wait_until(
        self, condition: Callable[[], bool], *, timeout: float, what: str, stated: float | None = None
    ) -> None:
        """Wait, bounded, until ``condition`` holds; it is re-checked whenever the DUT sends.
        ``stated``: the configured bound to name when ``timeout`` is what is left of it."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Fail(f"{what} did not happen within {stated if stated is not None else timeout:g} s")
            await self._next_arrival(remaining)

    # -- CALLs the harness sends ------------------------------------------------------------

    async def call(
        self,
        action: str,
        payload: Payload,
        *,
        timeout: float | None = None,
        errors: Collection[str] = (),
        causes: bool = True,
    ) -> CallOutcome:
        """Send a CALL and return the DUT's reply, every reply judged here, whatever the case
        reads of it: no reply within the bound (one deadline for sending and replying, so a DUT
        that stops reading cannot stretch it), a CALLERROR whose code is not in ``errors``
        (``ANY_ERROR`` takes any), or a reply that breaks the schema fails the case. A case
        therefore never reads a field the schema check has not passed. A CALL the PICS declares
        the DUT does not support makes the case not applicable instead.

        ``causes``: the CALL may make the DUT send CALLs of its own, so expectations after it
        take only what arrives from now on (``expect``); a pure query passes False.
        """
        if self.declared_unsupported and (why := self.declared_unsupported(action, payload)):
            raise NotApplicable(why)
        limit = timeout if timeout is not None else self.timing.ocpp_response_timeout
        deadline = time.monotonic() + limit
        async with self._call_lock:
            link = self.link
            if link is None or link.closed:
                raise Fail(f"cannot send {action}: the DUT is not connected{self._closed_hint()}")
            call = Call(new_unique_id(), action, payload)
            if causes:
                self.cause_ns = time.monotonic_ns()
            try:
                waiter = await asyncio.wait_for(link.send_call(call), limit)
            except TimeoutError:
                raise Fail(
                    f"could not send {action} within {limit:g} s: the DUT is not reading what the harness sends"
                ) from None
            except ConnectionClosed:
                raise Fail(f"cannot send {action}: {self._closer()} closed the connection{self._closed_hint()}") from None
            try:
                exchange = await asyncio.wait_for(waiter, max(deadline - time.monotonic(), 0.0))
            except TimeoutError:
                link.forget(call.unique_id)
                self.unanswered, self.unanswered_in = f"no reply to {action} in {limit:g} s", self.case_id
                raise Fail(f"no reply to {action} within {limit:g} s") from None
            except ConnectionClosed:
                raise Fail(
                    f"{self._closer()} closed the connection before the reply to {action}{self._closed_hint()}"
                    if self.closed_by_harness else
                    f"the DUT closed the connection before replying to {action}{self._closed_hint()}"
                ) from None
        outcome = CallOutcome(call, exchange.reply, exchange.latency_ns / 1e6)
        reply = exchange.reply
        if isinstance(reply, CallError):
            if errors is not ANY_ERROR and reply.error_code not in errors:
                raise Fail(
                    f"{action} answered with CALLERROR {reply.error_code}"
                    f" ({reply.error_description[:200]!r}) instead of a CALLRESULT"
                )
        elif exchange.violations:
            raise Fail(f"the reply to {action} breaks the OCPP 1.6 schema: {exchange.violations[0]}")
        return outcome

    def caused(self) -> None:
        """Something outside OCPP (an operator step) may make the DUT send CALLs from now on."""
        self.cause_ns = time.monotonic_ns()

    def _closer(self) -> str:
        return "the harness" if self.closed_by_harness else "the DUT"

    def _closed_hint(self) -> str:
        return f" ({self.last_close})" if self.last_close and not self.connected else ""

    # -- CALLs the DUT sends ----------------------------------------------------------------

    def respond(self, action: str, reply: Payload | CallError | Responder, *, once: bool = False) -> None:
        """Choose how the harness answers the DUT's next ``action`` CALL(s) in this case."""
        responder: Responder = reply if callable(reply) else _constant(reply)
        self._responders.chosen.setdefault(action, []).append((responder, once))

    async def expect(
        self,
        what: Match | str,
        *,
        timeout: float | None = None,
        since: int | None = None,
        stated: float | None = None,
    ) -> IncomingCall:
        """Wait for the first not-yet-consumed CALL matching ``what``."""
        wanted = match(what) if isinstance(what, str) else what
        (found,) = await self.expect_all(wanted, timeout=timeout, since=since, stated=stated)
        return found

    async def expect_all(
        self,
        *wanted: Match,
        timeout: float | None = None,
        since: int | None = None,
        stated: float | None = None,
    ) -> list[IncomingCall]:
        """Wait for CALLs matching each of ``wanted``, in any order (e.g. StartTransaction and
        StatusNotification Charging, which the spec lets a charge point send either way).

        Only CALLs that arrived after the step that should cause them count: by default the
        last cause (the harness's last CALL, or the last operator step); ``since`` (a monotonic
        ns stamp, e.g. an earlier ``cause_ns``) widens that for a flow whose CALLs may come
        after an earlier step. Earlier CALLs are still recorded and validated, only not taken.
        ``stated``: the configured bound to name when ``timeout`` is what is left of it.
        """
        limit = timeout if timeout is not None else self.timing.triggered_function_timeout
        deadline = time.monotonic() + limit
        after = self.cause_ns if since is None else since
        found: list[IncomingCall | None] = [None] * len(wanted)
        while True:
            for i, m in enumerate(wanted):
                if found[i] is None:
                    found[i] = self._take(m, after=after)
            if all(f is not None for f in found):
                return [f for f in found if f is not None]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                missing = [str(m) for m, f in zip(wanted, found) if f is None]
                shown = stated if stated is not None else limit
                raise Fail(f"expected {' and '.join(missing)} within {shown:g} s{self._seen_hint(wanted, after)}")
            await self._next_arrival(remaining)

    async def expect_none(self, what: Match | str, *, during: float) -> None:
        """Fail if a CALL matching ``what`` is (or gets) in the inbox during ``during`` seconds."""
        forbidden = match(what) if isinstance(what, str) else what
        deadline = time.monotonic() + during
        while True:
            hit = self._take(forbidden, answered_only=False)
            if hit is not None:
                raise Fail(f"the DUT sent {hit.action}, which it must not send here ({forbidden})")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            await self._next_arrival(remaining)

    def received_between(self, first: IncomingCall, last: IncomingCall) -> list[IncomingCall]:
        """Every CALL the DUT sent strictly between two others, waited for or not."""
        return [c for c in self._inbox if first.at_ns < c.at_ns < last.at_ns]

    def _take(self, wanted: Match, *, answered_only: bool = True, after: int = 0) -> IncomingCall | None:
        """The first unconsumed CALL matching ``wanted`` that arrived after ``after``.
        Expectations take only CALLs the harness has answered with a CALLRESULT, so a case can
        rely on ``incoming.reply`` (the transaction id it gave, the status it chose) and on a
        payload that passed the schema check; a forbidden CALL counts as soon as it arrives."""
        for incoming in self._inbox:
            if incoming.consumed or incoming.at_ns < after:
                continue
            if answered_only and (incoming.violations or not isinstance(incoming.reply, CallResult)):
                continue
            if wanted.matches(incoming.call):
                incoming.consumed = True
                return incoming
        return None

    def _seen_hint(self, wanted: tuple[Match, ...], after: int = 0) -> str:
        actions = {m.action for m in wanted}
        seen = [c for c in self._inbox if c.action in actions and not c.consumed]
        parts = []
        if seen:
            shown = ", ".join(_summary(c, after) for c in seen[-3:])
            parts.append(f"got instead: {shown}")
        if not self.connected:
            parts.append("the DUT is not connected" + self._closed_hint())
        return f"; {'; '.join(parts)}" if parts else ""

    async def _next_arrival(self, timeout: float) -> None:
        self._arrived.clear()
        try:
            await asyncio.wait_for(self._arrived.wait(), timeout)
        except TimeoutError:
            pass

    # -- called by the link ------------------------------------------------------------------

    def _received_call(self, incoming: IncomingCall) -> None:
        self._inbox.append(incoming)
        self._arrived.set()

    async def _answer(self, link: Link, incoming: IncomingCall) -> None:
        """Answer the DUT's CALL. The link's reader awaits this before it reads on, so CALLs are
        answered in the order they came and without a task each. A responder that waits (for
        instance sends its own CALL first, crossing the DUT's) finishes in a task of its own:
        what it waits for has to be read."""
        answer = self._answer_for(incoming)
        if inspect.isawaitable(answer):
            _keep(asyncio.get_running_loop().create_task(self._answer_when_ready(link, incoming, answer)))
            return
        await self._reply(link, incoming, answer)

    async def _answer_when_ready(
        self, link: Link, incoming: IncomingCall, answer: Awaitable[Payload | CallError]
    ) -> None:
        await self._reply(link, incoming, await self._guarded(incoming, answer))

    def _answer_for(self, incoming: IncomingCall) -> Payload | CallError | Awaitable[Payload | CallError]:
        """The CALLERROR the spec wants for a CALL the harness cannot take, else the responder's
        answer (or the awaitable that will give it)."""
        call = incoming.call
        violations = incoming.violations
        responder = self._responders.pick(call.action)
        if not self.schemas.knows(call.action):
            self.trace.finding(
                FindingKind.PROTOCOL, f"the DUT sent {call.action}, which OCPP 1.6 does not define", incoming.frame
            )
            return CallError(call.unique_id, ErrorCode.NOT_IMPLEMENTED.value, f"unknown action {call.action}")
        if responder is None:
            self.trace.finding(
                FindingKind.PROTOCOL,
                f"the DUT sent {call.action}, which is not a message its side of OCPP 1.6 sends",
                incoming.frame,
            )
            return CallError(call.unique_id, ErrorCode.NOT_SUPPORTED.value, f"{call.action} not supported here")
        if violations:
            code = _ERROR_FOR_RULE.get(violations[0].rule, ErrorCode.PROPERTY_CONSTRAINT_VIOLATION)
            return CallError(call.unique_id, code.value, str(violations[0])[:255])
        return self._guarded(incoming, lambda: responder(incoming))

    def _guarded(self, incoming: IncomingCall, respond: Any) -> Any:
        """``respond()`` (or, given an awaitable, awaiting it); a responder that fails the case
        or breaks still leaves the DUT with an answer, an InternalError CALLERROR."""
        if inspect.isawaitable(respond):
            return self._guarded_await(incoming, respond)
        try:
            return respond()
        except Exception as exc:  # noqa: BLE001 - a harness bug must not leave the DUT waiting
            return self._internal_error(incoming, exc)

    async def _guarded_await(self, incoming: IncomingCall, answer: Awaitable[Any]) -> Any:
        try:
            return await answer
        except Exception as exc:  # noqa: BLE001 - a harness bug must not leave the DUT waiting
            return self._internal_error(incoming, exc)

    def _internal_error(self, incoming: IncomingCall, exc: Exception) -> CallError:
        if isinstance(exc, Fail):
            self.trace.finding(FindingKind.PROTOCOL, exc.reason, incoming.frame)
        else:
            self.harness_errors.append(f"responder for {incoming.action} raised {exc!r}")
        return CallError(incoming.call.unique_id, ErrorCode.INTERNAL_ERROR.value, "")

    async def _reply(self, link: Link, incoming: IncomingCall, answer: Payload | CallError) -> None:
        call = incoming.call
        reply = answer if isinstance(answer, CallError) else CallResult(call.unique_id, answer)
        incoming.reply = reply
        sent = await link.send_reply(reply, call.action)
        for observer in self.observers:
            observer(incoming)
        if sent is not None:
            self._tell_watchers(
                Exchanged(True, call, reply, incoming.at_ns, sent[0], incoming.frame, sent[1], not incoming.violations)
            )
        self._arrived.set()

    def _tell_watchers(self, exchanged: Exchanged) -> None:
        for watcher in self.watchers:
            try:
                watcher(exchanged)
            except Exception as exc:  # noqa: BLE001 - a broken check is a harness bug, not the DUT's
                if exchanged.valid:
                    self.harness_errors.append(f"check {watcher!r} raised {exc!r} on {exchanged.action}")
                else:  # a check read a field of a frame whose schema finding is already recorded
                    self.trace.note(f"a check could not read {exchanged.action}, which breaks its schema: {exc!r}")


class Link:
    """One websocket connection between the harness and the DUT."""

    def __init__(self, websocket: Connection, session: Session, peer: str = "") -> None:
        self.websocket = websocket
        self.session = session
        self.peer = peer
        self.correlator = Correlator()
        self.opened_ns = time.monotonic_ns()
        self.closed = False
        self.refused = ""  # why the harness closed the connection on a frame of the DUT's
        self._waiters: dict[str, asyncio.Future[Answered]] = {}
        self._call_frames: dict[str, int] = {}  # unique id -> trace seq of the harness's CALL
        self._sent_in: dict[str, str] = {}  # unique id -> the case that sent the CALL
        self._send_lock = asyncio.Lock()

    def describe(self) -> str:
        subprotocol = self.websocket.subprotocol or "no subprotocol"
        return f"{self.peer or 'peer'}, {subprotocol}"

    @property
    def trace(self) -> Trace:
        return self.session.trace

    async def run(self) -> None:
        """Receive until the connection closes; never lets a DUT's frame raise."""
        reason = "connection closed"
        try:
            async for text in self.websocket:
                at_ns = arrival_ns(self.websocket)
                try:
                    incoming = self._received(text, at_ns)
                    if incoming is not None:
                        await self.session._answer(self, incoming)
                except Exception as exc:  # harness bug: record, keep serving the DUT
                    self.session.harness_errors.append(f"processing a frame raised {exc!r}")
        except ConnectionClosed as exc:
            reason = _close_reason(exc, self.websocket)
        else:
            reason = _close_reason(None, self.websocket)
        finally:
            refused = refused_frame(self.websocket)
            if refused:  # the harness closed the connection, for a frame it does not take
                self.trace.finding(FindingKind.FRAMING, refused)
                sent = self.websocket.protocol.close_sent
                reason = f"the harness closed it with {sent.code}: {refused}" if sent else f"the harness closed it: {refused}"
                self.refused = refused
            self.closed = True
            for waiter in self._waiters.values():
                if not waiter.done():
                    waiter.set_exception(ConnectionClosed(None, None))
            self._waiters.clear()
            self.session.detach(self, reason)

    async def close(self) -> None:
        """The closing handshake, bounded by the response timeout: a DUT that reads nothing
        more never answers it, and its connection is dropped instead. Bytes still queued for the
        DUT say it already stopped reading, so that connection is dropped at once."""
        transport = self.websocket.transport
        if transport.get_write_buffer_size() > 0:
            self.trace.note("the DUT is not reading what the harness sent: the harness dropped the connection")
            transport.abort()
            return
        try:
            await asyncio.wait_for(self.websocket.close(), self.session.timing.ocpp_response_timeout)
        except TimeoutError:
            self.trace.note("the DUT did not complete the closing handshake: the harness dropped the connection")
            transport.abort()

    def forget(self, unique_id: str) -> None:
        """The harness stopped waiting for this CALL; a later reply is a late reply."""
        self._waiters.pop(unique_id, None)
        self.correlator.call_timed_out(unique_id)

    # -- sending -----------------------------------------------------------------------------

    async def send_call(self, call: Call) -> asyncio.Future[Answered]:
        waiter: asyncio.Future[Answered] = asyncio.get_running_loop().create_future()
        self._waiters[call.unique_id] = waiter
        try:
            at_ns, seq = await self._send(call, call.action, Kind.REQUEST)
        except (ConnectionClosed, asyncio.CancelledError):
            self._waiters.pop(call.unique_id, None)
            raise
        self._call_frames[call.unique_id] = seq
        self._sent_in[call.unique_id] = self.session.case_id
        self.correlator.call_sent(call, at_ns)
        return waiter

    async def send_reply(self, reply: Reply, action: str) -> tuple[int, int] | None:
        """Send the harness's reply; its send stamp and trace sequence number (None: the
        connection was closed)."""
        sent = None
        bound = self.session.timing.ocpp_response_timeout
        try:
            sent = await asyncio.wait_for(self._send(reply, action, Kind.RESPONSE), bound)
        except ConnectionClosed:
            self.trace.note(f"could not reply to {action}: connection closed")
        except TimeoutError:  # the DUT reads nothing: its frames would wait behind this forever
            self.trace.note(f"could not send the reply to {action} within {bound:g} s: the DUT is not "
                            "reading what the harness sends; the harness dropped the connection")
            self.websocket.transport.abort()
        self.correlator.reply_sent(reply.unique_id, sent[0] if sent else None)
        return sent

    async def send_raw(self, text: str) -> None:
        """Send text as-is (negative tests: frames that are deliberately not OCPP-J)."""
        async with self._send_lock:
            at_ns = time.monotonic_ns()
            self.trace.frame(Direction.OUT, text, at_ns, {"message_type": "raw"})
            await self.websocket.send(text)

    async def _send(self, frame: Frame, action: str, kind: Kind) -> tuple[int, int]:
        """Send a frame; its send stamp and its sequence number in the trace."""
        text = serialize(frame)
        if action == SETS_SECRETS and isinstance(frame, Call):  # a key it sets: scrubbed from now on
            RUN_SECRETS.learn_value(frame.payload)
        violations = [] if isinstance(frame, CallError) else self.session.schemas.validate(action, kind, frame.payload)
        async with self._send_lock:
            at_ns = time.monotonic_ns()
            event = self.trace.frame(Direction.OUT, text, at_ns, _meta(frame, action, violations))
            if violations:
                self.trace.note(f"the harness sent a {action} {kind} that breaks the schema: {violations[0]}")
            await self.websocket.send(text)
        return at_ns, event.seq

    # -- receiving ---------------------------------------------------------------------------

    def _received(self, text: str | bytes, at_ns: int) -> IncomingCall | None:
        """The receive path: parse, validate, record, correlate. A CALL comes back for the
        session to answer; everything else is dealt with here."""
        shown = text if isinstance(text, str) else f"<{len(text)} bytes of binary data>"
        try:
            frame = parse(text)
        except FramingError as exc:
            event = self.trace.frame(Direction.IN, shown, at_ns, {"message_type": "invalid"})
            self.trace.finding(FindingKind.FRAMING, f"not a valid OCPP-J message: {exc.message}", event.seq)
            reply = exc.reply()
            if reply is not None:
                _keep(asyncio.get_running_loop().create_task(self.send_reply(reply, "?")))
            return None
        if isinstance(frame, Call):
            return self._received_call(frame, shown, at_ns)
        self._received_reply(frame, shown, at_ns)
        return None

    def _received_call(self, call: Call, text: str, at_ns: int) -> IncomingCall:
        if call.action == SETS_SECRETS:  # before its schema messages can quote the key
            RUN_SECRETS.learn_value(call.payload)
        violations = self.session.schemas.validate(call.action, Kind.REQUEST, call.payload)
        event = self.trace.frame(Direction.IN, text, at_ns, lambda: _meta(call, call.action, violations))
        if violations and violations[0].rule != "action":  # an unknown action is answered instead
            self._record_violations(violations, event.seq)
        for breach in self.correlator.call_received(call, at_ns):
            self.trace.finding(FindingKind.DISCIPLINE, breach.message, event.seq)
        incoming = IncomingCall(call, at_ns, event.seq, violations)
        self.session._received_call(incoming)
        return incoming

    def _received_reply(self, reply: Reply, text: str, at_ns: int) -> None:
        self.session.unanswered = ""
        outcome = self.correlator.reply_received(reply, at_ns)
        sender = self._sent_in.pop(reply.unique_id, self.session.case_id)
        if isinstance(outcome, Breach):
            event = self.trace.frame(Direction.IN, text, at_ns, _meta(reply, None))
            elsewhere = sender if sender != self.session.case_id else ""
            self.trace.finding(FindingKind.DISCIPLINE, outcome.message, event.seq, case=elsewhere)
            return
        action = outcome.call.action
        latency_ms = outcome.latency_ns / 1e6
        violations = (
            [] if isinstance(reply, CallError) else self.session.schemas.validate(action, Kind.RESPONSE, reply.payload)
        )
        event = self.trace.frame(
            Direction.IN, text, at_ns, lambda: _meta(reply, action, violations, latency_ms)
        )
        self._record_violations(violations, event.seq)
        self._measure(action, latency_ms, event.seq)
        waiter = self._waiters.pop(reply.unique_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(Answered(outcome.reply, outcome.latency_ns, violations))
        self.session._tell_watchers(
            Exchanged(
                False, outcome.call, reply, outcome.sent_ns, at_ns,
                self._call_frames.pop(reply.unique_id, None), event.seq, not violations,
            )
        )

    def _record_violations(self, violations: list[SchemaViolation], seq: int) -> None:
        for violation in violations:
            self.trace.finding(FindingKind.SCHEMA, str(violation), seq)

    def _measure(self, action: str, latency_ms: float, seq: int) -> None:
        limit_s = self.session._response_limits.get(action, self.session.timing.ocpp_response_timeout)
        measurement = Measurement(f"Response time {action}", action, round(latency_ms, 3), limit_s * 1000, seq)
        self.trace.measure(measurement)
        if measurement.exceeded:
            self.trace.finding(
                FindingKind.TIMING,
                f"{action} answered in {latency_ms:.0f} ms; the PICS declares at most {limit_s * 1000:.0f} ms",
                seq,
            )


_RUNNING: set[asyncio.Task[Any]] = set()


def _keep(task: asyncio.Task[Any]) -> None:
    """Hold a fire-and-forget task until it ends: the event loop keeps only a weak reference."""
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)


_TYPE_NAMES = {Call: "CALL", CallResult: "CALLRESULT", CallError: "CALLERROR"}


def _meta(
    frame: Frame,
    action: str | None,
    violations: list[SchemaViolation] | None = None,
    latency_ms: float | None = None,
) -> dict[str, Any]:
    """What the trace keeps about a frame besides its text; ``violations`` only when validated,
    ``latency_ms`` only for a reply to the harness's CALL."""
    meta: dict[str, Any] = {
        "message_type": _TYPE_NAMES[type(frame)],
        "unique_id": frame.unique_id,
        "action": action,
    }
    if violations is not None:
        meta["violations"] = list(map(str, violations))
    if latency_ms is not None:
        meta["latency_ms"] = round(latency_ms, 3)
    if isinstance(frame, CallError):
        meta["payload"] = {
            "errorCode": frame.error_code,
            "errorDescription": frame.error_description,
            "errorDetails": frame.error_details,
        }
    else:
        meta["payload"] = frame.payload
    return meta


def _constant(reply: Payload | CallError) -> Responder:
    return lambda _call: reply


def _summary(incoming: IncomingCall, after: int = 0) -> str:
    call = incoming.call
    keys = ("connectorId", "status", "idTag", "reason", "transactionId")
    shown = [f"{k}={call.payload[k]!r}" for k in keys if k in call.payload]
    if incoming.violations:
        shown.append("breaks the schema")
    elif incoming.at_ns < after:
        shown.append("sent before the step that should cause it")
    return call.action + (f" ({', '.join(shown)})" if shown else "")


def refused_frame(websocket: Connection) -> str:
    """Why the harness's websocket refused a frame of the DUT's and closed the connection
    (RFC 6455 §7.4.1: 1009 message too big, 1007 invalid data), or "" when it did not."""
    protocol = getattr(websocket, "protocol", None)  # None: a test double, no websockets underneath
    refused = getattr(protocol, "parser_exc", None) or getattr(websocket, "connection_exc", None)
    if isinstance(refused, PayloadTooBig):
        limit = refused.max_size
        shown = f"{limit >> 20} MiB" if limit % (1 << 20) == 0 else f"{limit:,} bytes"
        size = f"of {refused.size:,} bytes " if refused.size is not None else ""
        return f"frame {size}exceeds the harness limit of {shown} (connection.max_frame_size)"
    if isinstance(refused, UnicodeDecodeError):
        return f"invalid UTF-8 in a text frame (RFC 6455 §8.1): {refused.reason} at byte {refused.start}"
    return ""


def _close_reason(exc: ConnectionClosed | None, websocket: Connection) -> str:
    code = exc.rcvd.code if exc is not None and exc.rcvd else websocket.close_code
    reason = exc.rcvd.reason if exc is not None and exc.rcvd else websocket.close_reason
    if code is None or code == 1006:
        return "connection dropped without a close frame"
    return f"close code {code}" + (f" ({reason})" if reason else "")
