"""Firmware download and diagnostics upload over FTP or HTTP(S), blocking (run in a thread).

FTP uses ftplib with the user and password of the URL (anonymous otherwise) and passive mode;
HTTP download is a GET, HTTP upload a PUT of the file to ``<location>/<file name>``.
"""

from __future__ import annotations

import ftplib
import io
import posixpath
import urllib.request
from urllib.parse import unquote, urlsplit

TIMEOUT = 10.0
MAX_DOWNLOAD = 64 << 20


class TransferError(Exception):
    """The file could not be transferred."""


def download(location: str, timeout: float = TIMEOUT) -> bytes:
    url = urlsplit(location)
    try:
        if url.scheme == "ftp":
            buffer = io.BytesIO()
            with _ftp(location, timeout) as ftp:
                ftp.retrbinary(f"RETR {unquote(url.path)}", buffer.write)
            return buffer.getvalue()
        if url.scheme in ("http", "https"):
            with urllib.request.urlopen(location, timeout=timeout) as response:
                return bytes(response.read(MAX_DOWNLOAD))
    except (OSError, ftplib.Error, ValueError) as exc:
        raise TransferError(f"download from {location} failed: {exc}") from exc
    raise TransferError(f"unsupported scheme in {location!r}")


def upload(location: str, file_name: str, data: bytes, timeout: float = TIMEOUT) -> None:
    url = urlsplit(location)
    try:
        if url.scheme == "ftp":
            with _ftp(location, timeout) as ftp:
                directory = unquote(url.path) or "/"
                ftp.storbinary(f"STOR {posixpath.join(directory, file_name)}", io.BytesIO(data))
            return
        if url.scheme in ("http", "https"):
            target = location.rstrip("/") + "/" + file_name
            request = urllib.request.Request(target, data=data, method="PUT",
                                             headers={"Content-Type": "text/plain"})
            with urllib.request.urlopen(request, timeout=timeout):
                return
    except (OSError, ftplib.Error, ValueError) as exc:
        raise TransferError(f"upload to {location} failed: {exc}") from exc
    raise TransferError(f"unsupported scheme in {location!r}")


def _ftp(location: str, timeout: float) -> ftplib.FTP:
    url = urlsplit(location)
    ftp = ftplib.FTP(timeout=timeout)
    try:
        ftp.connect(url.hostname or "", url.port or 21)
        ftp.login(unquote(url.username or "anonymous"), unquote(url.password or ""))
        ftp.set_pasv(True)
    except BaseException:
        ftp.close()
        raise
    return ftp
