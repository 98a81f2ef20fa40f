"""``FileServers``: the HTTP(S) and FTP servers a firmware or diagnostics case starts and stops.

They share one temporary root directory::

    <root>/firmware/   served, read-only (GET / RETR)  -- the generated firmware image lives here
    <root>/upload/     writable (PUT, POST / STOR)     -- diagnostics files arrive here

and one :class:`~octt_py.files.records.TransferLog`, so a case can wait for "the firmware was
downloaded" or "a diagnostics file arrived" whatever the protocol.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import shutil
import socket
import ssl
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import quote

from octt_py.files.ftp import FtpFileServer
from octt_py.files.http import HttpFileServer
from octt_py.files.paths import resolve
from octt_py.files.records import DOWNLOAD, UPLOAD, Transfer, TransferLog, sha256
from octt_py.secrets import RUN as RUN_SECRETS

FIRMWARE_FOLDER = "/firmware/"
UPLOAD_FOLDER = "/upload/"
SCHEMES = ("http", "https", "ftp")
"""What :class:`FileServers` can serve. FTPS is not offered: pyftpdlib needs pyOpenSSL for it."""


class FileServerError(Exception):
    """The servers cannot be set up as asked (an unsupported scheme, HTTPS without TLS ...)."""


def firmware_image(version: str = "octt-fw-1.0", size: int = 64 << 10) -> bytes:
    """A recognisable, deterministic firmware image of ``size`` bytes (header + pseudo-random)."""
    header = f"OCTT-PY FIRMWARE IMAGE {version}\n".encode()
    blocks = bytearray(header)
    counter = 0
    while len(blocks) < size:
        blocks += hashlib.sha256(f"{version}/{counter}".encode()).digest()
        counter += 1
    return bytes(blocks[:size])


class FileServers:
    """HTTP, HTTPS and FTP servers on loopback (by default) that serve firmware and receive
    uploads, recording every transfer. ``async with FileServers() as files:`` or
    ``await start()`` / ``await close()``; ``close()`` leaves nothing listening or running.

    - ``schemes``: which servers to start, any of ``http``, ``https`` (needs ``tls``, a server
      ``ssl.SSLContext`` with its certificate loaded) and ``ftp``.
    - ``host``: the address to bind, ``127.0.0.1`` unless the device under test is elsewhere;
      ``advertised_host`` is what URLs name (default: ``host``, or this machine's name when
      ``host`` is a wildcard address).
    - ``user`` / ``password``: the FTP login, put into FTP URLs (``password`` is random unless
      given).
    - ``ports``: a fixed port per scheme (default: any free port); ``passive_ports`` the FTP
      passive-mode data ports.
    - ``firmware``: the image served as ``firmware_name`` (default: :func:`firmware_image`).
    """

    def __init__(
        self,
        *,
        schemes: Iterable[str] = ("http", "ftp"),
        host: str = "127.0.0.1",
        advertised_host: str | None = None,
        user: str = "octt",
        password: str | None = None,
        tls: ssl.SSLContext | None = None,
        ports: Mapping[str, int] | None = None,
        passive_ports: Sequence[int] | None = None,
        timeout: float = 10.0,
        firmware: bytes | None = None,
        firmware_name: str = "octt-firmware.bin",
    ) -> None:
        self.schemes = tuple(dict.fromkeys(schemes))
        unknown = [s for s in self.schemes if s not in SCHEMES]
        if unknown:
            raise FileServerError(
                f"cannot serve {', '.join(unknown)}: the file servers offer {', '.join(SCHEMES)}"
            )
        if not self.schemes:
            raise FileServerError("no scheme to serve")
        if "https" in self.schemes and tls is None:
            raise FileServerError("https needs a server TLS context (tls=...)")
        self.host = host
        self.advertised_host = advertised_host or (
            socket.gethostname() if host in ("", "0.0.0.0", "::") else host
        )
        self.user = user
        self.password = password if password is not None else secrets.token_urlsafe(12)
        RUN_SECRETS.add(self.password)
        self.firmware = firmware if firmware is not None else firmware_image()
        self.firmware_name = firmware_name
        self.log = TransferLog()
        self._tls = tls
        self._ports = dict(ports or {})
        self._passive_ports = passive_ports
        self._timeout = timeout
        self._root: Path | None = None
        self._servers: dict[str, HttpFileServer | FtpFileServer] = {}
        self._addresses: dict[str, tuple[str, int]] = {}

    # -- life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        if self._servers:
            return
        self._root = Path(tempfile.mkdtemp(prefix="octt-files-"))
        for folder in (FIRMWARE_FOLDER, UPLOAD_FOLDER):
            (self._root / folder.strip("/")).mkdir()
        self.serve(self.firmware_name, self.firmware)
        try:
            for scheme in self.schemes:
                server = self._make(scheme, self._root)
                self._servers[scheme] = server
                self._addresses[scheme] = server.address
                server.start()
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Stop every server, wait for their threads and remove the temporary directory."""
        servers, self._servers = list(self._servers.values()), {}
        if servers:
            await asyncio.to_thread(lambda: [server.close() for server in servers])
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def running(self) -> bool:
        return bool(self._servers)

    # -- content ---------------------------------------------------------------------------

    def serve(self, name: str, data: bytes) -> str:
        """Serve ``data`` as ``/firmware/<name>`` on every server; returns that path."""
        root = self._require_root()
        path, target = resolve(root, FIRMWARE_FOLDER + name)
        if not path.startswith(FIRMWARE_FOLDER) or path.endswith("/"):
            raise FileServerError(f"{name!r} is not a file name")
        target.write_bytes(data)
        return path

    @property
    def firmware_path(self) -> str:
        return FIRMWARE_FOLDER + self.firmware_name

    @property
    def firmware_sha256(self) -> str:
        return sha256(self.firmware)

    def uploaded(self, path: str) -> bytes | None:
        """What was uploaded to ``path`` (``/upload/<file name>``), None if nothing."""
        try:
            _, target = resolve(self._require_root(), path)
        except ValueError:
            return None
        return target.read_bytes() if target.is_file() else None

    # -- where things are ------------------------------------------------------------------

    def address(self, scheme: str) -> tuple[str, int]:
        """The (host, port) the ``scheme`` server listens on."""
        self._require(scheme)
        return self._addresses[scheme]

    def url_for(self, scheme: str, path: str) -> str:
        """``scheme://<advertised host>:<port><path>``; FTP URLs carry the user and password."""
        self._require(scheme)
        port = self._addresses[scheme][1]
        host = f"[{self.advertised_host}]" if ":" in self.advertised_host else self.advertised_host
        credentials = (
            f"{quote(self.user, safe='')}:{quote(self.password, safe='')}@"
            if scheme == "ftp"
            else ""
        )
        return f"{scheme}://{credentials}{host}:{port}{quote(path)}"

    def firmware_url(self, scheme: str | None = None) -> str:
        """Where the firmware image can be downloaded (default: the first scheme served)."""
        return self.url_for(scheme or self.schemes[0], self.firmware_path)

    def upload_url(self, scheme: str | None = None) -> str:
        """The folder diagnostics may be uploaded to: ``<url>/<file name>``, or STOR into it."""
        return self.url_for(scheme or self.schemes[0], UPLOAD_FOLDER)

    # -- what happened ---------------------------------------------------------------------

    @property
    def transfers(self) -> list[Transfer]:
        """Every transfer so far, complete or not, oldest first."""
        return self.log.transfers

    async def wait_for_download(
        self, timeout: float, *, path: str | None = None, complete: bool = True
    ) -> Transfer:
        """The next download (of ``path``, if given) not returned before; ``TimeoutError`` if
        none completes within ``timeout`` seconds. ``complete=False`` also returns interrupted
        ones, so a case can tell "never tried" from "tried and broke off"."""
        return await self.log.wait(DOWNLOAD, timeout, path=path, complete=complete)

    async def wait_for_upload(
        self, timeout: float, *, path: str | None = None, complete: bool = True
    ) -> Transfer:
        """Like :meth:`wait_for_download`, for uploads (``Transfer.content`` holds the file)."""
        return await self.log.wait(UPLOAD, timeout, path=path, complete=complete)

    # -- helpers ---------------------------------------------------------------------------

    def _make(self, scheme: str, root: Path) -> HttpFileServer | FtpFileServer:
        port = self._ports.get(scheme, 0)
        if scheme == "ftp":
            return FtpFileServer(
                root, self.log, user=self.user, password=self.password, host=self.host, port=port,
                upload_folder=UPLOAD_FOLDER, passive_ports=self._passive_ports, timeout=self._timeout,
            )  # fmt: skip
        return HttpFileServer(
            root, self.log, host=self.host, port=port, upload_folder=UPLOAD_FOLDER,
            tls=self._tls if scheme == "https" else None, timeout=self._timeout,
        )  # fmt: skip

    def _require(self, scheme: str) -> None:
        if scheme not in self._addresses or not self._servers:
            served = ", ".join(self.schemes) if self._servers else "nothing (not started)"
            raise FileServerError(f"no {scheme} server running; serving {served}")

    def _require_root(self) -> Path:
        if self._root is None:
            raise FileServerError("the file servers are not started")
        return self._root
