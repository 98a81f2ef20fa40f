"""Hostile charge points: DUTs that connect to the harness-as-CSMS and misbehave one way each.

:class:`ChargePoint` is a plain, conformant-enough charge point (Core and Remote Trigger, one
connector): it boots, reports Available, heartbeats, keeps a small configuration and answers
ClearCache, GetConfiguration, ChangeConfiguration and TriggerMessage. Each subclass changes one
hook; most act on the first GetConfiguration, the first CALL of the catalogue's case
(TC_021_CS) after the harness's preparation.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from typing import Any
from urllib.parse import urlsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.typing import Subprotocol

from octt_py.hostile.dut import (
    CALL,
    CALLRESULT,
    CHARGE_POINT_ID,
    PASSWORD,
    Calls,
    HostileDut,
    Payload,
    error,
    now,
    parse,
    reset,
    result,
)
from octt_py.transport.security import basic_auth_header

CONFIGURATION = {"MeterValueSampleInterval": "1", "HeartbeatInterval": "1", "ConnectionTimeOut": "1"}


class ChargePoint(HostileDut):
    """The plain charge point every hostile one starts from; it reconnects after a close."""

    identity = CHARGE_POINT_ID
    password = PASSWORD
    subprotocols: tuple[str, ...] = ("ocpp1.6",)
    reconnect_s = 0.2
    receive_buffer = 0  # SO_RCVBUF of its socket; 0: the system's

    def __init__(self) -> None:
        self.calls = Calls("cp")
        self.configuration = dict(CONFIGURATION)
        self.ws: ClientConnection | None = None
        self.url = ""
        self._task: asyncio.Task[None] | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._boot_id = ""
        self._outstanding = ""  # the unique id of its CALL awaiting a reply
        self._queued: list[str] = []  # CALLs waiting for that reply (one outstanding CALL)
        self.seen: dict[str, int] = {}  # CALLs received, by action

    async def start(self, url: str) -> str:
        self.url = url.rsplit("/", 1)[0] + "/" + self.identity
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self.url

    async def stop(self) -> None:
        for task in (self._heartbeat, self._task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(OSError, ConnectionClosed, InvalidHandshake, TimeoutError):
                await self.session()
            if self._heartbeat is not None:
                self._heartbeat.cancel()
            await asyncio.sleep(self.reconnect_s)

    def _socket(self) -> socket.socket:
        parts = urlsplit(self.url)
        sock = socket.socket()
        if self.receive_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.receive_buffer)
        try:
            sock.connect((parts.hostname or "127.0.0.1", parts.port or 80))
        except OSError:
            sock.close()
            raise
        return sock

    async def send_call(self, ws: ClientConnection, text: str) -> None:
        """Send a CALL of its own now, or after the reply to the one outstanding (OCPP-J §4.1.1)."""
        if self._outstanding:
            self._queued.append(text)
            return
        self._outstanding = json.loads(text)[1]
        await ws.send(text)

    async def _replied(self, ws: ClientConnection, unique_id: str) -> None:
        if unique_id != self._outstanding:
            return
        self._outstanding = ""
        if self._queued:
            await self.send_call(ws, self._queued.pop(0))

    async def session(self) -> None:
        """One connection: open it, boot, and answer until it closes."""
        self._outstanding, self._queued = "", []
        headers = {"Authorization": basic_auth_header(self.identity, self.password)}
        sock = self._socket()
        with contextlib.closing(sock):
            await self._session(sock, headers)

    async def _session(self, sock: socket.socket, headers: dict[str, str]) -> None:
        async with connect(
            self.url, sock=sock, subprotocols=[Subprotocol(p) for p in self.subprotocols] or None,
            additional_headers=headers, open_timeout=5, close_timeout=1, ping_interval=None, max_size=None,
        ) as ws:
            self.ws = ws
            await self.opened(ws)
            async for message in ws:
                await self.received(ws, message)

    async def opened(self, ws: ClientConnection) -> None:
        await self.boot(ws)

    async def boot(self, ws: ClientConnection) -> None:
        """BootNotification, then StatusNotification Available for connector 0 and 1."""
        boot = self.calls.call("BootNotification", {"chargePointVendor": "hostile", "chargePointModel": "catalogue"})
        self._boot_id = json.loads(boot)[1]
        await self.send_call(ws, boot)

    async def statuses(self, ws: ClientConnection) -> None:
        for connector in (0, 1):
            await self.send_call(ws, self.status(connector))

    def status(self, connector: int, **fields: Any) -> str:
        return self.calls.call("StatusNotification", {
            "connectorId": connector, "errorCode": "NoError", "status": "Available", "timestamp": now(), **fields,
        })

    async def received(self, ws: ClientConnection, message: str | bytes) -> None:
        frame = parse(message)
        if frame is None:
            return
        if frame[0] == CALL and len(frame) == 4:
            self.seen[frame[2]] = self.seen.get(frame[2], 0) + 1
            await self.on_call(ws, frame[1], frame[2], frame[3])
            return
        await self._replied(ws, frame[1])
        if frame[0] == CALLRESULT and frame[1] == self._boot_id and frame[2].get("status") == "Accepted":
            await self.accepted(ws, frame[2])

    async def accepted(self, ws: ClientConnection, conf: Payload) -> None:
        """The boot was accepted: statuses, then heartbeats at the interval the CSMS gave."""
        await self.statuses(ws)
        interval = conf.get("interval") or 1
        self._heartbeat = asyncio.get_running_loop().create_task(self._beat(ws, interval))

    async def _beat(self, ws: ClientConnection, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            await self.send_call(ws, self.calls.call("Heartbeat", {}))

    async def on_call(self, ws: ClientConnection, unique_id: str, action: str, payload: Payload) -> None:
        await ws.send(self.answer(unique_id, action, payload))
        if action == "TriggerMessage" and payload.get("requestedMessage") == "BootNotification":
            await self.boot(ws)
        elif action == "TriggerMessage" and payload.get("requestedMessage") == "StatusNotification":
            await self.statuses(ws)

    def answer(self, unique_id: str, action: str, payload: Payload) -> str:
        """The plain reply to a CALL (sans-I/O)."""
        if action in ("ClearCache", "TriggerMessage", "ChangeAvailability"):
            return result(unique_id, {"status": "Accepted"})
        if action == "GetConfiguration":
            keys = payload.get("key") or list(self.configuration)
            return result(unique_id, {
                "configurationKey": [
                    {"key": k, "readonly": False, "value": self.configuration[k]} for k in keys if k in self.configuration
                ],
                "unknownKey": [k for k in keys if k not in self.configuration],
            })
        if action == "ChangeConfiguration" and payload.get("key") in self.configuration:
            self.configuration[payload["key"]] = str(payload.get("value", ""))
            return result(unique_id, {"status": "Accepted"})
        if action == "ChangeConfiguration":
            return result(unique_id, {"status": "NotSupported"})
        return error(unique_id, "NotImplemented", f"{action} is not implemented")


class OnGetConfiguration(ChargePoint):
    """A charge point that misbehaves at the first GetConfiguration (or the first CALL of
    action ``on``): ``misbehave`` replaces its reply."""

    on = "GetConfiguration"

    async def on_call(self, ws: ClientConnection, unique_id: str, action: str, payload: Payload) -> None:
        if action == self.on and self.seen[action] == 1:
            await self.misbehave(ws, unique_id)
        else:
            await super().on_call(ws, unique_id, action, payload)

    async def misbehave(self, ws: ClientConnection, unique_id: str) -> None:
        raise NotImplementedError


class Replies(OnGetConfiguration):
    """Sends ``frames`` (each a text, bytes, or a format string over ``{id}``) instead of the reply."""

    def __init__(self, *frames: str | bytes, text: bool | None = None) -> None:
        super().__init__()
        self.frames, self.text = frames, text

    async def misbehave(self, ws: ClientConnection, unique_id: str) -> None:
        for frame in self.frames:
            if isinstance(frame, str):
                frame = frame.replace("{id}", unique_id)
            await ws.send(frame, text=self.text)


class Before(OnGetConfiguration):
    """Sends ``frames`` (made fresh per call), then the plain reply."""

    def __init__(self, frames: Any) -> None:
        super().__init__()
        self.frames = frames

    async def misbehave(self, ws: ClientConnection, unique_id: str) -> None:
        for frame in self.frames(self):
            await ws.send(frame)
        await ws.send(self.answer(unique_id, "GetConfiguration", {"key": ["MeterValueSampleInterval"]}))


class Silent(ChargePoint):
    """Connects and then says nothing, answers nothing."""

    async def opened(self, ws: ClientConnection) -> None:
        return

    async def on_call(self, ws: ClientConnection, unique_id: str, action: str, payload: Payload) -> None:
        return


class Wedged(OnGetConfiguration):
    """Answers until the first GetConfiguration, then nothing for ``for_s`` seconds (forever by
    default); it stays connected and keeps reading."""

    def __init__(self, for_s: float = 1e9) -> None:
        super().__init__()
        self.for_s, self.until = for_s, 0.0

    async def misbehave(self, ws: ClientConnection, unique_id: str) -> None:
        self.until = asyncio.get_running_loop().time() + self.for_s

    async def on_call(self, ws: ClientConnection, unique_id: str, action: str, payload: Payload) -> None:
        if asyncio.get_running_loop().time() < self.until:
            return
        await super().on_call(ws, unique_id, action, payload)


class Late(OnGetConfiguration):
    """Answers the first GetConfiguration ``delay_s`` late."""

    def __init__(self, delay_s: float) -> None:
        super().__init__()
        self.delay_s = delay_s

    async def misbehave(self, ws: ClientConnection, unique_id: str) -> None:
        async def later() -> None:
            await asyncio.sleep(self.delay_s)
            await ws.send(self.answer(unique_id, "GetConfiguration", {"key": ["MeterValueSampleInterval"]}))

        self._late = asyncio.get_running_loop().create_task(later())


class Closes(OnGetConfiguration):
    """Closes the websocket with ``code`` and ``reason`` instead of answering."""

    def __init__(self, code: int, reason: str, on: str = "GetConfiguration") -> None:
        super().__init__()
        self.code, self.reason, self.on = code, reason, on

    async def on_call(self, ws: ClientConnection, unique_id: str, action: str, payload: Payload) -> None:
        if action == self.on and self.seen[action] == 1:
            await ws.close(self.code, self.reason)
        else:
            await super().on_call(ws, unique_id, action, payload)


class Resets(OnGetConfiguration):
    """Drops the TCP connection with a reset instead of answering."""

    def __init__(self, on: str = "GetConfiguration") -> None:
        super().__init__()
        self.on = on

    async def misbehave(self, ws: ClientConnection, unique_id: str) -> None:
        reset(ws.transport)


class FloodsAndStopsReading(ChargePoint):
    """After answering the preparation ClearCache: a flood of Heartbeats, then it reads nothing
    more, with a small receive buffer, so the harness's sends back up."""

    receive_buffer = 4096

    async def on_call(self, ws: ClientConnection, unique_id: str, action: str, payload: Payload) -> None:
        await super().on_call(ws, unique_id, action, payload)
        if action == "ClearCache" and self.seen[action] == 1:
            for _ in range(3000):
                await ws.send(self.calls.call("Heartbeat", {}))
            await asyncio.sleep(1e9)  # never returns to reading


