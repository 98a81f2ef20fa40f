"""Every secret the run holds, and the one scrubber every output goes through.

A run holds credentials: the PICS's Basic-auth password and AuthorizationKey, the values the
harness or the DUT sets with ChangeConfiguration AuthorizationKey (or an operator step's
``password``), the passwords of the loopback FTP/HTTP file servers, and the private keys of the
test PKI (security profiles 2 and 3). :data:`RUN` is told each one where it comes into being,
and learns AuthorizationKey values from the frames of each case before the case's record is
written. Then results.jsonl, the terminal, JUnit, HTML and PDF are scrubbed by the same
:meth:`Secrets.text`, which replaces, wherever it stands:

- a known secret, as is, JSON-escaped or percent-encoded;
- a known secret base64-encoded at any alignment (``Basic base64(id:password)``, a DUT that
  logs its Authorization header), and any ``Basic`` token that decodes to ``id:password``;
- the password of a URL (``ftp://user:password@host``);
- a PEM private key block, whichever key it is.

So a DUT that echoes its password in DataTransfer data, StatusNotification info or an over-long
value quoted in a schema message (``maxLength: 'xS3cret…'``) leaks nothing. Every pattern is
matched in linear time: a DUT controls much of the text scrubbed.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote, urlsplit

from octt_py.pics.model import REDACTED, Pics
from octt_py.trace import CLIPPED

SECRET_KEYS = frozenset({"authorizationkey"})
"""Configuration keys (lower-cased) whose value is a credential."""

SECRET_NAMES = ("password", "authorizationkey")
"""Member names (folded: lower case, no ``_`` or ``-``) whose value is a credential."""

SETS_SECRETS = "ChangeConfiguration"
"""The action whose frames the session hands to the registry as they pass (AuthorizationKey)."""

MIN_SCRUBBED = 6
"""Shorter secrets are only redacted where they stand (a secret configuration entry, a
password member): scrubbing "1" from every text would wreck the output, and the white paper's
AuthorizationKey is 32 to 40 characters anyway."""

MIN_BASE64_CORE = 8
"""A secret's base64 form is searched for when at least this many characters of it do not
depend on what precedes it: shorter runs turn up by chance in certificates and hashes."""

MAX_REMEMBERED = 4_096  # short texts (up to REMEMBERED_CHARS) are scrubbed once: this many kept
REMEMBERED_CHARS = 256

MAX_SECRET_CHARS = 256
"""Text cut for display is scrubbed first over this many characters more than is shown, so
that no secret up to this long is shown cut in half (and so unrecognised)."""

MAX_DEPTH = 100
"""Values nested deeper are left out, not walked (octt_py/results.py writes no deeper)."""

PRIVATE_KEY_SHOWN = f"-----BEGIN PRIVATE KEY-----{REDACTED}-----END PRIVATE KEY-----"
MAX_PEM = 16_384  # characters of one PEM block: an RSA-8192 key is about 6,400

_BASE64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_HEX_KEY = re.compile(r"(?:[0-9A-Fa-f]{2}){8,}")
_BASIC = re.compile(r"(?<![A-Za-z0-9])(Basic\s+)([A-Za-z0-9+/]+={0,2})")
_AUTHORITY = re.compile(r"[^\s/@]*")  # what follows "scheme://" up to the host, linear
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_PEM_BODY = re.compile(r"[A-Za-z0-9+/=\s\\]*")  # base64, line breaks, and their JSON escapes


class Secrets:
    """A set of secrets and the scrubber that removes them (and the patterns above) from text."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._forms: list[str] = []  # every spelling to replace, longest first
        self._cores: list[str] = []  # base64 runs that only these secrets produce
        self._seen: dict[str, str] = {}  # short texts already scrubbed: a flood repeats them

    def __contains__(self, value: object) -> bool:
        return value in self._values

    def values(self) -> list[str]:
        """The secrets known, sorted (for a results file kept with ``--keep-secrets``)."""
        return sorted(self._values)

    def add(self, value: object) -> None:
        """Know ``value`` as a secret from now on (empty values and the mask are ignored)."""
        if not isinstance(value, str) or not value or value == REDACTED or value in self._values:
            return
        self._values.add(value)
        self._seen.clear()
        if len(value) < MIN_SCRUBBED:
            return
        forms = {value, quote(value, safe=""), _escaped(value, True), _escaped(value, False)}
        forms |= {_escaped(form, False) for form in list(forms)}  # raw frame text inside JSON
        self._forms = sorted(set(self._forms) | forms, key=len, reverse=True)
        cores = set(_base64_cores(value.encode("utf-8", "surrogatepass")))
        if _HEX_KEY.fullmatch(value):  # a hex AuthorizationKey: Basic auth sends its bytes
            cores |= set(_base64_cores(bytes.fromhex(value)))
        self._cores = sorted(set(self._cores) | cores, key=len, reverse=True)

    def extend(self, other: Secrets | Iterable[object]) -> None:
        for value in other.values() if isinstance(other, Secrets) else other:
            self.add(value)

    # -- learning --------------------------------------------------------------------------

    def learn(self, events: Iterable[dict[str, Any]]) -> None:
        """Collect the secrets among ``events``: AuthorizationKey entries and password members
        in frames (their payload, or their raw text when it parses) and operator steps."""
        for event in events:
            data = event.get("data") if isinstance(event, dict) else None
            if not isinstance(data, dict):
                continue
            if event.get("type") == "frame":
                self.learn_value(data.get("payload"))
                text = data.get("text")
                if isinstance(text, str) and _names_secret(text):
                    try:  # a frame nested past the recursion limit hides nothing the text shows
                        self.learn_value(json.loads(text))
                    except (ValueError, RecursionError):
                        pass
            elif event.get("type") == "operator":
                self.learn_value(data.get("params"))

    def learn_pics(self, pics: Pics) -> None:
        """The PICS's secrets: the Basic-auth password, AuthorizationKey, URL passwords."""
        self.add(pics.connection.basic_auth_password)
        self.add(pics.config_value("AuthorizationKey"))
        for url in (pics.connection.csms_url, pics.operator.url, pics.security.tls_csms_url):
            try:
                self.add(urlsplit(url).password)
            except ValueError:  # not a URL the harness could use either; the PICS check says so
                pass

    def learn_record(self, record: dict[str, Any]) -> None:
        """What a results record holds: its frames' secrets, and those a results file kept
        with ``--keep-secrets`` lists (so that its report is scrubbed all the same)."""
        events = record.get("events")
        if isinstance(events, list):
            self.learn(events)
        kept = record.get("kept_secrets")
        if isinstance(kept, list):
            self.extend(kept)

    def learn_value(self, value: Any) -> None:
        """Secret configuration entries and password members anywhere in a JSON value."""
        for mapping in _mappings(value):
            if is_secret_entry(mapping):
                self.add(mapping["value"])
            for name, member in mapping.items():
                if is_secret_name(name):
                    self.add(member)

    # -- scrubbing -------------------------------------------------------------------------

    def text(self, text: str) -> str:
        """``text`` with known secrets, URL passwords, Basic tokens and private keys replaced."""
        if len(text) < MIN_SCRUBBED:
            return text
        if len(text) > REMEMBERED_CHARS:
            return self._scrubbed(text)
        if (known := self._seen.get(text)) is None:
            if len(self._seen) >= MAX_REMEMBERED:
                self._seen.clear()
            known = self._seen[text] = self._scrubbed(text)
        return known

    def _scrubbed(self, text: str) -> str:
        for form in self._forms:
            if form in text:
                text = text.replace(form, REDACTED)
        for core in self._cores:
            text = _without_base64_runs(text, core)
        text = without_url_passwords(text)
        text = _BASIC.sub(_basic_token, text) if "Basic" in text else text
        return _without_private_keys(text) if "PRIVATE KEY" in text else text

    def value(self, value: Any, depth: int = 0) -> Any:
        """A JSON value with secret entries and password members masked, every string scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if not isinstance(value, (dict, list, tuple)):
            return value
        if depth >= MAX_DEPTH:
            return f"[nested deeper than {MAX_DEPTH} levels: left out]"
        if isinstance(value, dict):
            secret = is_secret_entry(value)
            return {
                self.text(str(name)): REDACTED
                if (secret and name == "value") or (is_secret_name(name) and isinstance(item, str) and item)
                else self.value(item, depth + 1)
                for name, item in value.items()
            }
        return [self.value(item, depth + 1) for item in value]

    def cut(self, text: str) -> str:
        """A text cut at its end (a frame clipped at MAX_FRAME_TEXT) without the beginning of a
        known secret it may end in, which no longer matches the whole."""
        for value in self._values:
            for size in range(min(len(value), len(text)) - 1, MIN_SCRUBBED - 1, -1):
                if text.endswith(value[:size]):
                    return text[:-size] + REDACTED
        return text

    def raw(self, text: str) -> str:
        """Raw frame text. When it names a secret key it is scrubbed through its JSON (a short
        key is masked where it stands), or withheld when it does not parse; otherwise as text."""
        if not _names_secret(text):
            return self.text(text)
        try:
            return json.dumps(self.value(json.loads(text)), ensure_ascii=False)
        except (ValueError, RecursionError):  # not JSON, or nested past the recursion limit
            return "[frame text withheld: it names a secret configuration key and is not valid JSON]"

    def record(self, record: dict[str, Any]) -> dict[str, Any]:
        """A results record scrubbed: every string, and each frame's raw text as :meth:`raw`."""
        scrubbed = self.value(record)
        events, originals = scrubbed.get("events"), record.get("events")
        if not isinstance(events, list) or not isinstance(originals, list):
            return scrubbed
        for event, original in zip(events, originals, strict=False):
            text = _frame_text(original)
            if text is not None and isinstance(event.get("data"), dict):
                event["data"]["text"] = self.raw(self.cut(text[: -len(CLIPPED)]) + CLIPPED
                                                 if text.endswith(CLIPPED) else text)
        return scrubbed


