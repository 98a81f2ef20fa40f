"""Line numbers for dotted TOML keys: tomllib keeps none, so a small scanner maps them."""

from __future__ import annotations

import bisect
import contextlib
import json
import re


class _Locator:
    """Line numbers of table headers and keys in a TOML text that tomllib has accepted."""

    _BARE = re.compile(r"[A-Za-z0-9_-]+")
    _SCALAR = re.compile(r"[^,\]}\n#]*")

    def __init__(self, text: str) -> None:
        self._text = text
        self._i = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._lines: dict[tuple[str, ...], int] = {}
        # Positions are a courtesy; an unexpected construct must never hide the real error.
        with contextlib.suppress(IndexError, ValueError, AttributeError):
            self._document()

    def line(self, path: tuple[str, ...]) -> int:
        """Line of ``path``, else of its closest written parent, else 1."""
        for n in range(len(path), 0, -1):
            if path[:n] in self._lines:
                return self._lines[path[:n]]
        return 1

    def _record(self, path: tuple[str, ...], pos: int) -> None:
        line = bisect.bisect_right(self._line_starts, pos)
        for n in range(1, len(path) + 1):
            self._lines.setdefault(path[:n], line)

    def _skip(self, newlines: bool = False) -> None:
        text, n = self._text, len(self._text)
        while self._i < n:
            c = text[self._i]
            if c in " \t\r" or (newlines and c == "\n"):
                self._i += 1
            elif c == "#":
                end = text.find("\n", self._i)
                self._i = n if end < 0 else end
            else:
                return

    def _document(self) -> None:
        text, table = self._text, tuple[str, ...]()
        while True:
            self._skip(newlines=True)
            if self._i >= len(text):
                return
            start = self._i
            if text[self._i] == "[":
                self._i += 2 if text.startswith("[[", self._i) else 1
                table = self._key()
                self._record(table, start)
                self._i = text.index("]", self._i) + 1
                if text.startswith("]", self._i):
                    self._i += 1
            else:
                path = table + self._key()
                self._record(path, start)
                self._i += 1  # "="
                self._value(path)

    def _key(self) -> tuple[str, ...]:
        text, parts = self._text, []
        while True:
            self._skip()
            if text[self._i] == '"':
                parts.append(self._basic_string())
            elif text[self._i] == "'":
                end = text.index("'", self._i + 1)
                parts.append(text[self._i + 1 : end])
                self._i = end + 1
            else:
                match = self._BARE.match(text, self._i)
                assert match is not None
                parts.append(match.group())
                self._i = match.end()
            self._skip()
            if not text.startswith(".", self._i):
                return tuple(parts)
            self._i += 1

    def _basic_string(self) -> str:
        text, j = self._text, self._i + 1
        while text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        raw, self._i = text[self._i : j + 1], j + 1
        try:
            return str(json.loads(raw))
        except ValueError:
            return raw[1:-1]

    def _value(self, path: tuple[str, ...]) -> None:
        text = self._text
        self._skip()
        if text.startswith(('"""', "'''"), self._i):
            quote, j = text[self._i], self._i + 3
            while not text.startswith(quote * 3, j):
                j += 2 if quote == '"' and text[j] == "\\" else 1
            end = j + 3
            while end < len(text) and text[end] == quote and end - j < 5:  # content ends in quotes
                end += 1
            self._i = end
        elif text[self._i] == '"':
            self._basic_string()
        elif text[self._i] == "'":
            self._i = text.index("'", self._i + 1) + 1
        elif text[self._i] in "{[":
            closing = "}" if text[self._i] == "{" else "]"
            self._i += 1
            while True:
                self._skip(newlines=True)
                if text[self._i] == closing:
                    self._i += 1
                    return
                if closing == "}":
                    start = self._i
                    inner = path + self._key()
                    self._record(inner, start)
                    self._i += 1  # "="
                    self._value(inner)
                else:
                    self._value(path)
                self._skip(newlines=True)
                if text[self._i] == ",":
                    self._i += 1
        else:
            match = self._SCALAR.match(text, self._i)
            assert match is not None
            self._i = match.end()
