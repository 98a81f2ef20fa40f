"""Arrival stamps: taken when the bytes arrive, one per message, whoever reads them later.

Real sockets on loopback, through the harness's own server and client.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection

from octt_py.pics import Connection
from octt_py.transport.client import open_connection
from octt_py.transport.server import CsmsServer
from octt_py.transport.stamps import arrival_ns


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

    server = CsmsServer(Connection(listen_port=0), "CP001", greet_twice)
    await server.start()
    try:
        connection = Connection(csms_url=server.url.removesuffix("/CP001"))
        websocket = await open_connection(connection, "CP001", timeout=5)
        try:
            await asyncio.sleep(0.05)
            stamps = [(await websocket.recv(), arrival_ns(websocket)) for _ in range(2)]
            assert [text for text, _ in stamps] == ["one", "two"]
            assert (time.monotonic_ns() - stamps[1][1]) / 1e6 >= 40
            assert not websocket.arrivals  # type: ignore[attr-defined]
        finally:
            await websocket.close()
    finally:
        await server.close()