RUN = Secrets()
"""The secrets of this process's run: told by the PICS loader, the file servers, the PKI and
the operator steps, and by each case's frames before its record is written."""


def is_secret_name(name: object) -> bool:
    """Password-like names in any spelling: basic_auth_password, AuthorizationKey, ..."""
    return isinstance(name, str) and _is_secret_name(name)


@functools.lru_cache(maxsize=4096)  # a record asks about the same few member names many times
def _is_secret_name(name: str) -> bool:
    folded = name.lower().replace("_", "").replace("-", "")
    return any(secret in folded for secret in SECRET_NAMES)


def is_secret_entry(value: dict[str, Any]) -> bool:
    """A ``{"key": "AuthorizationKey", "value": ...}`` entry (ChangeConfiguration request,
    GetConfiguration configurationKey item)."""
    key = value.get("key")
    return isinstance(key, str) and key.lower() in SECRET_KEYS and "value" in value


def _names_secret(text: str) -> bool:
    folded = text.lower()
    return any(key in folded for key in SECRET_KEYS)


def _mappings(value: Any) -> Iterator[dict[str, Any]]:
    """Every dict inside a JSON value, depth-first, without recursion."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth >= MAX_DEPTH:
            continue
        if isinstance(item, dict):
            yield item
            stack.extend((member, depth + 1) for member in item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend((member, depth + 1) for member in item)


def _frame_text(event: Any) -> str | None:
    """A frame event's raw text; None for any other event."""
    data = event.get("data") if isinstance(event, dict) and event.get("type") == "frame" else None
    text = data.get("text") if isinstance(data, dict) else None
    return text if isinstance(text, str) else None


