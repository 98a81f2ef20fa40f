"""OCPP-J message frames: CALL, CALLRESULT and CALLERROR (OCPP-J 1.6, section 4).

Parsing is strict because a conformance tool must notice every way a DUT can get the framing
wrong, and total because nothing a DUT sends may crash the harness: :func:`parse` either
returns a frame or raises :class:`FramingError` saying precisely what is wrong and, when the
unique id could be recovered, which CALLERROR the spec wants in reply.
"""

from __future__ import annotations

import json
import re
import uuid
from enum import IntEnum, StrEnum
from typing import Annotated, Any

import msgspec

MAX_UNIQUE_ID_LENGTH = 36  # OCPP-J 1.6 §4.1.3: "maximum of 36 characters"

MAX_NESTING = 64
"""Arrays and objects a frame may nest, the frame's own array included. OCPP 1.6's deepest
message (MeterValues, SetChargingProfile) nests six; a DUT's 980-deep DataTransfer would
otherwise reach every recursive consumer (schema validation, results.jsonl, the report) and
exhaust Python's recursion limit there. Deeper frames are malformed, refused at decode time."""


class MessageType(IntEnum):
    CALL = 2
    CALLRESULT = 3
    CALLERROR = 4


class ErrorCode(StrEnum):
    """The RPC framework error codes of OCPP-J 1.6 §4.2.3, with the spec's own spellings."""

    NOT_IMPLEMENTED = "NotImplemented"
    NOT_SUPPORTED = "NotSupported"
    INTERNAL_ERROR = "InternalError"
    PROTOCOL_ERROR = "ProtocolError"
    SECURITY_ERROR = "SecurityError"
    FORMATION_VIOLATION = "FormationViolation"
    PROPERTY_CONSTRAINT_VIOLATION = "PropertyConstraintViolation"
    OCCURENCE_CONSTRAINT_VIOLATION = "OccurenceConstraintViolation"
    TYPE_CONSTRAINT_VIOLATION = "TypeConstraintViolation"
    GENERIC_ERROR = "GenericError"


# Frames are frozen msgspec Structs laid out as their OCPP-J arrays, tagged by MessageTypeId,
# so that a well-formed CALL or CALLRESULT is decoded and checked in one step in C (see parse).


class Call(msgspec.Struct, array_like=True, tag=2, frozen=True, forbid_unknown_fields=True):
    unique_id: Annotated[str, msgspec.Meta(max_length=MAX_UNIQUE_ID_LENGTH)]
    action: Annotated[str, msgspec.Meta(min_length=1)]
    payload: dict[str, Any]

    message_type = MessageType.CALL

    def to_json(self) -> list[Any]:
        return [MessageType.CALL.value, self.unique_id, self.action, self.payload]


class CallResult(msgspec.Struct, array_like=True, tag=3, frozen=True, forbid_unknown_fields=True):
    unique_id: str
    payload: dict[str, Any]

    message_type = MessageType.CALLRESULT

    def to_json(self) -> list[Any]:
        return [MessageType.CALLRESULT.value, self.unique_id, self.payload]


class CallError(msgspec.Struct, frozen=True):
    unique_id: str
    error_code: str
    error_description: str = ""
    error_details: dict[str, Any] = msgspec.field(default_factory=dict)

    message_type = MessageType.CALLERROR

    def to_json(self) -> list[Any]:
        return [
            MessageType.CALLERROR.value,
            self.unique_id,
            self.error_code,
            self.error_description,
            self.error_details,
        ]


Frame = Call | CallResult | CallError
Reply = CallResult | CallError


