"""The report's section of extended findings: per rule of octt_py/checks/rules.py, how often the
DUT broke it and in which cases. These checks go beyond the official step tables, so they are
shown apart from the verdicts they do not change (unless the run was strict)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from octt_py.checks.rules import BY_ID

EXTENDED_RULE = (
    "Extended findings come from checks beyond the official step tables (consistency across "
    "messages, the heartbeat, the case's own readings of the specification). They are listed "
    "here and with their case, and fail a case only in a strict run (octt run --strict)."
)


class _Finding(Protocol):
    @property
    def extended(self) -> bool: ...
    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str: ...


class _Case(Protocol):
    @property
    def case_id(self) -> str: ...
    @property
    def findings(self) -> Sequence[_Finding]: ...


@dataclass(frozen=True)
class ExtendedRow:
    rule: str
    severity: str
    summary: str  # what a conformant DUT does
    spec: str
    findings: int
    cases: tuple[str, ...]


def extended_rows(cases: Sequence[_Case]) -> tuple[ExtendedRow, ...]:
    """One row per (rule, severity) with extended findings, errors first."""
    counts: dict[tuple[str, str], int] = {}
    where: dict[tuple[str, str], list[str]] = {}
    for case in cases:
        for finding in case.findings:
            if not finding.extended:
                continue
            key = (finding.rule, finding.severity)
            counts[key] = counts.get(key, 0) + 1
            if case.case_id not in where.setdefault(key, []):
                where[key].append(case.case_id)
    rows = []
    for (rule, severity), count in counts.items():
        known = BY_ID.get(rule)
        rows.append(ExtendedRow(
            rule, severity, known.summary if known else "", known.spec if known else "",
            count, tuple(where[(rule, severity)]),
        ))
    return tuple(sorted(rows, key=lambda r: (r.severity != "error", r.rule)))
