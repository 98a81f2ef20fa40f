"""How a PICS file that cannot be used is reported: every problem with file, line and key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PicsIssue:
    """One problem in a PICS file. ``key`` is the dotted TOML key, empty for syntax errors."""

    line: int
    key: str
    message: str

    def format(self, source: str) -> str:
        where = f"{source}:{self.line}: "
        return f"{where}{self.key}: {self.message}" if self.key else f"{where}{self.message}"


class PicsError(Exception):
    """A PICS file that cannot be used; lists every problem found, one per line."""

    def __init__(self, source: str, errors: list[PicsIssue]) -> None:
        self.source = source
        self.errors = sorted(errors, key=lambda issue: (issue.line, issue.key))
        super().__init__("\n".join(issue.format(source) for issue in self.errors))