class FramingError(Exception):
    """A text that is not a valid OCPP-J message.

    ``unique_id`` is set when the frame was a recognisable CALL whose id could be read: then
    ``reply()`` is the CALLERROR the receiver must send back. Otherwise there is nobody to
    answer and the error is only recorded.
    """

    def __init__(
        self,
        message: str,
        *,
        unique_id: str | None = None,
        error_code: ErrorCode = ErrorCode.FORMATION_VIOLATION,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.unique_id = unique_id
        self.error_code = error_code

    def reply(self) -> CallError | None:
        if self.unique_id is None:
            return None
        return CallError(self.unique_id, self.error_code.value, self.message[:255])


def new_unique_id() -> str:
    return str(uuid.uuid4())


def serialize(frame: Frame) -> str:
    return json.dumps(frame.to_json(), separators=(",", ":"), ensure_ascii=False)


_FAST_DECODER = msgspec.json.Decoder()


def decode_json(text: str) -> Any:
    """``json.loads(text)``, two to four times faster on what a DUT normally sends.

    msgspec decodes first; whatever it refuses (invalid JSON, but also NaN, 1e400 and lone
    surrogates, which the standard library accepts) goes to ``json.loads``, which then decides
    and words the error. tests/ocppj/test_frames.py checks that the two agree.
    """
    try:
        return _FAST_DECODER.decode(text)
    except (msgspec.DecodeError, UnicodeEncodeError):
        return json.loads(text)


# A CALL or CALLRESULT that is well-formed in every way the checks below ask about.
_WELL_FORMED = msgspec.json.Decoder(Call | CallResult)


def parse(text: str | bytes) -> Frame:
    """Turn one websocket message into a frame, or raise :class:`FramingError`."""
    if isinstance(text, bytes):
        raise FramingError("binary websocket frame; OCPP-J uses text frames only")
    if text.count("[") + text.count("{") > MAX_NESTING:  # two C scans: nothing to check below
        _check_nesting(text)
    try:
        return _WELL_FORMED.decode(text)  # the everyday case, at the cost of decoding JSON
    except (msgspec.DecodeError, UnicodeEncodeError, RecursionError):
        return _parse_checked(text)  # what is wrong, or a frame msgspec does not take (CALLERROR)


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_CALL_ID = re.compile(r'\s*\[\s*2\s*,\s*("(?:[^"\\]|\\.){0,72}")')


def _check_nesting(text: str) -> None:
    """Raise :class:`FramingError` when ``text`` nests deeper than MAX_NESTING. Counted on the
    text, strings left out, so invalid JSON (30,000 ``[``) is measured too, without recursion."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = level = 0
    for char in brackets:
        level += 1 if char in "[{" else -1
        depth = max(depth, level)
    if depth <= MAX_NESTING:
        return
    message = f"frame nested {depth} deep exceeds the harness limit of {MAX_NESTING}"
    raise FramingError(message, unique_id=_call_id(text))


def _call_id(text: str) -> str | None:
    """The UniqueId of what starts as a CALL, so the refusal can be answered (OCPP-J §4.2.3)."""
    match = _CALL_ID.match(text)
    if match is None:
        return None
    try:
        unique_id = json.loads(match.group(1))
    except ValueError:
        return None
    return unique_id[:MAX_UNIQUE_ID_LENGTH] if isinstance(unique_id, str) else None


def _parse_checked(text: str) -> Frame:
    """The whole set of checks, step by step; tests/ocppj/test_frames.py checks that whatever
    the fast path above accepts, this accepts as the same frame."""
    try:
        message = decode_json(text)
    except (ValueError, RecursionError) as exc:
        raise FramingError(f"not valid JSON: {exc}") from None
    if not isinstance(message, list) or not message:
        raise FramingError(f"not an OCPP-J array: {_kind(message)}")
    message_type = message[0]
    if isinstance(message_type, bool) or message_type not in (2, 3, 4):
        raise FramingError(f"unknown MessageTypeId {_short(message_type)}")
    unique_id = message[1] if len(message) > 1 else None
    if not isinstance(unique_id, str):
        raise FramingError(f"UniqueId must be a string, got {_kind(unique_id)}")
    if message_type == MessageType.CALL:
        return _parse_call(message, unique_id)
    if message_type == MessageType.CALLRESULT:
        return _parse_call_result(message, unique_id)
    return _parse_call_error(message, unique_id)


def _parse_call(message: list[Any], unique_id: str) -> Call:
    if len(unique_id) > MAX_UNIQUE_ID_LENGTH:
        raise FramingError(
            f"UniqueId longer than {MAX_UNIQUE_ID_LENGTH} characters", unique_id=unique_id[:36]
        )
    if len(message) != 4:
        raise FramingError(
            f"CALL must have 4 elements, got {len(message)}",
            unique_id=unique_id,
            error_code=ErrorCode.PROTOCOL_ERROR,
        )
    _, _, action, payload = message
    if not isinstance(action, str) or not action:
        raise FramingError(
            f"CALL action must be a non-empty string, got {_kind(action)}",
            unique_id=unique_id,
            error_code=ErrorCode.PROTOCOL_ERROR,
        )
    if not isinstance(payload, dict):
        raise FramingError(
            f"CALL payload must be a JSON object, got {_kind(payload)}",
            unique_id=unique_id,
            error_code=ErrorCode.FORMATION_VIOLATION,
        )
    return Call(unique_id, action, payload)


def _parse_call_result(message: list[Any], unique_id: str) -> CallResult:
    if len(message) != 3:
        raise FramingError(f"CALLRESULT must have 3 elements, got {len(message)}")
    payload = message[2]
    if not isinstance(payload, dict):
        raise FramingError(f"CALLRESULT payload must be a JSON object, got {_kind(payload)}")
    return CallResult(unique_id, payload)


def _parse_call_error(message: list[Any], unique_id: str) -> CallError:
    if len(message) != 5:
        raise FramingError(f"CALLERROR must have 5 elements, got {len(message)}")
    _, _, code, description, details = message
    if code not in ErrorCode.__members__.values():
        raise FramingError(f"CALLERROR has an ErrorCode OCPP-J does not define: {_short(code)}")
    if not isinstance(description, str):
        raise FramingError(f"CALLERROR ErrorDescription must be a string, got {_kind(description)}")
    if not isinstance(details, dict):
        raise FramingError(f"CALLERROR ErrorDetails must be a JSON object, got {_kind(details)}")
    return CallError(unique_id, code, description, details)


def _kind(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
