"""The run's secrets registry (octt_py/secrets.py): what it scrubs, in which spellings, in
linear time, and how results.jsonl is written with and without --keep-secrets."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest

from octt_py.pics import REDACTED
from octt_py.report.redact import Redactor
from octt_py.results import ResultsWriter, read_results
from octt_py.secrets import PRIVATE_KEY_SHOWN, RUN, Secrets
from octt_py.trace import CLIPPED, MAX_FRAME_TEXT
from octt_py.validation import SchemaSet, Variant

PASSWORD = "xS3cretPassw0rd-test"


def known(*values: str) -> Secrets:
    secrets = Secrets()
    secrets.extend(values)
    return secrets


def test_a_secret_echoed_in_any_text_is_replaced() -> None:
    secrets = known(PASSWORD)
    assert secrets.text(f"log: key={PASSWORD}; next") == f"log: key={REDACTED}; next"
    assert secrets.value({"data": f"[{PASSWORD}]", PASSWORD: 1}) == {"data": f"[{REDACTED}]", REDACTED: 1}


@pytest.mark.parametrize("user", ["C", "CP", "CP0", "CP001", "a-much-longer-charge-point-id"])
def test_the_basic_auth_token_of_a_known_password_is_replaced_whatever_the_id(user: str) -> None:
    token = base64.b64encode(f"{user}:{PASSWORD}".encode()).decode()
    assert known(PASSWORD).text(f"headers: Authorization={token};") == f"headers: Authorization={REDACTED};"


def test_a_hex_authorization_key_is_recognised_as_the_bytes_basic_auth_sends() -> None:
    key = "00112233445566778899aabbccddeeff01234567"
    token = base64.b64encode(b"CP001:" + bytes.fromhex(key)).decode()
    assert known(key).text(f"sent {token}") == f"sent {REDACTED}"


def test_url_passwords_basic_tokens_and_private_keys_are_replaced_unknown() -> None:
    secrets = Secrets()
    assert secrets.text("get ftp://octt:Zq9_x@127.0.0.1:2121/firmware/fw.bin now") == (
        f"get ftp://octt:{REDACTED}@127.0.0.1:2121/firmware/fw.bin now"
    )
    assert secrets.text("HTTP Basic authentication; Authorization: Basic Q1AwMDE6c2VjcmV0") == (
        f"HTTP Basic authentication; Authorization: Basic {REDACTED}"
    )
    pem = "-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIBv\\n-----END EC PRIVATE KEY-----"
    assert secrets.text(f'{{"log": "{pem}\\n", "n": 1}}') == f'{{"log": "{PRIVATE_KEY_SHOWN}\\n", "n": 1}}'
    assert secrets.text("key: -----BEGIN PRIVATE KEY-----\nMHcCAQEEIBv") == f"key: {PRIVATE_KEY_SHOWN}"
    assert secrets.text("ws://127.0.0.1:9000/ocpp") == "ws://127.0.0.1:9000/ocpp"


def test_a_short_secret_is_masked_where_it_stands_but_not_scrubbed_from_all_text() -> None:
    secrets = known("1234")
    assert secrets.text("connector 1234") == "connector 1234"
    assert secrets.value({"key": "AuthorizationKey", "value": "1234"}) == {"key": "AuthorizationKey", "value": REDACTED}


@pytest.mark.parametrize(
    "hostile",
    ["a" * 300_000, "a://" * 75_000, "ftp://" + "x:" * 150_000, "a://b:" * 50_000 + "@",
     "Basic " * 50_000, "-----BEGIN PRIVATE KEY-----" * 10_000, PASSWORD[:-1] * 15_000],
    ids=["letters", "schemes", "colons", "userinfo", "basic", "pem-headers", "near-secret"],
)  # fmt: skip
def test_scrubbing_hostile_text_takes_linear_time(hostile: str) -> None:
    """The URL-password regex it replaces took minutes on 300 KB of letters."""
    secrets = known(PASSWORD)
    started = time.perf_counter()
    secrets.text(hostile)
    assert time.perf_counter() - started < 2


def test_a_schema_message_never_quotes_a_secret_cut_in_half() -> None:
    """An over-long value is quoted cut to 32 characters: the secret is scrubbed before the cut,
    since 'xS3cretPassw0rd-te…' would not be recognised after it."""
    RUN.add(PASSWORD)
    schemas = SchemaSet.load(Variant.CORRECTED)
    payload = {"connectorId": 0, "errorCode": "NoError", "status": "Available", "info": PASSWORD * 3}
    [violation] = schemas.validate("StatusNotification", "request", payload)
    assert str(violation) == f"StatusNotification request /info: maxLength: '{REDACTED * 3}' is too long (max 50)"


def _record(text: str) -> dict[str, object]:
    return {
        "type": "case", "case_id": "TC_X", "reason": f"echo {PASSWORD}",
        "events": [{"seq": 1, "type": "frame", "data": {"payload": json.loads(text)[3], "text": text}}],
    }  # fmt: skip


def test_results_jsonl_holds_no_secret_unless_kept(tmp_path: Path) -> None:
    RUN.add(PASSWORD)
    text = json.dumps([2, "1", "DataTransfer", {"vendorId": "v", "data": f"pw={PASSWORD}"}])
    ResultsWriter(tmp_path / "clean" / "results.jsonl").write(_record(text))
    clean = (tmp_path / "clean" / "results.jsonl").read_text(encoding="utf-8")
    assert PASSWORD not in clean
    [case] = read_results(tmp_path / "clean" / "results.jsonl")[1]
    assert case["reason"] == f"echo {REDACTED}"
    assert case["events"][0]["data"]["text"] == text.replace(PASSWORD, REDACTED)

    ResultsWriter(tmp_path / "kept" / "results.jsonl", keep_secrets=True).write(_record(text))
    [kept] = read_results(tmp_path / "kept" / "results.jsonl")[1]
    assert kept["events"][0]["data"]["text"] == text
    assert PASSWORD in kept["kept_secrets"]
    redactor = Secrets()  # a later `octt report` in another process: only the file to go by
    redactor.learn_record(kept)
    assert redactor.text(kept["reason"]) == f"echo {REDACTED}"


def test_a_short_authorization_key_is_masked_in_the_recorded_frame(tmp_path: Path) -> None:
    text = json.dumps([2, "1", "ChangeConfiguration", {"key": "AuthorizationKey", "value": "k1"}])
    ResultsWriter(tmp_path / "results.jsonl").write(_record(text))
    [case] = read_results(tmp_path / "results.jsonl")[1]
    data = case["events"][0]["data"]
    assert data["payload"] == {"key": "AuthorizationKey", "value": REDACTED}
    assert json.loads(data["text"])[3] == {"key": "AuthorizationKey", "value": REDACTED}


def test_the_report_redactor_knows_what_the_run_knows() -> None:
    RUN.add(PASSWORD)
    assert Redactor().text(PASSWORD) == REDACTED


def test_a_frame_clipped_inside_a_secret_keeps_none_of_it(tmp_path: Path) -> None:
    RUN.add(PASSWORD)
    before = json.dumps([2, "1", "DataTransfer", {"vendorId": "v", "data": ""}])[:-3]
    text = before + "x" * (MAX_FRAME_TEXT - len(before) - 10) + PASSWORD + '"}]'
    clipped = text[:MAX_FRAME_TEXT] + CLIPPED  # as the trace records it: 10 characters of it
    assert clipped.endswith(PASSWORD[:10] + CLIPPED)
    record = {"type": "case", "events": [{"seq": 1, "type": "frame", "data": {"text": clipped}}]}
    ResultsWriter(tmp_path / "results.jsonl").write(record)
    [case] = read_results(tmp_path / "results.jsonl")[1]
    assert case["events"][0]["data"]["text"].endswith(f"x{REDACTED}{CLIPPED}")
