"""The websocket transport: what the harness accepts as CSMS and how it connects as charge point.

Real sockets on loopback; TLS with a certificate made for the test by openssl.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import InvalidStatus

from octt_py.pics import Connection
from octt_py.transport.client import open_connection
from octt_py.transport.security import basic_auth_header
from octt_py.transport.server import CsmsServer

PASSWORD = "0123456789abcdef"


async def accept_and_hold(websocket: ServerConnection) -> None:
    await websocket.wait_closed()


async def started(connection: Connection) -> CsmsServer:
    server = CsmsServer(connection, "CP001", accept_and_hold)
    await server.start()
    return server


@pytest.mark.asyncio
async def test_charge_point_at_its_path_gets_ocpp16() -> None:
    server = await started(Connection(listen_port=0))
    try:
        async with connect(server.url, subprotocols=["ocpp0.1", "ocpp1.6"]) as websocket:  # type: ignore[list-item]
            assert websocket.subprotocol == "ocpp1.6"
        assert server.url.endswith("/ocpp/CP001")
    finally:
        await server.close()


@pytest.mark.asyncio
async def test_wrong_path_or_charge_point_id_is_refused_with_404() -> None:
    server = await started(Connection(listen_port=0))
    try:
        with pytest.raises(InvalidStatus) as refused:
            async with connect(server.url.replace("CP001", "CP999"), subprotocols=["ocpp1.6"]):  # type: ignore[list-item]
                pass
        assert refused.value.response.status_code == 404
        assert server.refused == ["unexpected path '/ocpp/CP999', expected '/ocpp/CP001'"]
    finally:
        await server.close()


@pytest.mark.asyncio
async def test_charge_point_without_subprotocol_is_let_in_without_one() -> None:
    """The case then records the missing subprotocol as a finding (roles/csms/core.py)."""
    server = await started(Connection(listen_port=0))
    try:
        async with connect(server.url) as websocket:
            assert websocket.subprotocol is None
    finally:
        await server.close()


@pytest.mark.asyncio
async def test_basic_auth_is_checked_for_security_profile_1() -> None:
    server = await started(Connection(listen_port=0, security_profile=1, basic_auth_password=PASSWORD))
    try:
        with pytest.raises(InvalidStatus) as refused:
            async with connect(server.url, subprotocols=["ocpp1.6"]):  # type: ignore[list-item]
                pass
        assert refused.value.response.status_code == 401
        header = {"Authorization": basic_auth_header("CP001", PASSWORD)}
        async with connect(server.url, subprotocols=["ocpp1.6"], additional_headers=header):  # type: ignore[list-item]
            pass
    finally:
        await server.close()


def test_basic_auth_header_is_id_colon_password() -> None:
    token = basic_auth_header("CP001", PASSWORD).removeprefix("Basic ")
    assert base64.b64decode(token).decode() == f"CP001:{PASSWORD}"


@pytest.mark.asyncio
async def test_harness_as_charge_point_offers_ocpp16_and_basic_auth() -> None:
    seen: dict[str, object] = {}

    async def csms(websocket: ServerConnection) -> None:
        seen["path"] = websocket.request.path if websocket.request else None
        seen["auth"] = websocket.request.headers.get("Authorization") if websocket.request else None
        seen["subprotocol"] = websocket.subprotocol
        await websocket.wait_closed()

    async with serve(csms, "127.0.0.1", 0, subprotocols=["ocpp1.6"]) as server:  # type: ignore[list-item]
        port = server.sockets[0].getsockname()[1]
        connection = Connection(csms_url=f"ws://127.0.0.1:{port}/ocpp", security_profile=1, basic_auth_password=PASSWORD)
        websocket = await open_connection(connection, "CP001", timeout=2)
        await websocket.close()
    assert seen == {"path": "/ocpp/CP001", "auth": basic_auth_header("CP001", PASSWORD), "subprotocol": "ocpp1.6"}


@pytest.mark.asyncio
async def test_refused_connection_raises_os_error_for_the_role_to_report() -> None:
    with pytest.raises(OSError):
        await open_connection(Connection(csms_url="ws://127.0.0.1:9/ocpp"), "CP001", timeout=2)


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


@pytest.mark.asyncio
async def test_security_profile_2_is_tls_with_basic_auth(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    listen = Connection(listen_port=0, security_profile=2, basic_auth_password=PASSWORD,
                        tls_cert_file=str(cert), tls_key_file=str(key))
    server = await started(listen)
    try:
        assert server.url.startswith("wss://")
        client = dataclasses.replace(listen, csms_url=server.url.rsplit("/", 1)[0], tls_ca_file=str(cert))
        websocket = await open_connection(client, "CP001", timeout=5)
        assert websocket.subprotocol == "ocpp1.6"
        await websocket.close()
        untrusted = dataclasses.replace(client, tls_ca_file="")
        with pytest.raises(OSError):  # ssl.SSLCertVerificationError is an OSError
            await asyncio.wait_for(open_connection(untrusted, "CP001", timeout=5), 10)
    finally:
        await server.close()
