"""The HTTP(S) file server: GET serves firmware, PUT or POST receives diagnostics.

It is the standard library's threading HTTP server on a thread of its own, serving a directory
it shares with the FTP server (``FileServers`` owns it). Reads are allowed everywhere under the
root, writes only under the upload folder; a request anywhere else is refused, so a CSMS or a
charge point that uses the wrong location fails visibly (403 / 404) instead of silently.
"""

from __future__ import annotations

import email.parser
import email.policy
import socket
import ssl
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from octt_py.files.paths import PathRefused, resolve, within
from octt_py.files.records import DOWNLOAD, UPLOAD, Transfer, TransferLog, sha256

MAX_UPLOAD = 64 << 20
CHUNK = 64 << 10


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the handler threads: nothing left running
    block_on_close = True

    def __init__(
        self,
        address: tuple[str, int],
        *,
        root: Path,
        upload_folder: str,
        log: TransferLog,
        protocol: str,
        timeout: float,
        tls: ssl.SSLContext | None,
    ) -> None:
        self.root = root
        self.upload_folder = upload_folder
        self.log = log
        self.protocol = protocol
        self.io_timeout = timeout
        self._active: set[socket.socket] = set()
        self._active_lock = threading.Lock()
        super().__init__(address, _Handler)
        if tls is not None:
            # The handshake happens on the handler's thread, bounded by its socket timeout,
            # so a client that never speaks TLS cannot block the accepting loop.
            self.socket = tls.wrap_socket(
                self.socket, server_side=True, do_handshake_on_connect=False
            )

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that goes away mid-request is not worth a traceback on stderr."""

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._active_lock:
            self._active.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._active_lock:
            self._active.discard(request)
        super().shutdown_request(request)

    def hang_up(self) -> None:
        """Cut the connections still open, so their handler threads end now."""
        with self._active_lock:
            active = list(self._active)
        for connection in active:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "octt-py-files"

    def setup(self) -> None:
        self.request.settimeout(self.server.io_timeout)  # bounds every read and write
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- downloads -------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._get(with_body=True)

    def do_HEAD(self) -> None:
        self._get(with_body=False)

    def _get(self, *, with_body: bool) -> None:
        started = time.monotonic()
        try:
            path, target = resolve(self.server.root, self.path)
        except PathRefused as exc:
            self._refuse(HTTPStatus.NOT_FOUND, str(exc))
            return
        if not target.is_file():
            self._refuse(HTTPStatus.NOT_FOUND, f"no file {path}")
            return
        data = target.read_bytes()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not with_body:
            return
        sent, error = 0, ""
        try:
            for offset in range(0, len(data), CHUNK):
                self.wfile.write(data[offset : offset + CHUNK])
                sent = min(offset + CHUNK, len(data))
            self.wfile.flush()
        except OSError as exc:
            error = f"client went away after {sent} of {len(data)} bytes: {exc}"
        self._record(DOWNLOAD, path, data[:sent] if error else data, started, error, keep=False)

    # -- uploads ---------------------------------------------------------------------------

    def do_PUT(self) -> None:
        self._receive(HTTPStatus.CREATED)

    def do_POST(self) -> None:
        self._receive(HTTPStatus.OK)

    def _receive(self, success: HTTPStatus) -> None:
        started = time.monotonic()
        try:
            path, target = resolve(self.server.root, self.path)
        except PathRefused as exc:
            self._refuse(HTTPStatus.FORBIDDEN, str(exc))
            return
        folder = self.server.upload_folder
        if not within(path, folder):
            self._refuse(HTTPStatus.FORBIDDEN, f"uploads go to {folder}, not {path}")
            return
        try:
            body = self._body()
        except _TooLarge:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"at most {MAX_UPLOAD} bytes")
            return
        except (OSError, ValueError) as exc:
            self._record(UPLOAD, path, b"", started, f"upload interrupted: {exc}")
            return
        name, content = _file_part(self.headers.get("Content-Type", ""), body)
        if path.endswith("/") or target.is_dir():
            if not name:
                self._refuse(HTTPStatus.BAD_REQUEST, "no file name: PUT to <folder>/<file name>")
                return
            path = path.rstrip("/") + "/" + name
            try:
                path, target = resolve(self.server.root, path)
            except PathRefused as exc:
                self._refuse(HTTPStatus.FORBIDDEN, str(exc))
                return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.send_response(success)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self._record(UPLOAD, path, content, started, "")

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts: list[bytes] = []
            total = 0
            while True:
                size = int(self.rfile.readline(100).split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline(100)
                    return b"".join(parts)
                total += size
                if total > MAX_UPLOAD:
                    raise _TooLarge
                parts.append(_read_exactly(self.rfile, size))
                self.rfile.readline(100)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_UPLOAD:
            raise _TooLarge
        return _read_exactly(self.rfile, length)

    # -- helpers ---------------------------------------------------------------------------

    def _refuse(self, status: HTTPStatus, why: str) -> None:
        body = (why + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _record(
        self, direction: str, path: str, data: bytes, started: float, error: str, keep: bool = True
    ) -> None:
        host, port = self.client_address[:2]
        self.server.log.record(
            Transfer(
                direction=direction,
                protocol=self.server.protocol,
                path=path,
                size=len(data),
                sha256=sha256(data),
                peer=f"{host}:{port}",
                started=started,
                ended=time.monotonic(),
                ok=not error,
                error=error,
                content=data if keep else b"",
            )
        )


class _TooLarge(Exception):
    pass


def _read_exactly(stream: Any, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise ValueError(f"the client sent {len(data)} of {size} bytes")
    return bytes(data)


def _file_part(content_type: str, body: bytes) -> tuple[str, bytes]:
    """A multipart/form-data upload's first file (name, bytes); else ("", the whole body)."""
    if not content_type.lower().startswith("multipart/form-data"):
        return "", body
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_filename()
        if name:
            payload = part.get_payload(decode=True) or b""
            return name.rsplit("/", 1)[-1], bytes(payload)
    return "", body


class HttpFileServer:
    """One HTTP (or, with ``tls``, HTTPS) server on its own thread."""

    def __init__(
        self,
        root: Path,
        log: TransferLog,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        upload_folder: str = "/upload/",
        tls: ssl.SSLContext | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.scheme = "https" if tls is not None else "http"
        self._server = _Server(
            (host, port), root=root, upload_folder=upload_folder, log=log,
            protocol=self.scheme, timeout=timeout, tls=tls,
        )  # fmt: skip
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"octt-files-{self.scheme}", daemon=True,
        )  # fmt: skip

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    @property
    def socket(self) -> socket.socket:
        return self._server.socket

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        """Stop accepting, cut open connections, wait for their threads, release the port."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.hang_up()
        self._server.server_close()
