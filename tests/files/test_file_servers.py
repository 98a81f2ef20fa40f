"""The harness's file servers and transfer client, with real transfers over loopback."""

from __future__ import annotations

import asyncio
import datetime
import ftplib
import ipaddress
import socket
import ssl
import threading
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from octt_py.files import (
    FileServerError,
    FileServers,
    download,
    firmware_image,
    shown_url,
    unreachable_url,
    upload,
    upload_target,
)
from octt_py.files.paths import PathRefused, resolve

TIMEOUT = 5.0
BOTH = ("http", "ftp")


@pytest_asyncio.fixture
async def files() -> AsyncIterator[FileServers]:
    servers = FileServers(schemes=BOTH)
    await servers.start()
    try:
        yield servers
    finally:
        await servers.close()


def _refused(address: tuple[str, int]) -> bool:
    try:
        socket.create_connection(address, timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def _file_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("octt-files-")]


# -- downloads -------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("scheme", BOTH)
async def test_firmware_is_really_downloaded(files: FileServers, scheme: str) -> None:
    got = await download(files.firmware_url(scheme), timeout=TIMEOUT)
    assert got.ok, got.error
    assert got.content == files.firmware and got.sha256 == files.firmware_sha256

    served = await files.wait_for_download(TIMEOUT, path=files.firmware_path)
    assert (served.protocol, served.ok, served.size) == (scheme, True, len(files.firmware))
    assert served.sha256 == files.firmware_sha256
    assert served.peer.startswith("127.0.0.1:")
    assert served.started <= served.ended
    with pytest.raises(TimeoutError):  # each transfer is handed out once
        await files.wait_for_download(0.2)


@pytest.mark.asyncio
async def test_ftp_urls_carry_the_login_and_it_is_masked_when_shown(files: FileServers) -> None:
    url = files.firmware_url("ftp")
    assert url.startswith(f"ftp://octt:{files.password}@127.0.0.1:")
    assert files.password not in shown_url(url) and "octt:•••@" in shown_url(url)
    assert files.firmware_url("http").startswith("http://127.0.0.1:")  # no credentials


@pytest.mark.asyncio
async def test_served_files_can_be_added(files: FileServers) -> None:
    path = files.serve("v2.bin", b"second image")
    assert path == "/firmware/v2.bin"
    got = await download(files.url_for("ftp", path), timeout=TIMEOUT)
    assert got.content == b"second image"
    assert (await files.wait_for_download(TIMEOUT, path=path)).size == 12
    with pytest.raises(FileServerError):
        files.serve("../escape.bin", b"x")


@pytest.mark.asyncio
@pytest.mark.parametrize("scheme", BOTH)
async def test_missing_files_are_not_found(files: FileServers, scheme: str) -> None:
    got = await download(files.url_for(scheme, "/firmware/missing.bin"), timeout=TIMEOUT)
    assert not got.ok
    assert ("404" if scheme == "http" else "550") in got.error
    with pytest.raises(TimeoutError):
        await files.wait_for_download(0.2, complete=False)


@pytest.mark.asyncio
async def test_the_server_root_cannot_be_left(files: FileServers) -> None:
    assert (await download(files.firmware_url("http"), timeout=TIMEOUT)).ok
    for path in ("/../../../etc/passwd", "/firmware/%2e%2e/%2e%2e/etc/passwd"):
        got = await download(files.url_for("http", "/") + path.lstrip("/"), timeout=TIMEOUT)
        assert not got.ok and "404" in got.error, path


def test_resolve_keeps_requests_inside_the_root(tmp_path: Path) -> None:
    assert resolve(tmp_path, "/upload/a.log?x=1") == (
        "/upload/a.log",
        tmp_path.resolve() / "upload/a.log",
    )
    assert resolve(tmp_path, "/upload/")[0] == "/upload/"
    assert resolve(tmp_path, "//upload//x/../a")[0] == "/upload/a"
    for bad in ("/../x", "/a/../../x", "/%2e%2e/x", "/a\x00b"):
        with pytest.raises(PathRefused):
            resolve(tmp_path, bad)


