"""The harness as CSMS: a websocket server a charge point DUT connects to.

The charge point connects to ``ws://host:port<path>/<chargePointId>`` offering the ``ocpp1.6``
subprotocol. A connection for another charge point id or path is refused with HTTP 404; with
security profile 1 or 2 the Basic-auth credentials are checked before the upgrade.
"""

from __future__ import annotations

import asyncio
import hmac
import http
import socket
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import unquote

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from octt_py.pics import Connection
from octt_py.transport.security import SUBPROTOCOL, basic_auth_header, server_ssl_context
from octt_py.transport.stamps import StampedServerConnection, StampingSocket

Handler = Callable[[ServerConnection], Awaitable[None]]


class CsmsServer:
    def __init__(self, connection: Connection, charge_point_id: str, handler: Handler) -> None:
        self._connection = connection
        self._charge_point_id = charge_point_id
        self._handler = handler
        self._server: Server | None = None
        self.refused: list[str] = []  # why handshakes were refused, for the trace

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("server not started")
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        """Where the charge point DUT must connect."""
        scheme = "wss" if self._connection.security_profile >= 2 else "ws"
        path = self._connection.path.rstrip("/")
        return (
            f"{scheme}://{self._connection.listen_host}:{self.port}{path}/{self._charge_point_id}"
        )

    async def start(self) -> None:
        self._server = await serve(
            self._handler,
            sock=await listening_socket(self._connection.listen_host, self._connection.listen_port),
            select_subprotocol=_select_subprotocol,
            process_request=self._check_request,
            ssl=server_ssl_context(self._connection),
            compression=None,
            create_connection=StampedServerConnection,
        )

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    def _check_request(self, _: ServerConnection, request: Request) -> Response | None:
        expected = f"{self._connection.path.rstrip('/')}/{self._charge_point_id}"
        if unquote(request.path.split("?")[0]) != expected:
            return self._refuse(
                http.HTTPStatus.NOT_FOUND,
                f"unexpected path {request.path!r}, expected {expected!r}",
            )
        if self._connection.security_profile in (1, 2):
            wanted = basic_auth_header(self._charge_point_id, self._connection.basic_auth_password)
            given = request.headers.get("Authorization", "")
            if not hmac.compare_digest(given.encode(), wanted.encode()):
                return self._refuse(
                    http.HTTPStatus.UNAUTHORIZED, "missing or wrong Basic-auth credentials"
                )
        return None

    def _refuse(self, status: http.HTTPStatus, why: str) -> Response:
        self.refused.append(why)
        body = f"{why}\n".encode()
        headers = Headers([("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return Response(status.value, status.phrase, headers, body)


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
