"""Secrets never reach the report, wherever a frame or a note put them."""

from __future__ import annotations

import json
from typing import Any

from octt_py.pics import REDACTED
from octt_py.report.redact import Redactor

KEY = "0123456789abcdef0123"


def frame(payload: Any, text: str | None = None) -> dict[str, Any]:
    return {
        "type": "frame",
        "data": {"payload": payload, "text": text if text is not None else json.dumps(payload)},
    }


def learned(*events: dict[str, Any]) -> Redactor:
    redactor = Redactor()
    redactor.learn(events)
    return redactor


def test_change_configuration_authorization_key_is_redacted_in_place() -> None:
    payload = {"key": "AuthorizationKey", "value": KEY}
    assert learned(frame(payload)).value(payload) == {"key": "AuthorizationKey", "value": REDACTED}


def test_a_charge_point_echoing_the_key_in_get_configuration_is_redacted() -> None:
    payload = {
        "configurationKey": [
            {"key": "authorizationkey", "readonly": False, "value": "short"},
            {"key": "HeartbeatInterval", "readonly": False, "value": "60"},
        ]
    }
    redacted = Redactor().value(payload)
    assert redacted["configurationKey"][0]["value"] == REDACTED
    assert redacted["configurationKey"][1]["value"] == "60"


def test_a_learned_secret_is_scrubbed_from_any_text() -> None:
    redactor = learned(
        frame([2, "1", "ChangeConfiguration", {"key": "AuthorizationKey", "value": KEY}])
    )
    assert (
        redactor.text(f"violation: '{KEY}' is too long") == f"violation: '{REDACTED}' is too long"
    )
    assert KEY not in json.dumps(redactor.value({"data": f"x{KEY}y"}))


def test_a_short_secret_is_redacted_where_it_stands_but_not_scrubbed_everywhere() -> None:
    redactor = learned(frame({"key": "AuthorizationKey", "value": "1"}))
    assert redactor.text("connector 1") == "connector 1"


def test_url_passwords_and_basic_tokens_are_redacted() -> None:
    redactor = Redactor()
    assert redactor.text("connected (ws://CP001:s3cret@host:9000/ocpp/CP001)") == (
        f"connected (ws://CP001:{REDACTED}@host:9000/ocpp/CP001)"
    )
    assert redactor.text("ws://127.0.0.1:9000/ocpp") == "ws://127.0.0.1:9000/ocpp"
    assert (
        redactor.text("Authorization: Basic Q1AwMDE6c2VjcmV0") == f"Authorization: Basic {REDACTED}"
    )


def test_raw_text_is_redacted_through_json_or_withheld() -> None:
    redactor = learned(frame({"key": "AuthorizationKey", "value": KEY}))
    text = json.dumps([2, "1", "ChangeConfiguration", {"key": "AuthorizationKey", "value": KEY}])
    assert KEY not in redactor.raw(text)
    assert "withheld" in Redactor().raw(
        '[2, "1", "ChangeConfiguration", {"key": "AuthorizationKey", "value": "abc"'
    )
    assert Redactor().raw("not json at all") == "not json at all"