class Identity(ChargePoint):
    """Connects with another identity, password or subprotocol than the PICS's."""

    def __init__(self, identity: str = CHARGE_POINT_ID, password: str = PASSWORD,
                 subprotocols: tuple[str, ...] = ("ocpp1.6",)) -> None:
        super().__init__()
        self.identity, self.password, self.subprotocols = identity, password, subprotocols


class ReconnectStorm(ChargePoint):
    """Drops the connection as soon as its boot is accepted, before reporting any status, and
    connects again at once: a charge point in a crash loop."""

    reconnect_s = 0.0

    async def accepted(self, ws: ClientConnection, conf: Payload) -> None:
        await ws.close()


class RawTcp(HostileDut):
    """Opens TCP connections to the harness and never finishes a websocket handshake: with
    ``drip`` it sends the upgrade request one byte every ``drip`` seconds (slowloris)."""

    def __init__(self, drip: float = 0.0) -> None:
        self.drip = drip
        self._task: asyncio.Task[None] | None = None

    async def start(self, url: str) -> str:
        self._task = asyncio.get_running_loop().create_task(self._run(url))
        return url

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def _run(self, url: str) -> None:
        parts = urlsplit(url.rsplit("/", 1)[0] + "/" + CHARGE_POINT_ID)
        request = (f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n").encode()
        while True:
            with contextlib.suppress(OSError):
                _, writer = await asyncio.open_connection(parts.hostname, parts.port)
                try:
                    for byte in request if self.drip else b"":
                        writer.write(bytes([byte]))
                        await writer.drain()
                        await asyncio.sleep(self.drip)
                    await asyncio.sleep(30)
                finally:
                    writer.close()


class HugeVendor(ChargePoint):
    """Boots with a 900 KB chargePointVendor (CiString20)."""

    async def boot(self, ws: ClientConnection) -> None:
        boot = self.calls.call("BootNotification", {"chargePointVendor": "v" * 900_000, "chargePointModel": "m"})
        self._boot_id = json.loads(boot)[1]
        await self.send_call(ws, boot)


class ErrorsToEverything(ChargePoint):
    """Answers every CALL with CALLERROR InternalError."""

    async def on_call(self, ws: ClientConnection, unique_id: str, action: str, payload: Payload) -> None:
        await ws.send(error(unique_id, "InternalError", "no"))


class PingFlood(ChargePoint):
    """Boots, then pings the harness every millisecond for as long as the connection lasts."""

    async def opened(self, ws: ClientConnection) -> None:
        async def pings() -> None:
            with contextlib.suppress(ConnectionClosed):
                while True:
                    await ws.ping()
                    await asyncio.sleep(0.001)

        self._pings = asyncio.get_running_loop().create_task(pings())
        await self.boot(ws)


class OversizeBoot(ChargePoint):
    """Its first connection boots with a 10 MB BootNotification; later ones boot plainly."""

    connections = 0

    async def boot(self, ws: ClientConnection) -> None:
        self.connections += 1
        if self.connections > 1:
            await super().boot(ws)
            return
        await ws.send(self.calls.call("BootNotification", {"chargePointVendor": "v" * 10_000_000,
                                                           "chargePointModel": "m"}))


class HoldsReply(OnGetConfiguration):
    """Keeps the reply to the first ``on`` CALL back and sends it just before its reply to the
    next CALL the harness sends, which comes in the next case: a reply that finds another case."""

    def __init__(self, on: str = "ClearCache") -> None:
        super().__init__()
        self.on, self.held = on, ""

    async def misbehave(self, ws: ClientConnection, unique_id: str) -> None:
        self.held = self.answer(unique_id, self.on, {})

    async def on_call(self, ws: ClientConnection, unique_id: str, action: str, payload: Payload) -> None:
        if self.held and not (action == self.on and self.seen[action] == 1):
            held, self.held = self.held, ""
            await ws.send(held)
        await super().on_call(ws, unique_id, action, payload)


class StaysFaulted(ChargePoint):
    """Reports connector 1 Faulted after every boot and every status request, and never
    recovers: a charge point that cannot be brought to idle."""

    def status(self, connector: int, **fields: Any) -> str:
        if connector == 1:
            fields = {"status": "Faulted", "errorCode": "GroundFailure", **fields}
        return super().status(connector, **fields)
