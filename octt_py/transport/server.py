"""The harness as CSMS: a websocket server a charge point DUT connects to.

The charge point connects to ``ws[s]://host:port<path>/<chargePointId>`` offering the
``ocpp1.6`` subprotocol. A connection for another charge point id or path is refused with HTTP
404; with security profile 1 or 2 the Basic-auth credentials are checked before the upgrade.

One port serves every security profile: the server accepts each TCP connection itself, peeks at
its first bytes and then hands it to websockets in the clear or under TLS. That is how the
security cases see what a charge point does when its profile changes (TC_083: a fallback to
plain ws is a connection the server refuses and records), read the ClientHello it offered
(TC_086, TC_087) and present another server certificate on demand (TC_078). Every attempt is a
:class:`Handshake` in ``handshakes``; the TLS handshake's duration is reported there and never
counted in an OCPP response time.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import http
import socket
import ssl
import time
import weakref
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import unquote

from cryptography import x509
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response
from websockets.protocol import State
from websockets.server import ServerProtocol
from websockets.typing import Subprotocol

from octt_py.pics import Connection
from octt_py.transport.security import SUBPROTOCOL, basic_auth_header, server_ssl_context
from octt_py.transport.stamps import StampedServerConnection, StampingSocket
from octt_py.transport.tls import (
    ClientHello,
    TlsEvidence,
    evidence,
    first_bytes,
    parse_client_hello,
)

Handler = Callable[[ServerConnection], Awaitable[None]]
OPEN_TIMEOUT = 10.0  # seconds for a client's first bytes and for its TLS handshake


@dataclass
class Handshake:
    """One connection attempt of the charge point, as far as it got."""

    at_ns: int
    tls: bool
    client_hello: ClientHello | None = None
    evidence: TlsEvidence | None = None
    error: str = ""  # why the TLS handshake failed or the connection was refused
    peer_certificate: x509.Certificate | None = None  # the client certificate, if one came
    headers: Headers | None = None  # the HTTP upgrade request, once read
    path: str = ""
    accepted: bool = False  # upgraded to a websocket

    def describe(self) -> str:
        kind = "TLS" if self.tls else "plain"
        parts = [f"{kind} connection"]
        if self.client_hello is not None:
            parts.append(self.client_hello.describe())
        if self.evidence is not None:
            parts.append(self.evidence.describe())
        if self.error:
            parts.append(self.error)
        return "; ".join(parts)

    def tls_record(self) -> dict[str, Any] | None:
        """The attempt's TLS evidence for the trace: what the client offered, what was
        negotiated, and why the handshake failed; None for a plain connection."""
        if not self.tls:
            return None
        found: dict[str, Any] = self.evidence.record() if self.evidence is not None else {}
        if self.client_hello is not None:
            found["client_hello"] = self.client_hello.record()
        if self.error:
            found["error"] = self.error
        return found


@dataclass
class ServerSecurity:
    """What the server asks of a connecting charge point, changed by the security cases.

    ``profile`` (0 to 3): TLS from 2, a client certificate at 3, Basic auth at 1 and 2.
    ``presented``: the server certificate and key files shown in the TLS handshake (the valid
    one, or an invalid variant). ``ca_file``: what a client certificate must chain to.
    """

    profile: int
    password: str = field(default="", repr=False)
    cert_file: str = ""
    key_file: str = ""
    ca_file: str = ""
    presented: tuple[str, str] | None = None  # (cert_file, key_file) of an invalid variant

    def context(self) -> ssl.SSLContext | None:
        cert, key = self.presented or (self.cert_file, self.key_file)
        if not (cert and key):
            return None
        return server_ssl_context(cert, key, self.ca_file if self.profile == 3 else "")


class CsmsServer:
    def __init__(self, connection: Connection, charge_point_id: str, handler: Handler) -> None:
        self._connection = connection
        self._charge_point_id = charge_point_id
        self._handler = handler
        self.security = ServerSecurity(
            connection.security_profile, connection.basic_auth_password, connection.tls_cert_file,
            connection.tls_key_file, connection.tls_ca_file,
        )
        self._server: Server | None = None
        self._listening: StampingSocket | None = None
        self._accepting = False  # the listening socket is being read
        self._pending: set[asyncio.Task[None]] = set()
        self._connections: weakref.WeakSet[ServerConnection] = weakref.WeakSet()
        self.refused: list[str] = []  # why handshakes were refused, for the trace
        self.handshakes: list[Handshake] = []

    @property
    def opening(self) -> int:
        """TCP connections open now whose websocket handshake has not completed (a client that
        sends nothing, or its upgrade request a byte at a time)."""
        handshaking = sum(1 for c in list(self._connections) if c.protocol.state is State.CONNECTING)
        return len(self._pending) + handshaking

    @property
    def port(self) -> int:
        if self._listening is None:
            raise RuntimeError("server not started")
        return int(self._listening.getsockname()[1])

    @property
    def url(self) -> str:
        """Where the charge point DUT must connect (at the current security profile)."""
        scheme = "wss" if self.security.profile >= 2 else "ws"
        path = self._connection.path.rstrip("/")
        return (
            f"{scheme}://{self._connection.listen_host}:{self.port}{path}/{self._charge_point_id}"
        )

    async def start(self) -> None:
        self._listening = await listening_socket(self._connection.listen_host, self._connection.listen_port)
        # websockets' server runs the handshakes and handlers; the connections are accepted
        # here (``_accept``), so it never starts serving its own copy of the socket.
        self._server = await serve(
            self._handler,
            sock=self._listening,
            start_serving=False,
            select_subprotocol=_select_subprotocol,
            process_request=self._check_request,
            compression=None,
            max_size=self._connection.max_frame_size,
            create_connection=StampedServerConnection,
        )
        # It answers 503 to handshakes while "not serving", which it thinks it is not.
        self._server.is_serving = lambda: self._accepting  # type: ignore[method-assign]
        asyncio.get_running_loop().add_reader(self._listening.fileno(), self._accept)
        self._accepting = True

    async def close(self) -> None:
        if self._accepting:
            assert self._listening is not None
            asyncio.get_running_loop().remove_reader(self._listening.fileno())
            self._accepting = False
            for peeking in self._pending:  # a DUT that opened TCP and never spoke must not delay the exit
                peeking.cancel()
            await asyncio.gather(*self._pending, return_exceptions=True)
        if self._server is not None:
            for opening in list(self._connections):  # a handshake dripping in a byte at a time
                transport = getattr(opening, "transport", None)  # None: TLS not yet through
                if opening.protocol.state is State.CONNECTING and transport is not None:
                    transport.abort()
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        self._listening = None

    # -- accepting ------------------------------------------------------------------------

    def _accept(self) -> None:
        """Accept what is waiting, synchronously, as asyncio's own servers do: an accept that a
        cancelled task completed in the kernel would leave a socket nobody owns."""
        assert self._listening is not None
        loop = asyncio.get_running_loop()
        while True:
            try:
                sock, _ = self._listening.accept()
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionAbortedError:  # reset while it waited in the backlog
                continue
            except OSError:  # out of file descriptors: pause, as asyncio's own servers do
                loop.remove_reader(self._listening.fileno())
                loop.call_later(1.0, self._resume_accepting)
                return
            sock.setblocking(False)
            task = loop.create_task(self._open(sock))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)
            # cancelled before it ever ran (the harness closing), _open cannot close its socket
            task.add_done_callback(partial(_close_if_cancelled, sock))

    def _resume_accepting(self) -> None:
        if self._accepting and self._listening is not None:
            asyncio.get_running_loop().add_reader(self._listening.fileno(), self._accept)

    async def _open(self, sock: socket.socket) -> None:
        """Peek, then hand the connection to websockets in the clear or under TLS."""
        attempt = Handshake(time.monotonic_ns(), tls=False)
        try:
            head = await first_bytes(sock, OPEN_TIMEOUT)
        except asyncio.CancelledError:  # the harness is closing
            sock.close()
            raise
        if not head:
            sock.close()
            return
        attempt.tls = head[0] == 0x16
        self.handshakes.append(attempt)
        context = self.security.context() if attempt.tls else None
        if attempt.tls:
            try:
                attempt.client_hello = parse_client_hello(head)
            except ValueError as exc:
                attempt.error = f"unreadable ClientHello: {exc}"
        if attempt.tls and (self.security.profile < 2 or context is None):
            return self._drop(sock, attempt, f"TLS refused: the harness is at security profile {self.security.profile}")
        if not attempt.tls and self.security.profile >= 2:
            return self._drop(sock, attempt, f"plain connection refused: security profile {self.security.profile} "
                              "requires TLS")
        assert self._server is not None
        server = self._server
        began = time.monotonic()

        def connection() -> ServerConnection:
            created = StampedServerConnection(
                ServerProtocol(
                    select_subprotocol=lambda _, offered: _select_subprotocol(created, offered),
                    max_size=self._connection.max_frame_size,
                ),
                server,
            )
            created.handshake_record = attempt  # type: ignore[attr-defined]
            self._connections.add(created)
            return created

        loop = asyncio.get_running_loop()
        try:
            transport, _ = await loop.connect_accepted_socket(
                connection, sock, ssl=context, ssl_handshake_timeout=OPEN_TIMEOUT if context else None
            )
        except (OSError, ssl.SSLError, TimeoutError) as exc:
            attempt.error = f"TLS handshake failed: {exc or type(exc).__name__}"
            sock.close()
            return
        except asyncio.CancelledError:  # the harness is closing
            sock.close()
            raise
        ssl_object = transport.get_extra_info("ssl_object")
        if ssl_object is not None:
            attempt.evidence, attempt.peer_certificate = evidence(ssl_object, (time.monotonic() - began) * 1000)

    def _drop(self, sock: socket.socket, attempt: Handshake, why: str) -> None:
        attempt.error = why
        self.refused.append(why)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    # -- the HTTP upgrade -----------------------------------------------------------------

    def _check_request(self, connection: ServerConnection, request: Request) -> Response | None:
        attempt: Handshake | None = getattr(connection, "handshake_record", None)
        if attempt is not None:
            attempt.headers, attempt.path = request.headers, request.path
        expected = f"{self._connection.path.rstrip('/')}/{self._charge_point_id}"
        if unquote(request.path.split("?")[0]) != expected:
            return self._refuse(
                http.HTTPStatus.NOT_FOUND,
                f"unexpected path {request.path!r}, expected {expected!r}",
            )
        if self.security.profile in (1, 2):
            wanted = basic_auth_header(self._charge_point_id, self.security.password)
            given = request.headers.get("Authorization", "")
            if not hmac.compare_digest(given.encode(), wanted.encode()):
                return self._refuse(
                    http.HTTPStatus.UNAUTHORIZED, "missing or wrong Basic-auth credentials"
                )
        if attempt is not None:
            attempt.accepted = True
        return None

    def _refuse(self, status: http.HTTPStatus, why: str) -> Response:
        self.refused.append(why)
        body = f"{why}\n".encode()
        headers = Headers([("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return Response(status.value, status.phrase, headers, body)


def _close_if_cancelled(sock: socket.socket, task: asyncio.Task[None]) -> None:
    if task.cancelled():
        sock.close()


async def listening_socket(host: str, port: int) -> StampingSocket:
    """A listening :class:`StampingSocket` on the first address ``host`` resolves to, so that
    every connection accepted on it is stamped by the kernel."""
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )
    family, kind, proto, _, address = infos[0]
    sock = StampingSocket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio's own servers do
        sock.bind(address)
        sock.listen()
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def _select_subprotocol(_: ServerConnection, offered: Sequence[Subprotocol]) -> Subprotocol | None:
    """Accept ``ocpp1.6`` when offered. A charge point that offers none is still let in, so the
    case can report the missing subprotocol as a finding instead of never seeing the DUT."""
    return Subprotocol(SUBPROTOCOL) if SUBPROTOCOL in offered else None
