"""The webhook backend, run for real against an HTTP server on 127.0.0.1: 2xx done, 501 cannot,
anything else failed."""

from __future__ import annotations

import asyncio
import json
import ssl
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from octt_py.operator import (
    OperatorAction,
    OperatorError,
    OperatorOutcome,
    StepNotSupported,
    WebhookOperator,
)

from .common import PLUG


def _http(status: int, body: object, *, reason: str = "Whatever") -> bytes:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
    return f"{head}Content-Length: {len(raw)}\r\nConnection: close\r\n\r\n".encode() + raw


class Rig:
    """A one-route HTTP server on loopback: records each request, answers with canned bytes.

    ``answer=None`` never answers (until the rig closes): a hung endpoint.
    """

    def __init__(self, answer: bytes | None) -> None:
        self.answer = answer
        self.requests: list[tuple[str, dict[str, str], Any]] = []
        self._release = asyncio.Event()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode().split("\r\n")
        headers = dict(line.split(": ", 1) for line in head[1:] if line)
        body = await reader.readexactly(int(headers["Content-Length"]))
        self.requests.append((head[0], headers, json.loads(body)))
        if self.answer is None:
            await self._release.wait()
        else:
            writer.write(self.answer)
            await writer.drain()
        writer.close()


@pytest_asyncio.fixture
async def rig_server() -> AsyncIterator[Callable[[bytes | None], Any]]:
    """Starts Rigs on 127.0.0.1:0 and yields (rig, url) pairs; closes them after the test."""
    started: list[tuple[Rig, asyncio.Server]] = []

    async def start(answer: bytes | None, tls: ssl.SSLContext | None = None) -> tuple[Rig, str]:
        rig = Rig(answer)
        server = await asyncio.start_server(rig._serve, "127.0.0.1", 0, ssl=tls)
        started.append((rig, server))
        scheme = "https" if tls else "http"
        return rig, f"{scheme}://127.0.0.1:{server.sockets[0].getsockname()[1]}"

    yield start
    for rig, server in started:
        rig._release.set()
        server.close()
        await server.wait_closed()


@pytest.mark.asyncio
async def test_webhook_done(rig_server: Any) -> None:
    answer = {"ok": True, "detail": "plugged\n in", "state": "Preparing"}
    rig, url = await rig_server(_http(200, answer, reason="OK"))
    outcome = await WebhookOperator(url).perform(PLUG, 2)
    assert outcome == OperatorOutcome(True, "plugged in", answer)
    ((request_line, headers, body),) = rig.requests
    assert request_line == "POST /actions/plug_in HTTP/1.1"
    assert headers["Host"] == url.removeprefix("http://")
    assert headers["Content-Type"] == "application/json"
    assert body == {"connector": 1}


@pytest.mark.asyncio
async def test_webhook_501_means_this_rig_cannot_do_the_step(rig_server: Any) -> None:
    _, url = await rig_server(_http(501, {"ok": False, "error": "no power switch"}))
    with pytest.raises(StepNotSupported) as raised:
        await WebhookOperator(url).perform(OperatorAction.of("power_loss"), 2)
    assert str(raised.value) == (
        f"operator step 'power_loss' not done: {url}/actions/power_loss answered 501: "
        "no power switch"
    )
    _, failing = await rig_server(_http(500, {"ok": False, "error": "relay stuck"}))
    with pytest.raises(OperatorError) as failed:
        await WebhookOperator(failing).perform(OperatorAction.of("power_loss"), 2)
    assert not isinstance(failed.value, StepNotSupported)


