"""Arrival stamps taken when the DUT's bytes arrive, not when the harness gets round to them.

A response time runs from the harness's send to the DUT's reply. Stamped when the session
reads the reply, it would also count the time the harness process took to wake up (on a VM,
after a quiet 50 ms, often a millisecond or more), its own work on frames queued ahead of the
reply and the reply's wait in websockets' message queue. So the stamp is taken in two layers:

- the socket: a :class:`StampingSocket` asks the kernel to stamp every incoming TCP segment
  (``SO_TIMESTAMPNS``) and reads with ``recvmsg``, so each read carries the time its last
  segment reached the machine, however late the process woke up;
- the websocket: the connection classes here give every complete message the stamp of the
  read that completed it, and :func:`arrival_ns` hands them to the reader in message order.

Where the kernel gives no stamp (another platform, a socket made elsewhere), the time the event
loop handed the bytes to websockets stands in. docs/performance.md §2 measures both.
"""

from __future__ import annotations

import socket
import struct
import sys
import time
from collections import deque
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.asyncio.server import ServerConnection
from websockets.frames import DATA_OPCODES, Frame
from websockets.protocol import Event

# Linux: SO_TIMESTAMPNS (asm-generic/socket.h), delivered as a struct timespec in CLOCK_REALTIME.
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
_TIMESPEC = struct.Struct("@qq")
_ANCILLARY_SIZE = socket.CMSG_SPACE(_TIMESPEC.size)
KERNEL_STAMPS = sys.platform == "linux"


class StampingSocket(socket.socket):
    """A TCP socket whose reads remember when the kernel received their bytes.

    asyncio's transports read with ``recv`` (plain) or ``recv_into`` (under TLS); both are
    answered from ``recvmsg`` here. ``accept`` hands out stamping sockets too, so a listening
    StampingSocket gives the harness-as-CSMS the same stamps as the harness-as-charge-point.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_arrival_ns: int | None = None  # monotonic, of the most recent read
        if KERNEL_STAMPS and self.type == socket.SOCK_STREAM:
            self.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        data, ancillary, _, _ = self.recvmsg(bufsize, _ANCILLARY_SIZE, flags)
        self._remember(ancillary)
        return data

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        view = memoryview(buffer)
        size, ancillary, _, _ = self.recvmsg_into(
            [view[:nbytes] if nbytes else view], _ANCILLARY_SIZE, flags
        )
        self._remember(ancillary)
        return size

    def accept(self) -> tuple[StampingSocket, Any]:
        fd, address = self._accept()  # type: ignore[attr-defined]
        accepted = StampingSocket(self.family, self.type, self.proto, fileno=fd)
        if socket.getdefaulttimeout() is None and self.gettimeout():
            accepted.setblocking(True)  # what socket.socket.accept does
        return accepted, address

    def _remember(self, ancillary: list[tuple[int, int, bytes]]) -> None:
        for level, kind, data in ancillary:
            if (
                level == socket.SOL_SOCKET
                and kind == SO_TIMESTAMPNS
                and len(data) >= _TIMESPEC.size
            ):
                seconds, nanoseconds = _TIMESPEC.unpack_from(data)
                realtime_ns = seconds * 1_000_000_000 + nanoseconds
                self.last_arrival_ns = realtime_ns - (time.time_ns() - time.monotonic_ns())
                return
        self.last_arrival_ns = None


class _Stamping:
    """Mixin for a websockets asyncio connection: one monotonic stamp per complete message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.arrivals: deque[int] = deque()
        self._data_ns = 0
        self._socket: StampingSocket | None = None

    def connection_made(self, transport: Any) -> None:
        # asyncio shows the socket behind a read-only TransportSocket; its _sock is the socket.
        shown = transport.get_extra_info("socket")
        raw = getattr(shown, "_sock", shown)
        self._socket = raw if isinstance(raw, StampingSocket) else None
        super().connection_made(transport)  # type: ignore[misc]

    def data_received(self, data: bytes) -> None:
        kernel_ns = self._socket.last_arrival_ns if self._socket is not None else None
        self._data_ns = kernel_ns if kernel_ns is not None else time.monotonic_ns()
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
    no stamps."""
    arrivals: deque[int] | None = getattr(websocket, "arrivals", None)
    return arrivals.popleft() if arrivals else time.monotonic_ns()
