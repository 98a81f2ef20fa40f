"""The control API of a reference DUT: a small HTTP/JSON server on loopback.

It is the automation side of the harness's operator actions (plug in, present an id tag, make
the CSMS send X ...). The protocol is the one the webhook operator backend speaks, so a vendor
can put the same endpoint on a real product's test rig:

- ``POST /actions/<name>`` with a JSON object of parameters → ``200 {"ok": true, ...}``;
  ``409 {"ok": false, "error": ...}`` when the action cannot be done now; ``404`` when the DUT
  has no such action; ``400`` for a body that is not a JSON object.
- ``GET /state`` → a JSON snapshot of the DUT.
- ``GET /faults`` → the planted faults; ``POST /faults`` ``{"enable": [...], "disable": [...]}``.

It is a deliberately tiny HTTP/1.1 server (one request per connection, bounded sizes) so the
reference DUTs need nothing beyond the standard library and ``websockets``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from octt_py.reference.faults import FaultSwitches

MAX_BODY = 1 << 20
READ_TIMEOUT = 10.0


class ActionRejected(Exception):
    """The action exists but cannot be carried out in the DUT's current state (HTTP 409)."""


class UnknownAction(Exception):
    """The DUT has no action of that name (HTTP 404)."""


ActionHandler = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]


class ControlServer:
    def __init__(
        self,
        perform: ActionHandler,
        state: Callable[[], dict[str, Any]],
        faults: FaultSwitches,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._perform = perform
        self._state = state
        self._faults = faults
        self._host = host
        self._port = port
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}"

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("control server not started")
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self._host, self._port)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            status, body = await asyncio.wait_for(self._answer(reader), READ_TIMEOUT)
        except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, ValueError) as exc:
            status, body = 400, {"ok": False, "error": f"bad request: {exc}"}
        payload = json.dumps(body).encode()
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 409: "Conflict"}.get(
            status, "Internal Server Error"
        )
        writer.write(
            f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
            + payload
        )
        try:
            await writer.drain()
        except ConnectionError:
            pass
        writer.close()

    async def _answer(self, reader: asyncio.StreamReader) -> tuple[int, dict[str, Any]]:
        method, path, body = await _read_request(reader)
        if method == "GET" and path == "/state":
            return 200, {"ok": True, "state": self._state()}
        if path == "/faults":
            if method == "POST":
                try:
                    self._faults.enable(body.get("enable", []))
                    self._faults.disable(body.get("disable", []))
                except KeyError as exc:
                    return 404, {"ok": False, "error": str(exc.args[0])}
            return 200, {"ok": True, "faults": self._faults.describe()}
        if method == "POST" and path.startswith("/actions/"):
            name = path.removeprefix("/actions/")
            try:
                result = await self._perform(name, body)
            except UnknownAction as exc:
                return 404, {"ok": False, "error": str(exc) or f"unknown action {name!r}"}
            except ActionRejected as exc:
                return 409, {"ok": False, "error": str(exc)}
            except (TypeError, ValueError) as exc:
                return 400, {"ok": False, "error": f"bad parameters for {name}: {exc}"}
            return 200, {"ok": True, **result}
        return 404, {"ok": False, "error": f"no route {method} {path}"}


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, dict[str, Any]]:
    request_line = (await reader.readline()).decode("latin-1").split()
    if len(request_line) != 3:
        raise ValueError("malformed request line")
    method, path, _ = request_line
    length = 0
    while True:
        line = (await reader.readline()).decode("latin-1").strip()
        if not line:
            break
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if not 0 <= length <= MAX_BODY:
        raise ValueError("body too large")
    raw = await reader.readexactly(length) if length else b""
    body = json.loads(raw) if raw.strip() else {}
    if not isinstance(body, dict):
        raise ValueError("body must be a JSON object")
    return method, path, body
