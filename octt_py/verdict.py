"""Verdicts, and the exceptions a case raises to reach one.

A case body never returns a verdict: it raises :class:`Fail`, :class:`Inconclusive` or
:class:`NotApplicable`, or returns normally, and the runner turns that (plus the findings in
its trace) into a :class:`Verdict` with a one-line reason. Any other exception is a harness
bug and becomes ``error`` — never blamed on the DUT.
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"
    ERROR = "error"
    NOT_APPLICABLE = "not_applicable"


class CaseStop(Exception):
    """Ends a case with a verdict; the message is the one-line reason."""

    verdict: Verdict = Verdict.FAIL

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Fail(CaseStop):
    """The DUT did something the case or the specification forbids."""

    verdict = Verdict.FAIL


class Inconclusive(CaseStop):
    """The case could not reach its checks, for reasons that prove nothing about the DUT."""

    verdict = Verdict.INCONCLUSIVE


class DutUnreachable(Inconclusive):
    """The DUT stopped accepting connections; later cases say so instead of failing."""


class NotApplicable(CaseStop):
    """The PICS rules the case out; the reason names the PICS item."""

    verdict = Verdict.NOT_APPLICABLE
