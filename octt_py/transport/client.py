"""The harness as charge point: a websocket client connecting to a CSMS DUT."""

from __future__ import annotations

import asyncio
import socket
from urllib.parse import urlsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidHandshake
from websockets.typing import Subprotocol

from octt_py.pics import Connection
from octt_py.transport.security import SUBPROTOCOL, ClientSecurity
from octt_py.transport.stamps import StampedClientConnection, StampingSocket


def csms_endpoint(connection: Connection, charge_point_id: str) -> str:
    return f"{connection.csms_url.rstrip('/')}/{charge_point_id}"


async def open_connection(
    connection: Connection,
    charge_point_id: str,
    *,
    timeout: float,
    subprotocols: tuple[str, ...] = (SUBPROTOCOL,),
    security: ClientSecurity | None = None,
    url: str | None = None,
) -> ClientConnection:
    """Connect like a charge point of the PICS's security profile would.

    The TCP connection is the harness's own (a :class:`StampingSocket`, for response times
    stamped by the kernel), so websockets neither goes through a proxy from the environment nor
    follows an HTTP redirect: the DUT is the CSMS at the PICS's URL, and nothing else.

    Raises ``OSError`` (refused, unreachable), ``TimeoutError`` or a websockets
    ``InvalidHandshake``; the role turns these into a "DUT unreachable" verdict.

    ``security`` (the PICS's profile by default) and ``url`` let the security cases connect at
    another profile than the PICS's.
    """
    url = url or csms_endpoint(connection, charge_point_id)
    security = security or ClientSecurity.of(connection)
    headers = security.headers(charge_point_id)
    async with asyncio.timeout(timeout):
        sock = await _tcp_connection(url)
        try:
            return await connect(
                url,
                sock=sock,
                subprotocols=[Subprotocol(p) for p in subprotocols],
                additional_headers=headers,
                ssl=security.context(),
                open_timeout=None,  # the whole of it is bounded above
                compression=None,
                max_size=connection.max_frame_size,
                ping_interval=None,
                create_connection=StampedClientConnection,
            )
        except OSError:  # TLS verification failures too, which are also ValueErrors
            sock.close()
            raise
        except ValueError as exc:  # a redirect, which a preexisting socket cannot follow
            sock.close()
            raise InvalidHandshake(str(exc)) from None
        except BaseException:
            sock.close()
            raise


async def _tcp_connection(url: str) -> StampingSocket:
    """A connected socket to the URL's host and port, trying each address it resolves to."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "wss" else 80)
    loop = asyncio.get_running_loop()
    failures: list[OSError] = []
    for family, kind, proto, _, address in await loop.getaddrinfo(
        parts.hostname, port, type=socket.SOCK_STREAM
    ):
        sock = StampingSocket(family, kind, proto)
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, address)
        except OSError as exc:
            sock.close()
            failures.append(exc)
            continue
        except BaseException:
            sock.close()
            raise
        return sock
    raise failures[-1] if failures else OSError(f"{parts.hostname}: no address to connect to")
