"""What a file server or a client saw of one transfer, and the log a case waits on."""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

DOWNLOAD = "download"  # from the server to the client (firmware)
UPLOAD = "upload"  # from the client to the server (diagnostics)


@dataclass(frozen=True)
class Transfer:
    """One file transfer, complete or not.

    ``started`` and ``ended`` are ``time.monotonic()`` seconds, the clock the harness's traces
    use. ``path`` is the path on the server (``/firmware/octt-1.0.bin``); ``peer`` is the other
    side's ``host:port``. ``content`` holds the bytes that moved (kept for uploads and client
    downloads; empty for what a server sent, which it already has).
    """

    direction: str
    protocol: str
    path: str
    size: int
    sha256: str
    peer: str
    started: float
    ended: float
    ok: bool = True
    error: str = ""
    url: str = ""  # client side: the URL asked for, password masked
    content: bytes = field(default=b"", repr=False, compare=False)

    @property
    def duration(self) -> float:
        return self.ended - self.started

    def describe(self) -> str:
        """One line for a trace or a verdict."""
        where = self.url or f"{self.protocol}://…{self.path}"
        if not self.ok:
            return f"{self.direction} {where} failed after {self.duration:.2f} s: {self.error}"
        return f"{self.direction} {where}: {self.size} bytes in {self.duration:.2f} s (sha256 {self.sha256[:12]}…)"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shown_url(url: str) -> str:
    """``url`` with its password (if any) masked, for traces, verdicts and reports."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username}:•••@{host}"))


class TransferLog:
    """Transfers recorded by server threads, waited for from asyncio code.

    Every ``wait`` returns a transfer no earlier ``wait`` returned, oldest first, so a case that
    expects two downloads (a retry) waits twice.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._transfers: list[Transfer] = []
        self._claimed: set[int] = set()
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    def record(self, transfer: Transfer) -> None:
        """Called from any thread."""
        with self._lock:
            self._transfers.append(transfer)
            waiters = list(self._waiters)
        for loop, event in waiters:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that loop has closed; its waiter is gone
                pass

    @property
    def transfers(self) -> list[Transfer]:
        with self._lock:
            return list(self._transfers)

    async def wait(
        self, direction: str, timeout: float, *, path: str | None = None, complete: bool = True
    ) -> Transfer:
        """The next unclaimed transfer in ``direction`` (to or from ``path``, if given).

        With ``complete`` only successful transfers count; ``complete=False`` also returns
        interrupted ones. Raises ``TimeoutError`` when none comes within ``timeout`` seconds.
        """
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        waiter = (loop, event)
        deadline = time.monotonic() + timeout
        with self._lock:
            self._waiters.add(waiter)
        try:
            while True:
                event.clear()
                found = self._claim(direction, path, complete)
                if found is not None:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    what = f"{direction} of {path}" if path else f"{direction}"
                    raise TimeoutError(f"no {what} within {timeout:g} s")
                try:
                    await asyncio.wait_for(event.wait(), remaining)
                except TimeoutError:
                    pass
        finally:
            with self._lock:
                self._waiters.discard(waiter)

    def _claim(self, direction: str, path: str | None, complete: bool) -> Transfer | None:
        with self._lock:
            for index, transfer in enumerate(self._transfers):
                if index in self._claimed or transfer.direction != direction:
                    continue
                if (path is not None and transfer.path != path) or (complete and not transfer.ok):
                    continue
                self._claimed.add(index)
                return transfer
        return None
