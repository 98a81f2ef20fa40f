"""CSMS-initiated CALLs of one connection, sent one at a time and matched with their replies.

OCPP-J 1.6 §4.1.1 allows one outstanding CALL per direction, so a CALL the operator asks for
while another is unanswered waits in a queue until that reply (or its timeout). The caller of
``submit`` never waits for the charge point's answer: the answer is recorded on the
``CsmsCall`` and shows up in the CSMS's ``state()``. The ``ocpp`` library's own ``call()``
is not used because it blocks its caller until the reply and reshapes payloads into dataclasses,
while the harness needs the exact frames.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed

from octt_py.ocppj import frames
from octt_py.reference.csms.clock import rfc3339, utc_now
from octt_py.reference.faults import FaultSwitches
from octt_py.validation import Kind, default_schemas

SEND_WAIT = 5.0  # how long submit() waits for an idle outbox to put the CALL on the wire


@dataclass(eq=False)
class CsmsCall:
    unique_id: str
    action: str
    payload: dict[str, Any]
    status: str = "queued"  # queued, sent, answered, error, timeout, dropped, suppressed
    queued_at: str = field(default_factory=lambda: rfc3339(utc_now()))
    sent_at: str | None = None
    answered_at: str | None = None
    response: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    response_violations: list[str] = field(default_factory=list)
    late: bool = False  # the reply came after the response timeout
    on_wire: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def mark_sent(self) -> None:
        self.status = "sent"
        self.sent_at = rfc3339(utc_now())
        self.on_wire.set()

    def take_reply(self, reply: frames.CallResult | frames.CallError, late: bool = False) -> None:
        self.answered_at = rfc3339(utc_now())
        self.late = late
        if isinstance(reply, frames.CallResult):
            self.status = "answered"
            self.response = reply.payload
            self.response_violations = [
                str(v)
                for v in default_schemas().validate(self.action, Kind.RESPONSE, reply.payload)
            ]
        else:
            self.status = "error"
            self.error = {
                "errorCode": reply.error_code,
                "errorDescription": reply.error_description,
                "errorDetails": reply.error_details,
            }

    def snapshot(self) -> dict[str, Any]:
        return {
            "unique_id": self.unique_id,
            "action": self.action,
            "payload": self.payload,
            "status": self.status,
            "queued_at": self.queued_at,
            "sent_at": self.sent_at,
            "answered_at": self.answered_at,
            "response": self.response,
            "error": self.error,
            "response_violations": self.response_violations,
            "late": self.late,
        }


class Outbox:
    def __init__(
        self,
        send: Callable[[str], Awaitable[None]],
        response_timeout: float,
        history: list[CsmsCall],
        faults: FaultSwitches,
    ) -> None:
        self._send = send
        self._response_timeout = response_timeout
        self._history = history  # shared with the charge point's record, survives reconnects
        self._faults = faults
        self._queue: asyncio.Queue[CsmsCall] = asyncio.Queue()
        self._current: CsmsCall | None = None
        self._reply: asyncio.Future[frames.CallResult | frames.CallError] | None = None
        self._first_unique_id: str | None = None

    async def submit(self, action: str, payload: dict[str, Any]) -> CsmsCall:
        """Queue a CALL; if nothing is outstanding, return once it is on the wire."""
        idle = self._current is None and self._queue.empty()
        call = CsmsCall(self._unique_id(), action, payload)
        self._history.append(call)
        self._queue.put_nowait(call)
        if idle:
            try:
                await asyncio.wait_for(call.on_wire.wait(), SEND_WAIT)
            except TimeoutError:
                pass  # still queued; the caller reports that
        return call

    async def settled(self) -> None:
        """Until the CALL on the wire (if any) is answered or timed out."""
        waiting = self._reply
        if waiting is not None and not waiting.done():
            await asyncio.wait([waiting], timeout=self._response_timeout)

    def resolve(self, reply: frames.CallResult | frames.CallError) -> bool:
        """Hand a reply to its CALL; False when it answers nothing we sent."""
        current, waiting = self._current, self._reply
        if (
            current is not None
            and waiting is not None
            and not waiting.done()
            and reply.unique_id == current.unique_id
        ):
            waiting.set_result(reply)
            return True
        for call in reversed(self._history):
            if call.unique_id == reply.unique_id and call.status == "timeout":
                call.take_reply(reply, late=True)
                return True
        return False

    async def run(self) -> None:
        """Send queued CALLs one by one until the connection goes away."""
        loop = asyncio.get_running_loop()
        while True:
            call = await self._queue.get()
            self._current, self._reply = call, loop.create_future()
            try:
                await self._send(
                    frames.serialize(frames.Call(call.unique_id, call.action, call.payload))
                )
                call.mark_sent()
                try:
                    reply = await asyncio.wait_for(self._reply, self._response_timeout)
                except TimeoutError:
                    call.status = "timeout"
                else:
                    call.take_reply(reply)
            except ConnectionClosed:
                call.status = "dropped"
                return
            finally:
                self._current, self._reply = None, None

    def abandon(self) -> None:
        """The connection is gone: whatever was not answered never will be."""
        pending = [self._current] if self._current is not None else []
        while not self._queue.empty():
            pending.append(self._queue.get_nowait())
        for call in pending:
            if call.status in ("queued", "sent"):
                call.status = "dropped"

    def _unique_id(self) -> str:
        if "reuses_unique_id" in self._faults and self._first_unique_id is not None:
            return self._first_unique_id
        unique_id = frames.new_unique_id()
        self._first_unique_id = self._first_unique_id or unique_id
        return unique_id