def _escaped(value: str, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)[1:-1]


def _base64_cores(data: bytes) -> list[str]:
    """The base64 characters that encode ``data`` whatever precedes it: one run per alignment
    of its first byte in a 3-byte group (``id:password`` puts it anywhere)."""
    cores = []
    for skip in range(3):
        whole = (len(data) - skip) // 3 * 3
        core = base64.b64encode(data[skip : skip + whole]).decode() if whole > 0 else ""
        if len(core) >= MIN_BASE64_CORE:
            cores.append(core)
    return cores


def _without_base64_runs(text: str, core: str) -> str:
    """``text`` with every base64 run that contains ``core`` replaced whole."""
    at = text.find(core)
    if at < 0:
        return text
    out, done = [], 0
    while at >= 0:
        start, end = at, at + len(core)
        while start > done and text[start - 1] in _BASE64:
            start -= 1
        while end < len(text) and text[end] in _BASE64:
            end += 1
        while end < len(text) and text[end] == "=":  # padding ends a run, never begins one
            end += 1
        out += [text[done:start], REDACTED]
        done = end
        at = text.find(core, done)
    out.append(text[done:])
    return "".join(out)


def without_url_passwords(text: str) -> str:
    """``scheme://user:password@`` with the password replaced; each ``://`` is looked at once,
    up to the next ``/``, ``@`` or space, so hostile text costs linear time."""
    at = text.find("://")
    if at < 0:
        return text
    out, done = [], 0
    while at >= 0:
        scheme = at
        while scheme > done and at - scheme < 32 and text[scheme - 1] in _SCHEME_CHARS:
            scheme -= 1
        start = at + 3
        match = _AUTHORITY.match(text, start)
        end = match.end() if match else start
        colon = text.find(":", start, end)
        if scheme < at and end < len(text) and text[end] == "@" and colon >= 0 and colon + 1 < end:
            out += [text[done : colon + 1], REDACTED]
            done = end
        at = text.find("://", max(end, at + 3))
    out.append(text[done:])
    return "".join(out)


def _basic_token(match: re.Match[str]) -> str:
    """A Basic token that decodes to ``id:password`` is replaced; a plain word is kept."""
    token = match.group(2)
    try:
        decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
    except (binascii.Error, ValueError):
        return match.group(0)
    return match.group(1) + REDACTED if b":" in decoded else match.group(0)


def _without_private_keys(text: str) -> str:
    """Every PEM private key block replaced, also one cut short or with JSON-escaped breaks."""
    out, done = [], 0
    at = text.find("-----BEGIN ")
    while at >= 0:
        label_end = text.find("-----", at + 11, at + 80)
        if label_end < 0 or "PRIVATE KEY" not in text[at:label_end]:
            at = text.find("-----BEGIN ", at + 11)
            continue
        body = label_end + 5
        end_marker = text.find("-----END ", body, body + MAX_PEM)
        closing = text.find("-----", end_marker + 9, end_marker + 80) if end_marker >= 0 else -1
        if closing >= 0:
            end = closing + 5
        else:
            match = _PEM_BODY.match(text, body)
            end = match.end() if match else body
        out += [text[done:at], PRIVATE_KEY_SHOWN]
        done = end
        at = text.find("-----BEGIN ", done)
    out.append(text[done:])
    return "".join(out)
