"""OCPP-J framing, fed frames directly: no network, no sleeps."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from octt_py.ocppj.frames import (
    Call,
    CallError,
    CallResult,
    ErrorCode,
    FramingError,
    parse,
    serialize,
)


def test_call_round_trip() -> None:
    call = Call("42", "Heartbeat", {})
    assert serialize(call) == '[2,"42","Heartbeat",{}]'
    assert parse(serialize(call)) == call


def test_call_result_and_error_round_trip() -> None:
    result = CallResult("7", {"currentTime": "2026-01-01T00:00:00Z"})
    error = CallError("8", "NotImplemented", "no", {"a": 1})
    assert parse(serialize(result)) == result
    assert parse(serialize(error)) == error


@pytest.mark.parametrize(
    ("text", "message", "reply"),
    [
        ("{", "not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)", None),
        ('{"a": 1}', "not an OCPP-J array: object", None),
        ("[]", "not an OCPP-J array: array", None),
        ('[5, "1", "Heartbeat", {}]', "unknown MessageTypeId 5", None),
        ('[true, "1", "Heartbeat", {}]', "unknown MessageTypeId True", None),
        ('[2, 1, "Heartbeat", {}]', "UniqueId must be a string, got number", None),
        ('[2, "1", "Heartbeat"]', "CALL must have 4 elements, got 3", ("1", ErrorCode.PROTOCOL_ERROR)),
        ('[2, "1", 7, {}]', "CALL action must be a non-empty string, got number", ("1", ErrorCode.PROTOCOL_ERROR)),
        ('[2, "1", "Heartbeat", []]', "CALL payload must be a JSON object, got array", ("1", ErrorCode.FORMATION_VIOLATION)),
        ('[3, "1"]', "CALLRESULT must have 3 elements, got 2", None),
        ('[3, "1", "x"]', "CALLRESULT payload must be a JSON object, got string", None),
        ('[4, "1", "Oops", "", {}]', "CALLERROR has an ErrorCode OCPP-J does not define: 'Oops'", None),
        ('[4, "1", "GenericError", 3, {}]', "CALLERROR ErrorDescription must be a string, got number", None),
        ('[4, "1", "GenericError", "", []]', "CALLERROR ErrorDetails must be a JSON object, got array", None),
    ],
)
def test_invalid_frames_say_precisely_what_is_wrong(text: str, message: str, reply: tuple[str, ErrorCode] | None) -> None:
    with pytest.raises(FramingError) as caught:
        parse(text)
    assert caught.value.message == message
    answer = caught.value.reply()
    if reply is None:
        assert answer is None
    else:
        assert answer is not None
        assert (answer.unique_id, answer.error_code) == (reply[0], reply[1].value)


def test_binary_frame_is_a_framing_error() -> None:
    with pytest.raises(FramingError, match="binary websocket frame"):
        parse(b"[2]")


def test_unique_id_longer_than_36_is_answered_with_a_truncated_id() -> None:
    with pytest.raises(FramingError) as caught:
        parse(json.dumps([2, "x" * 40, "Heartbeat", {}]))
    answer = caught.value.reply()
    assert answer is not None and answer.unique_id == "x" * 36


def test_deeply_nested_json_does_not_crash() -> None:
    with pytest.raises(FramingError):
        parse("[" * 100_000 + "]" * 100_000)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=20,
)


@given(json_values)
def test_parse_is_total(value: object) -> None:
    """Whatever JSON a DUT sends, parse returns a frame or raises FramingError, nothing else."""
    try:
        parse(json.dumps(value))
    except FramingError:
        pass


@given(st.text())
def test_parse_is_total_on_arbitrary_text(text: str) -> None:
    try:
        parse(text)
    except FramingError:
        pass
