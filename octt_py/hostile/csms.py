"""Hostile central systems: DUTs the harness-as-charge-point connects to, misbehaving one way each.

:class:`Csms` is a plain, conformant-enough CSMS: it accepts ``ocpp1.6`` on any path, answers
BootNotification Accepted, StatusNotification, Heartbeat, Authorize and the transaction CALLs.
Each subclass changes one hook; most act on the first CALL of one action (``on``), by default
the BootNotification of TC_001_CSMS. :class:`RawServer` speaks no websocket at all.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import http
import itertools
import socket
from collections.abc import Sequence
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from octt_py.hostile.dut import CALL, HostileDut, Payload, error, now, parse, reset, result


class Csms(HostileDut):
    """The plain CSMS every hostile one starts from."""

    receive_buffer = 0  # SO_RCVBUF of its connections; 0: the system's

    def __init__(self, on: str = "BootNotification") -> None:
        self.on = on
        self.seen: dict[str, int] = {}
        self._server: Server | None = None
        self._transactions = itertools.count(1)
        self.password = ""  # what the charge point sent as Basic auth, for the echoing kinds

    async def start(self, url: str) -> str:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if self.receive_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.receive_buffer)
        sock.bind(("127.0.0.1", 0))
        self._server = await serve(
            self._serve, sock=sock, select_subprotocol=self._select, process_request=self._request,
            ping_interval=None, close_timeout=1, max_size=None, compression=None,
        )
        return f"ws://127.0.0.1:{sock.getsockname()[1]}/ocpp"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)

    def _select(self, _: ServerConnection, offered: Sequence[Subprotocol]) -> Subprotocol | None:
        chosen = self.subprotocol(list(offered))
        return Subprotocol(chosen) if chosen else None

    def subprotocol(self, offered: list[str]) -> str | None:
        return "ocpp1.6" if "ocpp1.6" in offered else None

    def _request(self, _: ServerConnection, request: Request) -> Response | None:
        self.password = _password(request.headers.get("Authorization", ""))
        return self.refuse(request)

    def refuse(self, request: Request) -> Response | None:
        """An HTTP answer instead of the upgrade; None lets the websocket open."""
        return None

    async def _serve(self, ws: ServerConnection) -> None:
        with contextlib.suppress(ConnectionClosed):
            await self.opened(ws)
            async for message in ws:
                frame = parse(message)
                if frame is not None and frame[0] == CALL and len(frame) == 4:
                    action = frame[2]
                    self.seen[action] = self.seen.get(action, 0) + 1
                    await self.on_call(ws, frame[1], action, frame[3])

    async def opened(self, ws: ServerConnection) -> None:
        return

    async def on_call(self, ws: ServerConnection, unique_id: str, action: str, payload: Payload) -> None:
        if action == self.on and self.seen[action] == 1:
            await self.misbehave(ws, unique_id, action, payload)
        else:
            await ws.send(self.answer(unique_id, action, payload))

    async def misbehave(self, ws: ServerConnection, unique_id: str, action: str, payload: Payload) -> None:
        await ws.send(self.answer(unique_id, action, payload))

    def answer(self, unique_id: str, action: str, payload: Payload) -> str:
        """The plain reply to a CALL (sans-I/O)."""
        accepted = {"status": "Accepted"}
        replies: dict[str, Payload] = {
            "BootNotification": {"status": "Accepted", "currentTime": now(), "interval": 1},
            "Heartbeat": {"currentTime": now()},
            "Authorize": {"idTagInfo": accepted},
            "StartTransaction": {"transactionId": next(self._transactions), "idTagInfo": accepted},
            "StopTransaction": {},
            "StatusNotification": {},
            "MeterValues": {},
            "DataTransfer": accepted,
        }
        if action in replies:
            return result(unique_id, replies[action])
        return error(unique_id, "NotImplemented", f"{action} is not implemented")


def _password(header: str) -> str:
    if not header.startswith("Basic "):
        return ""
    try:
        return base64.b64decode(header[6:]).decode(errors="replace").partition(":")[2]
    except (binascii.Error, ValueError):
        return ""


class Answers(Csms):
    """Sends ``frames`` (each a text, bytes, or a text over ``{id}`` and ``{password}``) instead
    of the reply to the first ``on`` CALL."""

    def __init__(self, *frames: str | bytes, on: str = "BootNotification", text: bool | None = None) -> None:
        super().__init__(on)
        self.frames, self.text = frames, text

    async def misbehave(self, ws: ServerConnection, unique_id: str, action: str, payload: Payload) -> None:
        for frame in self.frames:
            if isinstance(frame, str):
                frame = frame.replace("{id}", unique_id).replace("{password}", self.password)
            await ws.send(frame, text=self.text)


class Replies(Csms):
    """Answers the first ``on`` CALL with ``payload`` (a CALLRESULT the schema may refuse)."""

    def __init__(self, payload: Any, on: str = "BootNotification") -> None:
        super().__init__(on)
        self.payload = payload

    async def misbehave(self, ws: ServerConnection, unique_id: str, action: str, payload: Payload) -> None:
        await ws.send(result(unique_id, self.payload))


class Silent(Csms):
    """Opens the websocket, then answers nothing."""

    async def on_call(self, ws: ServerConnection, unique_id: str, action: str, payload: Payload) -> None:
        return


class Late(Csms):
    """Answers the first ``on`` CALL ``delay_s`` late."""

    def __init__(self, delay_s: float, on: str = "BootNotification") -> None:
        super().__init__(on)
        self.delay_s = delay_s

    async def misbehave(self, ws: ServerConnection, unique_id: str, action: str, payload: Payload) -> None:
        await asyncio.sleep(self.delay_s)
        await ws.send(self.answer(unique_id, action, payload))


class Closes(Csms):
    """Closes with ``code`` and ``reason`` instead of answering the first ``on`` CALL."""

    def __init__(self, code: int, reason: str, on: str = "BootNotification") -> None:
        super().__init__(on)
        self.code, self.reason = code, reason

    async def misbehave(self, ws: ServerConnection, unique_id: str, action: str, payload: Payload) -> None:
        await ws.close(self.code, self.reason)


class Resets(Csms):
    """Resets the TCP connection instead of answering the first ``on`` CALL."""

    async def misbehave(self, ws: ServerConnection, unique_id: str, action: str, payload: Payload) -> None:
        reset(ws.transport)


class Selects(Csms):
    """Selects ``subprotocol`` (or none) whatever the charge point offers."""

    def __init__(self, subprotocol: str | None) -> None:
        super().__init__()
        self.chosen = subprotocol

    def subprotocol(self, offered: list[str]) -> str | None:
        return self.chosen


class Refuses(Csms):
    """Answers the upgrade request with an HTTP ``status``."""

    def __init__(self, status: http.HTTPStatus) -> None:
        super().__init__()
        self.status = status

    def refuse(self, request: Request) -> Response | None:
        body = f"{self.status.phrase}\n".encode()
        headers = Headers([("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return Response(self.status.value, self.status.phrase, headers, body)


class CallsFirst(Csms):
    """Sends ``frames`` as soon as the websocket opens, then behaves."""

    def __init__(self, *frames: str) -> None:
        super().__init__()
        self.frames = frames

    async def opened(self, ws: ServerConnection) -> None:
        for frame in self.frames:
            await ws.send(frame.replace("{password}", self.password))


class FloodsAndStopsReading(Csms):
    """Answers the boot, then floods the charge point with CALLs and reads nothing more, with a
    small receive buffer, so the harness's sends back up."""

    receive_buffer = 4096

    async def misbehave(self, ws: ServerConnection, unique_id: str, action: str, payload: Payload) -> None:
        await ws.send(self.answer(unique_id, action, payload))
        for n in range(3000):
            await ws.send(f'[2,"flood-{n}","GetConfiguration",{{}}]')
        await asyncio.sleep(1e9)  # never returns to reading


