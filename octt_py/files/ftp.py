"""The FTP file server (pyftpdlib): RETR serves firmware, STOR receives diagnostics.

One user with a password, home = the shared root directory, read-only except the upload
folder. Passive mode data connections are opened on the control connection's address (loopback
by default) on free ports, or on ``passive_ports`` when a firewall needs a fixed range.
pyftpdlib runs its own IO loop; it gets a private one on a thread of its own, polled in short
slices so that ``close()`` can stop it promptly and close every socket from that same thread.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from octt_py.files.records import DOWNLOAD, UPLOAD, Transfer, TransferLog, sha256

with warnings.catch_warnings():  # older pyftpdlib releases import the deprecated asyncore
    warnings.simplefilter("ignore", DeprecationWarning)
    from pyftpdlib.authorizers import DummyAuthorizer  # type: ignore[import-untyped]
    from pyftpdlib.handlers import DTPHandler, FTPHandler  # type: ignore[import-untyped]
    from pyftpdlib.ioloop import IOLoop  # type: ignore[import-untyped]
    from pyftpdlib.servers import FTPServer  # type: ignore[import-untyped]

# pyftpdlib configures logging to stderr (and changes global logging switches) the first time
# an IO loop runs unless its logger already has a handler: give it one that stays quiet.
logging.getLogger("pyftpdlib").addHandler(logging.NullHandler())

_POLL = 0.05


class _Handler(FTPHandler):  # type: ignore[misc]
    """Records every RETR and STOR, complete or not, in the server's transfer log."""

    transfer_log: TransferLog
    root: Path

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._starts: dict[str, float] = {}

    def ftp_RETR(self, file: str) -> Any:
        self._starts[file] = time.monotonic()
        return super().ftp_RETR(file)

    def ftp_STOR(self, file: str, mode: str = "w") -> Any:
        self._starts[file] = time.monotonic()
        return super().ftp_STOR(file, mode)

    def on_file_sent(self, file: str) -> None:
        self._record(DOWNLOAD, file, "")

    def on_file_received(self, file: str) -> None:
        self._record(UPLOAD, file, "")

    def on_incomplete_file_sent(self, file: str) -> None:
        self._record(DOWNLOAD, file, "the transfer was interrupted")

    def on_incomplete_file_received(self, file: str) -> None:
        self._record(UPLOAD, file, "the transfer was interrupted")

    def _record(self, direction: str, file: str, error: str) -> None:
        started = self._starts.pop(file, time.monotonic())
        try:
            data = Path(file).read_bytes()
        except OSError:
            data = b""
        path = "/" + Path(os.path.relpath(file, self.root)).as_posix()
        self.transfer_log.record(
            Transfer(
                direction=direction,
                protocol="ftp",
                path=path,
                size=len(data),
                sha256=sha256(data),
                peer=f"{self.remote_ip}:{self.remote_port}",
                started=started,
                ended=time.monotonic(),
                ok=not error,
                error=error,
                content=data if direction == UPLOAD else b"",
            )
        )


class FtpFileServer:
    """One FTP server on its own thread."""

    scheme = "ftp"

    def __init__(
        self,
        root: Path,
        log: TransferLog,
        *,
        user: str,
        password: str,
        host: str = "127.0.0.1",
        port: int = 0,
        upload_folder: str = "/upload/",
        passive_ports: Sequence[int] | None = None,
        timeout: float = 10.0,
    ) -> None:
        authorizer = DummyAuthorizer()
        authorizer.add_user(user, password, str(root), perm="elr")
        uploads = root / upload_folder.strip("/")
        uploads.mkdir(parents=True, exist_ok=True)
        authorizer.override_perm(user, str(uploads), perm="elrwa", recursive=True)
        dtp = type("OcttDtpHandler", (DTPHandler,), {"timeout": timeout})
        handler = type(
            "OcttFtpHandler",
            (_Handler,),
            {
                "authorizer": authorizer,
                "transfer_log": log,
                "root": root,
                "dtp_handler": dtp,
                "passive_ports": list(passive_ports) if passive_ports else None,
                "timeout": max(timeout, 1.0),
                "banner": "octt-py file server ready.",
                "auth_failed_timeout": 0.1,
            },
        )
        self._ioloop = IOLoop()
        self._server = FTPServer((host, port), handler, ioloop=self._ioloop)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="octt-files-ftp", daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.socket.getsockname()[:2]
        return str(host), int(port)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        """Stop serving and close every connection and the listening socket. Blocking."""
        if self._thread.is_alive():
            self._stopping.set()
            self._thread.join()
        else:
            self._server.close_all()

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                self._server.serve_forever(timeout=_POLL, blocking=False, handle_exit=False)
                if not self._ioloop.socket_map:
                    time.sleep(_POLL)
        finally:
            self._server.close_all()