# -- uploads ---------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("scheme", BOTH)
async def test_diagnostics_really_arrive(files: FileServers, scheme: str) -> None:
    data = b"2026-01-01T00:00:00Z boot\n" * 100
    sent = await upload(files.upload_url(scheme), "diag.log", data, timeout=TIMEOUT)
    assert sent.ok, sent.error
    assert sent.url.endswith("/upload/diag.log")

    arrived = await files.wait_for_upload(TIMEOUT)
    assert (arrived.protocol, arrived.path, arrived.content) == (scheme, "/upload/diag.log", data)
    assert arrived.sha256 == sent.sha256 and arrived.size == len(data) > 0
    assert files.uploaded("/upload/diag.log") == data


@pytest.mark.asyncio
async def test_http_post_multipart_uploads_are_taken_apart(files: FileServers) -> None:
    boundary = "octt-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="cp.log"\r\n'
        f"Content-Type: text/plain\r\n\r\nline 1\nline 2\n\r\n--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(
        files.upload_url("http"), data=body, method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )  # fmt: skip
    await asyncio.to_thread(lambda: urllib.request.urlopen(request, timeout=TIMEOUT).close())
    arrived = await files.wait_for_upload(TIMEOUT)
    assert (arrived.path, arrived.content) == ("/upload/cp.log", b"line 1\nline 2\n")


@pytest.mark.asyncio
@pytest.mark.parametrize(("scheme", "code"), [("http", "403"), ("ftp", "550")])
async def test_uploads_elsewhere_are_refused(files: FileServers, scheme: str, code: str) -> None:
    sent = await upload(files.url_for(scheme, "/firmware/"), "diag.log", b"x", timeout=TIMEOUT)
    assert not sent.ok and code in sent.error
    with pytest.raises(TimeoutError):
        await files.wait_for_upload(0.2, complete=False)
    assert (await download(files.firmware_url(scheme), timeout=TIMEOUT)).content == files.firmware


@pytest.mark.asyncio
async def test_a_wrong_ftp_password_is_refused(files: FileServers) -> None:
    url = files.upload_url("ftp").replace(files.password, "wrong-password")
    sent = await upload(url, "diag.log", b"x", timeout=TIMEOUT)
    assert not sent.ok and "530" in sent.error


def test_upload_targets_are_files_in_the_location_folder() -> None:
    assert upload_target("ftp://h/upload/", "d.log") == "ftp://h/upload/d.log"
    assert upload_target("http://h:8080/upload", "d.log") == "http://h:8080/upload/d.log"


# -- failures on the client side -------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("scheme", BOTH)
async def test_unreachable_locations_fail_quickly(scheme: str) -> None:
    url = unreachable_url(scheme)
    got = await download(url, timeout=TIMEOUT)
    sent = await upload(url.rsplit("/", 1)[0] + "/", "diag.log", b"x", timeout=TIMEOUT)
    for transfer in (got, sent):
        assert not transfer.ok and "refused" in transfer.error.lower()
        assert transfer.duration < 2


@pytest.mark.asyncio
async def test_a_silent_server_is_given_up_on_within_the_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        for url in (f"http://127.0.0.1:{port}/fw.bin", f"ftp://127.0.0.1:{port}/fw.bin"):
            got = await download(url, timeout=0.5)
            assert not got.ok and got.duration < 2.5, got


@pytest.mark.asyncio
async def test_unsupported_schemes_and_oversized_files_fail(files: FileServers) -> None:
    got = await download("ftps://127.0.0.1/fw.bin", timeout=TIMEOUT)
    assert not got.ok and "unsupported URL scheme 'ftps'" in got.error
    big = await download(files.firmware_url("http"), timeout=TIMEOUT, max_bytes=1000)
    assert not big.ok and "larger than 1000 bytes" in big.error


