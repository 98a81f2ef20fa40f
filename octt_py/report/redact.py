"""Keeping credentials out of a report that will be mailed around.

The run header's PICS is already redacted, but frames are recorded verbatim: a
ChangeConfiguration of AuthorizationKey (the charge point's Basic-auth password) carries the
secret in clear, a misbehaving charge point may echo it in GetConfiguration, and a URL may carry
``user:password@``. The report learns every such secret from the frames first, then scrubs it
wherever it appears (payloads, raw text, notes, reasons), so a secret quoted in a schema
violation message is caught too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from octt_py.pics import REDACTED

SECRET_KEYS = frozenset({"authorizationkey"})
"""Configuration keys (lower-cased) whose value is a credential."""

MIN_SCRUBBED = 6
"""Shorter secrets are only redacted where they stand: scrubbing "1" from every text would
wreck the report, and the spec's AuthorizationKey is 16 to 40 characters anyway."""

_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]*:)[^\s@/]+@")
_BASIC_TOKEN = re.compile(r"(\bBasic\s+)[A-Za-z0-9+/=]{4,}")


class Redactor:
    """Learns secrets from frames, then removes them from everything shown."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()

    def learn(self, events: Iterable[dict[str, Any]]) -> None:
        """Collect AuthorizationKey values from the frames among ``events``."""
        for event in events:
            data = event.get("data", {})
            if event.get("type") != "frame":
                continue
            try:  # a frame nested past the recursion limit hides nothing the raw text shows
                self._learn_from(data.get("payload"))
                self._learn_from(json.loads(data.get("text", "")))
            except (TypeError, ValueError, RecursionError):
                pass

    def _learn_from(self, value: Any) -> None:
        if isinstance(value, dict):
            if _is_secret_entry(value) and isinstance(value.get("value"), str) and value["value"]:
                self._secrets.add(value["value"])
            for item in value.values():
                self._learn_from(item)
        elif isinstance(value, list):
            for item in value:
                self._learn_from(item)

    def text(self, text: str) -> str:
        """``text`` with known secrets, URL passwords and Basic-auth tokens replaced."""
        for secret in sorted(self._secrets, key=len, reverse=True):
            if len(secret) >= MIN_SCRUBBED:
                text = text.replace(secret, REDACTED)
        text = _URL_PASSWORD.sub(rf"\g<1>{REDACTED}@", text)
        return _BASIC_TOKEN.sub(rf"\g<1>{REDACTED}", text)

    def value(self, value: Any) -> Any:
        """A JSON value with secret configuration entries and every string redacted."""
        if isinstance(value, dict):
            secret = _is_secret_entry(value)
            return {
                self.text(str(key)): REDACTED if secret and key == "value" else self.value(item)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def raw(self, text: str) -> str:
        """Raw frame text: redacted through its JSON when it parses; withheld when it does not
        parse but names a secret key, since its value cannot then be located reliably."""
        try:
            return json.dumps(self.value(json.loads(text)), ensure_ascii=False)
        except (ValueError, RecursionError):  # not JSON, or nested past the recursion limit
            if any(key in text.lower() for key in SECRET_KEYS):
                return "[frame text withheld: it names a secret configuration key and is not valid JSON]"
            return self.text(text)


def _is_secret_entry(value: dict[str, Any]) -> bool:
    """A ``{"key": "AuthorizationKey", "value": ...}`` entry (ChangeConfiguration request,
    GetConfiguration configurationKey item)."""
    key = value.get("key")
    return isinstance(key, str) and key.lower() in SECRET_KEYS and "value" in value
