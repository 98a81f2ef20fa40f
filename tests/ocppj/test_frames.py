"""OCPP-J framing, fed frames directly: no network, no sleeps."""

import json

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from octt_py.ocppj.frames import (
    _WELL_FORMED,
    Call,
    CallError,
    CallResult,
    ErrorCode,
    FramingError,
    _parse_checked,
    decode_json,
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
        (
            "{",
            "not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            None,
        ),
        ('{"a": 1}', "not an OCPP-J array: object", None),
        ("[]", "not an OCPP-J array: array", None),
        ('[5, "1", "Heartbeat", {}]', "unknown MessageTypeId 5", None),
        ('[true, "1", "Heartbeat", {}]', "unknown MessageTypeId True", None),
        ('[2, 1, "Heartbeat", {}]', "UniqueId must be a string, got number", None),
        (
            '[2, "1", "Heartbeat"]',
            "CALL must have 4 elements, got 3",
            ("1", ErrorCode.PROTOCOL_ERROR),
        ),
        (
            '[2, "1", 7, {}]',
            "CALL action must be a non-empty string, got number",
            ("1", ErrorCode.PROTOCOL_ERROR),
        ),
        (
            '[2, "1", "Heartbeat", []]',
            "CALL payload must be a JSON object, got array",
            ("1", ErrorCode.FORMATION_VIOLATION),
        ),
        ('[3, "1"]', "CALLRESULT must have 3 elements, got 2", None),
        ('[3, "1", "x"]', "CALLRESULT payload must be a JSON object, got string", None),
        (
            '[4, "1", "Oops", "", {}]',
            "CALLERROR has an ErrorCode OCPP-J does not define: 'Oops'",
            None,
        ),
        (
            '[4, "1", "GenericError", 3, {}]',
            "CALLERROR ErrorDescription must be a string, got number",
            None,
        ),
        (
            '[4, "1", "GenericError", "", []]',
            "CALLERROR ErrorDetails must be a JSON object, got array",
            None,
        ),
    ],
)
def test_invalid_frames_say_precisely_what_is_wrong(
    text: str, message: str, reply: tuple[str, ErrorCode] | None
) -> None:
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


def _same_json(a: object, b: object) -> bool:
    """Equal and of the same types all the way down: 1 is not 1.0, -0.0 is not 0.0, NaN is NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return repr(a) == repr(b)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same_json, a, b))  # type: ignore[arg-type]
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_json(a[k], b[k]) for k in a)  # type: ignore[index]
    return a == b


def _stdlib_outcome(text: str) -> object:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        return type(exc)


any_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # includes ints far beyond 64 bits, which a fast decoder may turn into floats
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()  # NaN and the infinities too: json.loads reads them, msgspec refuses them
    | st.text(),  # lone surrogates and control characters included
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=20,
)


@given(any_json, st.booleans(), st.sampled_from([None, 2]))
def test_decode_json_agrees_with_the_standard_library(
    value: object, ensure_ascii: bool, indent: int | None
) -> None:
    """decode_json is a faster json.loads, never a different one: same value, same types."""
    text = json.dumps(value, ensure_ascii=ensure_ascii, indent=indent)
    assert _same_json(decode_json(text), _stdlib_outcome(text))


@given(
    st.text(
        alphabet=st.sampled_from('[]{}":,.-+eE0123456789 \t\nutrfalsn\\\x00\ud800'), max_size=30
    )
)
def test_decode_json_fails_where_the_standard_library_fails(text: str) -> None:
    """Near-JSON text: decode_json accepts exactly what json.loads accepts, and reads it alike."""
    expected = _stdlib_outcome(text)
    try:
        got: object = decode_json(text)
    except (ValueError, RecursionError) as exc:
        got = type(exc)
    if isinstance(expected, type):
        assert got is expected
    else:
        assert _same_json(got, expected)


unique_ids = st.text(max_size=3) | st.text(alphabet="ab", min_size=35, max_size=38)  # limit 36
members = (
    st.sampled_from(["", "Heartbeat", "ProtocolError", "NotAnErrorCode"])
    | st.text(max_size=3)
    | st.dictionaries(st.text(max_size=3), any_json, max_size=3)
    | st.lists(st.integers(), max_size=1)
    | st.none()
)
well_formed = (
    st.tuples(
        st.just(2),
        unique_ids,
        st.sampled_from(["Heartbeat", "A", ""]),
        st.dictionaries(st.text(max_size=3), any_json, max_size=3),
    )
    | st.tuples(st.just(3), unique_ids, st.dictionaries(st.text(max_size=3), any_json, max_size=3))
    | st.tuples(
        st.just(4),
        unique_ids,
        st.sampled_from(["ProtocolError", "Nope"]),
        st.text(max_size=3),
        st.just({}),
    )
).map(list)


def _mutant(frame: list[object], how: str, where: int, member: object) -> list[object]:
    where %= len(frame)
    if how == "append":
        return [*frame, member]
    if how == "drop":
        return frame[:-1]
    return [*frame[:where], member, *frame[where + 1 :]]


near_frames = well_formed | st.builds(
    _mutant,
    well_formed,
    st.sampled_from(["append", "drop", "replace"]),
    st.integers(0, 4),
    members | st.sampled_from([2, 3, 4, 2.0, True, "2"]),
)


def _checked_outcome(text: str) -> object:
    try:
        return _parse_checked(text)
    except FramingError as exc:
        return (exc.message, exc.unique_id, exc.error_code)


@settings(max_examples=1000)  # each mutation of a well-formed frame must come up
@given(near_frames)
def test_the_fast_path_takes_only_what_the_full_checks_take_alike(message: list[object]) -> None:
    """parse decodes a well-formed CALL or CALLRESULT in one step; anything it takes must come
    out exactly as the step-by-step checks would have it, and anything else goes to them."""
    text = json.dumps(message)
    try:
        fast: object = _WELL_FORMED.decode(text)
    except (msgspec.DecodeError, RecursionError):
        fast = None
    if fast is not None:
        assert _checked_outcome(text) == fast
    try:
        got: object = parse(text)
    except FramingError as exc:
        got = (exc.message, exc.unique_id, exc.error_code)
    assert got == _checked_outcome(text)
