"""The charge point's outgoing CALLs, one at a time and in order.

OCPP-J allows one outstanding CALL per direction, and OCPP 1.6 (section 4.7/4.8 and the
offline cases TC_036..TC_039) wants transaction messages (StartTransaction, StopTransaction,
transaction MeterValues) delivered exactly once, in order, even across connection loss and
reboot. So every CALL the charge point makes goes through this one FIFO:

- *persistent* messages sit in the non-volatile queue until the Central System answered
  them; a CALLERROR or a timeout is retried TransactionMessageAttempts times;
- other messages are sent only while the link is up and registered (Accepted), and are
  dropped, with a None result, when the link goes down before they went out;
- *pre-registration* messages (TriggerMessage answers) may go out while Pending.

Payloads are built at send time, so a StopTransaction queued offline picks up the
transactionId that the replayed StartTransaction received.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ocpp.exceptions import OCPPError

from octt_py.reference.charge_point.link import LinkDown

if TYPE_CHECKING:
    from octt_py.reference.charge_point.link import Link

LOG = logging.getLogger(__name__)

Payload = Any  # an ocpp.v16.call dataclass


@dataclass(eq=False)
class Message:
    action: str
    build: Callable[[], Payload | None]  # None: obsolete, drop it
    persistent: bool = False
    pre_registration: bool = False
    on_result: Callable[[Any | None], None] | None = None
    skip_validation: bool = False
    piggyback: Callable[[], tuple[str, dict[str, Any]] | None] | None = None
    attempts: int = 0

    def done(self, result: Any | None) -> None:
        if self.on_result is not None:
            try:
                self.on_result(result)
            except Exception:  # a bug in one consequence must not stop the sender
                LOG.exception("handling the result of %s failed", self.action)


class Outbox:
    def __init__(self, queue: deque[Message], retry_policy: Callable[[], tuple[int, float]],
                 reverse_replay: Callable[[], bool]) -> None:
        self._queue = queue
        self._retry_policy = retry_policy  # (TransactionMessageAttempts, RetryInterval)
        self._reverse_replay = reverse_replay
        self._link: Link | None = None
        self._registered = False
        self._changed = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def online(self) -> bool:
        """Messages put now will be sent (link up, registration Accepted)."""
        return self._link is not None and self._registered

    def __len__(self) -> int:
        return len(self._queue)

    def pending(self) -> list[str]:
        return [m.action for m in self._queue]

    def attach(self, link: Link, registered: bool) -> None:
        replaying = self._link is None and registered and self._reverse_replay()
        self._link, self._registered = link, registered
        if replaying:
            self._queue.reverse()
        self._poke()

    def detach(self) -> None:
        """The link went down: drop what may only go out online, keep transaction messages."""
        self._link, self._registered = None, False
        for message in [m for m in self._queue if not m.persistent]:
            self._queue.remove(message)
            message.done(None)
        self._poke()

    def put(self, message: Message, front: bool = False) -> None:
        if not message.persistent and not (self.online or (
                message.pre_registration and self._link is not None)):
            message.done(None)
            return
        if front:
            self._queue.appendleft(message)
        else:
            self._queue.append(message)
        self._poke()

    async def request(self, message: Message) -> Any | None:
        """Put a message and wait for its result (None if it was dropped or failed)."""
        future: asyncio.Future[Any | None] = asyncio.get_running_loop().create_future()
        inner = message.on_result

        def resolve(result: Any | None) -> None:
            if inner is not None:
                inner(result)
            if not future.done():
                future.set_result(result)

        message.on_result = resolve
        self.put(message)
        return await future

    async def flush(self, timeout: float) -> bool:
        """Wait until every queued message went out (or the timeout)."""
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wait_empty(), timeout)
        return not self._queue

    async def _wait_empty(self) -> None:
        while self._queue:
            self._idle.clear()
            await self._idle.wait()

    def _poke(self) -> None:
        self._changed.set()
        if not self._queue:
            self._idle.set()

    def _next(self) -> Message | None:
        if self._link is None:
            return None
        if self._registered:
            return self._queue[0] if self._queue else None
        return next((m for m in self._queue if m.pre_registration), None)

    async def run(self) -> None:
        """The sender task: lives as long as the charge point is powered."""
        while True:
            message = self._next()
            link = self._link
            if message is None or link is None:
                self._changed.clear()
                await self._changed.wait()
                continue
            try:
                payload = message.build()
            except Exception:
                LOG.exception("building %s failed", message.action)
                payload = None
            if payload is None:
                self._remove(message, None)
                continue
            piggyback = message.piggyback() if message.piggyback else None
            try:
                result = await link.send_call(payload, message.skip_validation, piggyback)
            except LinkDown:
                await self._until_detached(link)
                continue
            except (TimeoutError, OCPPError) as exc:
                if link.closed.is_set():
                    await self._until_detached(link)
                    continue
                LOG.warning("%s failed: %r", message.action, exc)
                attempts, interval = self._retry_policy()
                message.attempts += 1
                if message.persistent and message.attempts < attempts:
                    await asyncio.sleep(interval * message.attempts)
                    continue
                self._remove(message, None)
                continue
            self._remove(message, result)

    async def _until_detached(self, link: Link) -> None:
        """After a link failure, wait for the product to detach it (no busy retry)."""
        while self._link is link:
            self._changed.clear()
            await self._changed.wait()

    def _remove(self, message: Message, result: Any | None) -> None:
        with contextlib.suppress(ValueError):
            self._queue.remove(message)
        self._poke()
        message.done(result)
