"""Absurd nesting is refused when the frame is decoded, with a finding that names the depth:
nothing downstream (schema validation, results.jsonl, the report) then meets a 980-deep value."""

from __future__ import annotations

import json

import pytest

from octt_py.ocppj.frames import MAX_NESTING, Call, CallResult, ErrorCode, FramingError, parse


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_a_deep_call_is_a_formation_violation_naming_its_depth() -> None:
    text = f'[2,"uid-1","DataTransfer",{{"vendorId":"X","data":{_nested(978)}}}]'
    with pytest.raises(FramingError) as caught:
        parse(text)
    assert caught.value.message == f"frame nested 980 deep exceeds the harness limit of {MAX_NESTING}"
    reply = caught.value.reply()
    assert reply is not None
    assert (reply.unique_id, reply.error_code) == ("uid-1", ErrorCode.FORMATION_VIOLATION.value)


def test_a_deep_callresult_is_malformed_with_nobody_to_answer() -> None:
    with pytest.raises(FramingError) as caught:
        parse(f'[3,"uid-1",{{"data":{_nested(978)}}}]')
    assert "nested 980 deep" in caught.value.message
    assert caught.value.reply() is None


def test_thirty_thousand_open_brackets_name_their_depth() -> None:
    with pytest.raises(FramingError) as caught:
        parse("[" * 30_000)
    assert "nested 30000 deep" in caught.value.message


def test_brackets_inside_strings_do_not_count() -> None:
    frame = parse(json.dumps([2, "uid-1", "DataTransfer", {"vendorId": "X", "data": "[" * 5000}]))
    assert isinstance(frame, Call)
    assert frame.payload["data"] == "[" * 5000


def test_many_shallow_brackets_are_fine() -> None:
    keys = [{"key": f"K{i}", "readonly": False, "value": "[x]"} for i in range(300)]
    frame = parse(json.dumps([3, "uid-1", {"configurationKey": keys}]))
    assert isinstance(frame, CallResult)
    assert len(frame.payload["configurationKey"]) == 300


def test_nesting_at_the_limit_is_accepted() -> None:
    text = f'[2,"uid-1","DataTransfer",{{"vendorId":"X","data":{_nested(MAX_NESTING - 2)}}}]'
    assert isinstance(parse(text), Call)