@pytest.mark.asyncio
async def test_webhook_url_may_have_a_path(rig_server: Any) -> None:
    rig, url = await rig_server(_http(200, {"ok": True}))
    tag = OperatorAction.of("present_id_tag", id_tag="TAG")
    assert (await WebhookOperator(url + "/rig/").perform(tag, 2)).done
    assert rig.requests[0][0] == "POST /rig/actions/present_id_tag HTTP/1.1"
    assert rig.requests[0][2] == {"id_tag": "TAG", "connector": None}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (_http(409, {"ok": False, "error": "connector 1\nis occupied"}),
         "answered 409 (cannot be done now): connector 1 is occupied"),
        (_http(404, {"ok": False, "error": "unknown action 'plug_in'"}),
         "answered 404 (no such action): unknown action 'plug_in'"),
        (_http(400, {"ok": False, "error": "bad parameters"}), "answered 400: bad parameters"),
        (_http(500, b"boom"), "answered 500: not a JSON object: 'boom'"),
        (_http(200, {"ok": False, "error": "jammed"}), "answered 200: jammed"),
        (_http(200, {"state": "Preparing"}), 'answered 200: no "ok": true in the answer'),
        (_http(200, b'{"ok": tru'), "answered 200: not a JSON object: '{\"ok\": tru'"),
        (_http(200, [True]), "answered 200: not a JSON object: '[true]'"),
        (b"SSH-2.0-OpenSSH_9.6\r\n", "answered badly: not an HTTP answer: 'SSH-2.0"),
        (b"", "answered badly: not an HTTP answer: ''"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}", "2 bytes read on a total of 100"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n{}", "invalid literal for int()"),
    ],
)  # fmt: skip
async def test_webhook_errors(rig_server: Any, answer: bytes, reason: str) -> None:
    _, url = await rig_server(answer)
    with pytest.raises(OperatorError) as caught:
        await WebhookOperator(url).perform(PLUG, 2)
    assert str(caught.value).startswith(f"operator step 'plug_in' not done: {url}/actions/plug_in")
    assert reason in str(caught.value)


@pytest.mark.asyncio
async def test_webhook_reads_chunked_and_close_delimited_answers(rig_server: Any) -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"7\r\n{\"ok\": \r\n6;ext=1\r\ntrue, \r\nc\r\n\"n\": \"done\"}\r\n0\r\nX-Trailer: 1\r\n\r\n"
    )
    _, url = await rig_server(chunked)
    assert (await WebhookOperator(url).perform(PLUG, 2)).data == {"ok": True, "n": "done"}
    _, url = await rig_server(b'HTTP/1.0 200 OK\r\n\r\n{"ok": true}')
    assert (await WebhookOperator(url).perform(PLUG, 2)).done


@pytest.mark.asyncio
async def test_webhook_connection_refused() -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    with pytest.raises(OperatorError, match=f"cannot reach http://127.0.0.1:{port}/actions/plug"):
        await WebhookOperator(f"http://127.0.0.1:{port}").perform(PLUG, 2)


@pytest.mark.asyncio
async def test_webhook_slow_endpoint_times_out(rig_server: Any) -> None:
    rig, url = await rig_server(None)
    started = time.monotonic()
    with pytest.raises(OperatorError, match=r"no answer from http://.*/plug_in within 0.2 s"):
        await WebhookOperator(url).perform(PLUG, 0.2)
    assert time.monotonic() - started < 5  # bounded by the timeout, not hanging
    assert len(rig.requests) == 1


def _self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that is its own CA, and its key."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "octt test rig")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "rig.pem", directory / "rig.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))  # fmt: skip
    return cert_file, key_file


@pytest.mark.asyncio
async def test_webhook_over_https(
    rig_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert_file, key_file = _self_signed(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_file, key_file)
    rig, url = await rig_server(_http(200, {"ok": True}), tls)
    with pytest.raises(OperatorError, match="cannot reach https:.*CERTIFICATE_VERIFY_FAILED"):
        await WebhookOperator(url).perform(PLUG, 2)  # the rig's certificate is not trusted yet
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # read by the default context
    assert (await WebhookOperator(url).perform(PLUG, 2)).done
    assert rig.requests[-1][0] == "POST /actions/plug_in HTTP/1.1"


@pytest.mark.parametrize("url", ["ftp://rig/", "localhost:8080", "http://", "/actions"])
def test_webhook_rejects_a_bad_url_when_built(url: str) -> None:
    with pytest.raises(ValueError, match="operator url must be http://"):
        WebhookOperator(url)