@pytest.mark.asyncio
async def test_an_interrupted_download_is_recorded_as_incomplete() -> None:
    async with FileServers(schemes=("http",), firmware=bytes(32 << 20)) as files:
        host, port = files.address("http")

        def read_a_little_and_hang_up() -> None:
            with socket.create_connection((host, port), timeout=TIMEOUT) as client:
                client.sendall(f"GET {files.firmware_path} HTTP/1.0\r\n\r\n".encode())
                client.recv(1024)

        await asyncio.to_thread(read_a_little_and_hang_up)
        broken = await files.wait_for_download(TIMEOUT, complete=False)
        assert not broken.ok and broken.size < len(files.firmware)
        assert "went away" in broken.error


# -- HTTPS -----------------------------------------------------------------------------------


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.mark.asyncio
async def test_https_serves_and_receives(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert, key)
    client_tls = ssl.create_default_context(cafile=str(cert))
    async with FileServers(schemes=("https",), tls=server_tls) as files:
        url = files.firmware_url()
        assert url.startswith("https://127.0.0.1:")
        got = await download(url, timeout=TIMEOUT, tls=client_tls)
        assert got.ok and got.sha256 == files.firmware_sha256, got.error
        sent = await upload(files.upload_url(), "diag.log", b"tls", timeout=TIMEOUT, tls=client_tls)
        assert sent.ok, sent.error
        assert (await files.wait_for_upload(TIMEOUT)).content == b"tls"
        untrusted = await download(url, timeout=TIMEOUT)  # the system CAs do not know it
        assert not untrusted.ok and "CERTIFICATE_VERIFY_FAILED" in untrusted.error


def test_unsupported_server_setups_are_refused() -> None:
    with pytest.raises(FileServerError, match="ftps"):
        FileServers(schemes=("ftps",))
    with pytest.raises(FileServerError, match="TLS"):
        FileServers(schemes=("https",))
    with pytest.raises(FileServerError):
        FileServers(schemes=())


# -- life cycle ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_close_leaves_nothing_listening_or_running() -> None:
    files = FileServers(schemes=BOTH)
    with pytest.raises(FileServerError):
        files.firmware_url()  # not started yet
    await files.start()
    addresses = [files.address(scheme) for scheme in BOTH]
    assert all(host == "127.0.0.1" for host, _ in addresses)
    # A client still logged in to FTP and one with a half-sent HTTP request must not hold
    # the servers open.
    idle_ftp = ftplib.FTP()
    idle_ftp.connect(*files.address("ftp"), timeout=TIMEOUT)
    idle_ftp.login(files.user, files.password)
    half_http = socket.create_connection(files.address("http"), timeout=TIMEOUT)
    half_http.sendall(b"GET /firmware/")
    try:
        assert len(_file_threads()) == 2
        await asyncio.wait_for(files.close(), 15)
    finally:
        idle_ftp.close()
        half_http.close()
    assert _file_threads() == []
    assert all(_refused(address) for address in addresses)
    assert not files.running
    with pytest.raises(FileServerError):
        files.upload_url("ftp")
    await files.close()  # twice is fine


@pytest.mark.asyncio
async def test_servers_can_bind_another_address_and_advertise_a_name() -> None:
    async with FileServers(
        schemes=("http",), host="0.0.0.0", advertised_host="cp-lab.local"
    ) as files:
        assert files.address("http")[0] == "0.0.0.0"
        assert files.firmware_url().startswith("http://cp-lab.local:")
        port = files.address("http")[1]
        got = await download(f"http://127.0.0.1:{port}{files.firmware_path}", timeout=TIMEOUT)
        assert got.ok


def test_firmware_images_are_recognisable_and_deterministic() -> None:
    image = firmware_image("v9", size=1000)
    assert len(image) == 1000 and image.startswith(b"OCTT-PY FIRMWARE IMAGE v9\n")
    assert image == firmware_image("v9", size=1000) != firmware_image("v10", size=1000)
