"""Arrival stamps taken where the bytes come in, not where the session gets to the message.

A response time runs from the harness's send to the DUT's reply. Stamped when the session
reads the reply, it would also count the harness's own work on frames queued ahead of it (a
50-key GetConfiguration takes about 0.1 ms to check) and the reply's wait in websockets' message
queue. websockets calls ``data_received`` as soon as the event loop has read the socket; the
connection classes here stamp every complete message at that moment, and :func:`arrival_ns`
hands the stamps to the reader in message order. docs/performance.md §2 measures the effect.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.asyncio.server import ServerConnection
from websockets.frames import DATA_OPCODES, Frame
from websockets.protocol import Event


class _Stamping:
    """Mixin for a websockets asyncio connection: one monotonic stamp per complete message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.arrivals: deque[int] = deque()
        self._data_ns = 0

    def data_received(self, data: bytes) -> None:
        self._data_ns = time.monotonic_ns()
        super().data_received(data)  # type: ignore[misc]

    def process_event(self, event: Event) -> None:
        if isinstance(event, Frame) and event.fin and event.opcode in DATA_OPCODES:
            self.arrivals.append(self._data_ns)  # the last fragment completes the message
        super().process_event(event)  # type: ignore[misc]


class StampedClientConnection(_Stamping, ClientConnection):
    """The harness as charge point."""


class StampedServerConnection(_Stamping, ServerConnection):
    """The harness as CSMS."""


def arrival_ns(websocket: object) -> int:
    """When the message just read from ``websocket`` arrived; now, for a connection that keeps
    no stamps (the in-memory websocket of the session tests)."""
    arrivals: deque[int] | None = getattr(websocket, "arrivals", None)
    return arrivals.popleft() if arrivals else time.monotonic_ns()
