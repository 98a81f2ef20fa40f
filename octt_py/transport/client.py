"""The harness as charge point: a websocket client connecting to a CSMS DUT."""

from __future__ import annotations

from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from octt_py.pics import Connection
from octt_py.transport.security import SUBPROTOCOL, basic_auth_header, client_ssl_context
from octt_py.transport.stamps import StampedClientConnection


def csms_endpoint(connection: Connection, charge_point_id: str) -> str:
    return f"{connection.csms_url.rstrip('/')}/{charge_point_id}"


async def open_connection(
    connection: Connection,
    charge_point_id: str,
    *,
    timeout: float,
    subprotocols: tuple[str, ...] = (SUBPROTOCOL,),
) -> ClientConnection:
    """Connect like a charge point of the PICS's security profile would.

    Raises ``OSError`` (refused, unreachable), ``TimeoutError`` or a websockets
    ``InvalidHandshake``; the role turns these into a "DUT unreachable" verdict.
    """
    headers = {}
    if connection.security_profile in (1, 2):
        headers["Authorization"] = basic_auth_header(charge_point_id, connection.basic_auth_password)
    return await connect(
        csms_endpoint(connection, charge_point_id),
        subprotocols=[Subprotocol(p) for p in subprotocols],
        additional_headers=headers,
        ssl=client_ssl_context(connection),
        open_timeout=timeout,
        compression=None,
        ping_interval=None,
        create_connection=StampedClientConnection,
    )
