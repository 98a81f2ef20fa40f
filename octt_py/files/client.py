"""The charge point's end of a file transfer: fetch a firmware URL, upload a diagnostics file.

What the harness uses when it plays the charge point (a CSMS under test names the locations):
urllib for HTTP(S), ftplib (passive mode, the URL's user and password, else anonymous) for FTP,
on a worker thread, bounded by ``timeout`` as a whole. Neither function raises for a transfer
that fails: both return a :class:`~octt_py.files.records.Transfer` with ``ok`` false and the
reason, which is what a charge point turns into DownloadFailed / UploadFailed.

Upload locations are folders, as in OCPP 1.6 (GetDiagnostics.req location): the file goes to
``<location>/<file name>`` -- an HTTP PUT there, or an FTP STOR of that path.
"""

from __future__ import annotations

import asyncio
import ftplib
import http.client
import io
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from octt_py.files.records import DOWNLOAD, UPLOAD, Transfer, sha256, shown_url

MAX_DOWNLOAD = 64 << 20
CHUNK = 64 << 10
CLIENT_SCHEMES = ("http", "https", "ftp")


class _TransferFailed(Exception):
    pass


async def download(
    url: str, *, timeout: float, max_bytes: int = MAX_DOWNLOAD, tls: ssl.SSLContext | None = None
) -> Transfer:
    """GET / RETR ``url``; ``Transfer.content`` holds the bytes when ``ok``."""
    return await _run(
        DOWNLOAD, url, timeout, lambda deadline: _download(url, deadline, max_bytes, tls)
    )


async def upload(
    location: str, file_name: str, data: bytes, *, timeout: float, tls: ssl.SSLContext | None = None
) -> Transfer:
    """PUT / STOR ``data`` as ``<location>/<file_name>``."""
    target = upload_target(location, file_name)
    return await _run(
        UPLOAD, target, timeout, lambda deadline: _upload(target, data, deadline, tls)
    )


def upload_target(location: str, file_name: str) -> str:
    """``ftp://h/upload/`` + ``diag.log`` -> ``ftp://h/upload/diag.log``."""
    return location.rstrip("/") + "/" + file_name.lstrip("/")


def unreachable_url(
    scheme: str = "http", host: str = "127.0.0.1", path: str = "/octt/unreachable.bin"
) -> str:
    """A URL on ``host`` where nothing listens (a port just taken from and given back to the
    operating system): a transfer there fails at once with "connection refused"."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port = probe.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown_host}:{port}{path}"


# -- running a transfer ----------------------------------------------------------------------


async def _run(
    direction: str, url: str, timeout: float, work: Callable[[float], tuple[bytes, str]]
) -> Transfer:
    parts = urlsplit(url)
    started = time.monotonic()
    deadline = started + timeout
    data, peer, error = b"", _url_peer(url), ""
    try:
        data, peer = await asyncio.wait_for(asyncio.to_thread(work, deadline), timeout + 1.0)
    except TimeoutError:
        error = f"not done within {timeout:g} s"
    except _TransferFailed as exc:
        error = str(exc)
    return Transfer(
        direction=direction,
        protocol=parts.scheme,
        path=unquote(parts.path) or "/",
        size=len(data),
        sha256=sha256(data),
        peer=peer,
        started=started,
        ended=time.monotonic(),
        ok=not error,
        error=error,
        url=shown_url(url),
        content=data,
    )


def _url_peer(url: str) -> str:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return parts.netloc
    default = {"http": 80, "https": 443, "ftp": 21}.get(parts.scheme)
    return f"{parts.hostname}:{port or default}"


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _TransferFailed("ran out of time")
    return left


def _explain(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        exc.close()  # it holds the response and its socket
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__


def _checked(url: str) -> str:
    scheme = urlsplit(url).scheme
    if scheme not in CLIENT_SCHEMES:
        raise _TransferFailed(
            f"unsupported URL scheme {scheme!r} (supported: {', '.join(CLIENT_SCHEMES)})"
        )
    return scheme


# -- downloads -------------------------------------------------------------------------------


def _download(
    url: str, deadline: float, max_bytes: int, tls: ssl.SSLContext | None
) -> tuple[bytes, str]:
    scheme = _checked(url)
    try:
        if scheme == "ftp":
            return _ftp_download(url, deadline, max_bytes)
        return _http_download(url, deadline, max_bytes, tls)
    except (OSError, ftplib.Error, http.client.HTTPException, ValueError, EOFError) as exc:
        raise _TransferFailed(_explain(exc)) from None


def _opener(tls: ssl.SSLContext | None) -> urllib.request.OpenerDirector:
    # No proxies: the file server is where the URL says, usually on loopback.
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=tls)
    )


def _http_download(
    url: str, deadline: float, max_bytes: int, tls: ssl.SSLContext | None
) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"User-Agent": "octt-py"})
    buffer = bytearray()
    with _opener(tls).open(request, timeout=_remaining(deadline)) as response:
        while chunk := response.read(CHUNK):
            buffer += chunk
            if len(buffer) > max_bytes:
                raise _TransferFailed(f"larger than {max_bytes} bytes")
            _remaining(deadline)
    return bytes(buffer), _url_peer(url)


def _ftp_download(url: str, deadline: float, max_bytes: int) -> tuple[bytes, str]:
    buffer = bytearray()

    def take(block: bytes) -> None:
        buffer.extend(block)
        if len(buffer) > max_bytes:
            raise _TransferFailed(f"larger than {max_bytes} bytes")
        _remaining(deadline)

    with _ftp(url, deadline) as ftp:
        peer = _ftp_peer(ftp)
        ftp.retrbinary(f"RETR {unquote(urlsplit(url).path)}", take)
    return bytes(buffer), peer


# -- uploads ---------------------------------------------------------------------------------


def _upload(
    target: str, data: bytes, deadline: float, tls: ssl.SSLContext | None
) -> tuple[bytes, str]:
    scheme = _checked(target)
    try:
        if scheme == "ftp":
            with _ftp(target, deadline) as ftp:
                peer = _ftp_peer(ftp)
                ftp.storbinary(
                    f"STOR {unquote(urlsplit(target).path)}", io.BytesIO(data),
                    callback=lambda _block: _remaining(deadline),
                )  # fmt: skip
            return data, peer
        request = urllib.request.Request(
            target, data=data, method="PUT",
            headers={"Content-Type": "application/octet-stream", "User-Agent": "octt-py"},
        )  # fmt: skip
        with _opener(tls).open(request, timeout=_remaining(deadline)) as response:
            response.read()
        return data, _url_peer(target)
    except (OSError, ftplib.Error, http.client.HTTPException, ValueError, EOFError) as exc:
        raise _TransferFailed(_explain(exc)) from None


def _ftp(url: str, deadline: float) -> ftplib.FTP:
    parts = urlsplit(url)
    ftp = ftplib.FTP(timeout=_remaining(deadline))
    try:
        ftp.connect(parts.hostname or "", parts.port or 21)
        ftp.login(unquote(parts.username or "anonymous"), unquote(parts.password or ""))
        ftp.set_pasv(True)
    except BaseException:
        ftp.close()
        raise
    return ftp


def _ftp_peer(ftp: ftplib.FTP) -> str:
    host, port = ftp.sock.getpeername()[:2] if ftp.sock is not None else (ftp.host, ftp.port)
    return f"{host}:{port}"