class PingFlood(Csms):
    """Sends a websocket ping every millisecond for as long as the connection lasts."""

    async def opened(self, ws: ServerConnection) -> None:
        async def pings() -> None:
            with contextlib.suppress(ConnectionClosed):
                while True:
                    await ws.ping()
                    await asyncio.sleep(0.001)

        self._pings = asyncio.get_running_loop().create_task(pings())


class RawServer(HostileDut):
    """Accepts TCP and speaks no websocket: ``reply`` is sent as-is (nothing: a handshake that
    never completes), ``reset`` drops each connection with a TCP reset as soon as it opens."""

    def __init__(self, reply: bytes = b"", *, reset: bool = False) -> None:
        self.reply, self.reset = reply, reset
        self._server: asyncio.Server | None = None
        self._open: list[asyncio.StreamWriter] = []

    async def start(self, url: str) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{port}/ocpp"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.reset:
            reset(writer.transport)
            return
        self._open.append(writer)
        with contextlib.suppress(OSError):
            await reader.readuntil(b"\r\n\r\n")
            if self.reply:
                writer.write(self.reply)
                await writer.drain()
                writer.close()

    async def stop(self) -> None:
        for writer in self._open:
            writer.close()
        if self._server is not None:
            self._server.close()


class Dies(Csms):
    """Closes with 1011 instead of answering the first ``on`` CALL and stops listening: a crash."""

    def __init__(self, on: str = "Heartbeat") -> None:
        super().__init__(on)

    async def misbehave(self, ws: ServerConnection, unique_id: str, action: str, payload: Payload) -> None:
        assert self._server is not None
        self._server.close(close_connections=False)
        await ws.close(1011, "Failed to subscribe to message broker")


class NeverCloses(Csms):
    """Answers the first ``on`` CALL, then reads nothing more, so it never answers the closing
    handshake the charge point starts."""

    def __init__(self, on: str = "Heartbeat") -> None:
        super().__init__(on)

    async def misbehave(self, ws: ServerConnection, unique_id: str, action: str, payload: Payload) -> None:
        await ws.send(self.answer(unique_id, action, payload))
        ws.transport.pause_reading()
