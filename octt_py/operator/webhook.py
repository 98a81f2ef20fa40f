"""The webhook backend: an HTTP endpoint does each step (a reference DUT's control API, or a rig
or simulator that speaks the same small protocol)."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from octt_py.operator.steps import (
    OperatorAction,
    OperatorError,
    OperatorOutcome,
    StepNotSupported,
    within,
)

CANNOT_DO_STATUS = 501
"""The HTTP status (Not Implemented) by which an endpoint says "this rig cannot do this step":
the case needing it is not applicable. Any other non-2xx answer means the step failed."""

_MAX_ANSWER = 1 << 20
_WHY_STATUS = {404: " (no such action)", 409: " (cannot be done now)"}


class WebhookOperator:
    """An HTTP endpoint does the step: a reference DUT's control API, or a vendor rig speaking it.

    ``POST <url>/actions/<name>`` with the params as a JSON object; ``2xx {"ok": true, ...}`` is
    done, ``501`` (:data:`CANNOT_DO_STATUS`) says the rig cannot do this step, anything else is
    an OperatorError carrying the answer's ``error``. A small HTTP/1.1
    client on asyncio streams keeps octt-py free of an HTTP dependency for one POST per step.
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"operator url must be http://host[:port][/path], not {url!r}")
        self._url = url.rstrip("/")
        self._host = parts.hostname
        self._port = parts.port or (443 if parts.scheme == "https" else 80)
        self._netloc = parts.netloc.rpartition("@")[2]  # never send userinfo in Host
        self._path = parts.path.rstrip("/")
        self._ssl = ssl.create_default_context() if parts.scheme == "https" else None

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        where = f"{self._url}/actions/{action.name}"
        body = json.dumps(dict(action.params)).encode()
        status, answer = await within(
            action, timeout, f"no answer from {where}", self._post(action, where, body)
        )
        reply = _json_object(answer)
        if 200 <= status < 300 and reply is not None and reply.get("ok") is True:
            return OperatorOutcome(True, _one_line(str(reply.get("detail", ""))), reply)
        said = _error(reply, answer)
        if status == CANNOT_DO_STATUS:
            raise StepNotSupported(action.name, f"{where} answered {status}: {said}")
        why = _WHY_STATUS.get(status, "")
        raise OperatorError(action.name, f"{where} answered {status}{why}: {said}")

    async def _post(self, action: OperatorAction, where: str, body: bytes) -> tuple[int, bytes]:
        head = (
            f"POST {self._path}/actions/{action.name} HTTP/1.1\r\n"
            f"Host: {self._netloc}\r\n"
            "Content-Type: application/json\r\n"
            "Accept: application/json\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        )
        try:
            reader, writer = await asyncio.open_connection(self._host, self._port, ssl=self._ssl)
        except OSError as exc:
            raise OperatorError(action.name, f"cannot reach {where}: {exc}") from None
        try:
            writer.write(head.encode() + body)
            await writer.drain()
            return await _read_response(reader)
        except (OSError, EOFError, ValueError) as exc:  # reset, cut short, or not HTTP
            raise OperatorError(action.name, f"{where} answered badly: {exc}") from None
        finally:
            writer.close()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """Status code and body of an HTTP/1.x response; ValueError when it is not one."""
    status_line = (await reader.readline()).decode("latin-1").strip()
    version, _, rest = status_line.partition(" ")
    if not version.startswith("HTTP/1.") or not rest[:3].isdigit():
        raise ValueError(f"not an HTTP answer: {status_line[:80]!r}")
    headers: dict[str, str] = {}
    while line := (await reader.readline()).decode("latin-1").strip():
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = await _read_chunked(reader)
    elif "content-length" in headers:
        body = await _read_sized(reader, int(headers["content-length"]))
    else:
        body = await _read_to_end(reader)
    return int(rest[:3]), body


async def _read_sized(reader: asyncio.StreamReader, length: int) -> bytes:
    if not 0 <= length <= _MAX_ANSWER:
        raise ValueError(f"answer of {length} bytes")
    return await reader.readexactly(length)


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while size := int((await reader.readline()).split(b";")[0], 16):
        if len(body) + size > _MAX_ANSWER:
            raise ValueError("answer too long")
        body += await reader.readexactly(size)
        await reader.readline()  # the CRLF that ends each chunk
    while (await reader.readline()).strip():  # trailers
        pass
    return bytes(body)


async def _read_to_end(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while chunk := await reader.read(65536):
        body += chunk
        if len(body) > _MAX_ANSWER:
            raise ValueError("answer too long")
    return bytes(body)


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _error(reply: Mapping[str, Any] | None, body: bytes) -> str:
    """What the endpoint said went wrong, on one line."""
    if reply is None:
        return f"not a JSON object: {_one_line(body.decode(errors='replace'))[:200]!r}"
    if "error" in reply:
        return _one_line(str(reply["error"]))
    return 'no "ok": true in the answer'


def _one_line(text: str) -> str:
    return " ".join(text.split())
