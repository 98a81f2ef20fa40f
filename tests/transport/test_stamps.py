"""Arrival stamps: taken when the bytes arrive, one per message, whoever reads them later.

Real sockets on loopback, through the harness's own server and client.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection

from octt_py.pics import Connection
from octt_py.transport.client import open_connection
from octt_py.transport.server import CsmsServer
from octt_py.transport.stamps import KERNEL_STAMPS, arrival_ns


@asynccontextmanager
async def harness_csms_and_charge_point(
    csms: Callable[[ServerConnection], Awaitable[None]],
) -> AsyncIterator[ClientConnection]:
    """The harness's own server, running ``csms``, and its own client connected to it."""
    server = CsmsServer(Connection(listen_port=0), "CP001", csms)
    await server.start()
    try:
        connection = Connection(csms_url=server.url.removesuffix("/CP001"))
        websocket = await open_connection(connection, "CP001", timeout=5)
        try:
            yield websocket
        finally:
            await websocket.close()
    finally:
        await server.close()


@pytest.mark.asyncio
async def test_harness_as_csms_stamps_on_arrival_not_when_it_reads() -> None:
    """A reader busy elsewhere for 100 ms still gets the time each message came in."""
    read: list[tuple[str, int, int]] = []
    done = asyncio.Event()

    async def slow_reader(websocket: ServerConnection) -> None:
        await asyncio.sleep(0.1)  # both messages arrive while the harness is busy
        for _ in range(2):
            text = await websocket.recv()
            read.append((str(text), arrival_ns(websocket), time.monotonic_ns()))
        done.set()
        await websocket.wait_closed()

    server = CsmsServer(Connection(listen_port=0), "CP001", slow_reader)
    await server.start()
    try:
        async with connect(server.url, subprotocols=["ocpp1.6"]) as websocket:  # type: ignore[list-item]
            sent = time.monotonic_ns()
            await websocket.send("first")
            await asyncio.sleep(0.02)
            await websocket.send(["sec", "ond"])  # fragmented: stamped when the last part lands
            await asyncio.wait_for(done.wait(), 5)
    finally:
        await server.close()
    (first, first_at, first_read), (second, second_at, _) = read
    assert (first, second) == ("first", "second")
    assert sent <= first_at < second_at
    assert (second_at - first_at) / 1e6 >= 15  # 20 ms apart on the wire
    assert (first_read - first_at) / 1e6 >= 50  # read about 100 ms after it came


@pytest.mark.asyncio
async def test_harness_as_charge_point_stamps_on_arrival() -> None:
    async def greet_twice(websocket: ServerConnection) -> None:
        await websocket.send("one")
        await websocket.send("two")
        await websocket.wait_closed()

    async with harness_csms_and_charge_point(greet_twice) as websocket:
        await asyncio.sleep(0.05)
        stamps = [(await websocket.recv(), arrival_ns(websocket)) for _ in range(2)]
        assert [text for text, _ in stamps] == ["one", "two"]
        assert (time.monotonic_ns() - stamps[1][1]) / 1e6 >= 40
        assert not websocket.arrivals  # type: ignore[attr-defined]


@pytest.mark.skipif(not KERNEL_STAMPS, reason="kernel receive stamps are read on Linux only")
@pytest.mark.asyncio
async def test_the_kernel_stamp_does_not_wait_for_the_harness_to_wake_up() -> None:
    """The bytes are in the machine while the harness's event loop is stuck for 100 ms (as if
    the process had not been scheduled): both sides' stamps still say when they came."""
    stamps: dict[str, int] = {}
    received = asyncio.Event()

    async def csms(websocket: ServerConnection) -> None:
        await websocket.recv()
        stamps["csms"] = arrival_ns(websocket)
        received.set()
        await websocket.send("reply")
        await websocket.wait_closed()

    async with harness_csms_and_charge_point(csms) as websocket:
        sent = time.monotonic_ns()
        await websocket.send("request")  # written to the kernel before send returns
        time.sleep(0.1)  # noqa: ASYNC251 - blocking the loop is the point
        await asyncio.wait_for(received.wait(), 5)
        reply_due = time.monotonic_ns()
        time.sleep(0.1)  # noqa: ASYNC251 - the reply is on its way while the loop is stuck
        await websocket.recv()
        stamps["charge point"] = arrival_ns(websocket)
    assert (stamps["csms"] - sent) / 1e6 < 50  # not the 100 ms the loop was stuck
    assert (stamps["charge point"] - reply_due) / 1e6 < 50
