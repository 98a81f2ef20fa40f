"""What every hostile DUT shares: the OCPP-J frames it builds and reads (sans-I/O: plain
functions over text), the plain answers a conformant device would give, and the life cycle the
runner drives (``start`` on the DUT's own event loop, ``stop``).

A behaviour changes one thing of the plain device: a hook of :class:`HostileDut` subclasses in
``charge_point.py`` and ``csms.py``. Everything else stays conformant, so the verdict the
harness gives is about that one thing.
"""

from __future__ import annotations

import itertools
import json
import socket
import struct
from datetime import UTC, datetime
from typing import Any

Payload = dict[str, Any]

CALL, CALLRESULT, CALLERROR = 2, 3, 4
PASSWORD = "hostile-secret-Pa55word"
"""The Basic-auth password of every hostile run: behaviours echo it back, no output may show it."""
CHARGE_POINT_ID = "HOSTILE01"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse(text: str | bytes) -> list[Any] | None:
    """An OCPP-J frame as a list, or None for anything a plain device would not answer."""
    try:
        frame = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return frame if isinstance(frame, list) and len(frame) >= 3 else None


def result(unique_id: str, payload: Payload) -> str:
    return json.dumps([CALLRESULT, unique_id, payload])


def error(unique_id: str, code: str, description: str = "") -> str:
    return json.dumps([CALLERROR, unique_id, code, description, {}])


def nested(depth: int) -> str:
    """A DataTransfer whose data is ``depth`` arrays deep: what a fuzzer sends a JSON parser."""
    return '[2,"deep","DataTransfer",{"vendorId":"x","data":' + "[" * depth + "]" * depth + "}]"


class Calls:
    """Unique ids for the CALLs a DUT sends, and the text of each."""

    def __init__(self, prefix: str) -> None:
        self._ids = itertools.count(1)
        self._prefix = prefix

    def call(self, action: str, payload: Payload, unique_id: str | None = None) -> str:
        return json.dumps([CALL, unique_id or f"{self._prefix}-{next(self._ids)}", action, payload])


def reset(transport: Any) -> None:
    """Drop the TCP connection with a reset (SO_LINGER 0), as a crashing process or a NAT does."""
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


class HostileDut:
    """A DUT the runner starts on its own event loop and stops after the behaviour's cases."""

    async def start(self, url: str) -> str:
        """Start; ``url`` is the harness's (for a charge point). Returns the DUT's URL (a CSMS)."""
        raise NotImplementedError

    async def stop(self) -> None:
        raise NotImplementedError
