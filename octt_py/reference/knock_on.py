"""Knock-on failures: does one bug of a device fail only the cases that test it?

A planted fault runs through the whole suite of its side, as a lab would run a real device.
Each case that does not pass is then run again alone, against a fresh reference DUT with the
same fault. A case that passes alone but not in the suite failed for what an earlier case left
behind, not for the bug: a knock-on failure, which the harness must never produce (every case
starts from a verified idle device, and the case that leaves it dirty carries the finding).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from octt_py.campaign import Campaign
from octt_py.pics import SutSide
from octt_py.testcase import Case, discover
from octt_py.verdict import Verdict


@dataclass
class KnockOn:
    fault: str
    side: SutSide
    verdicts: dict[str, tuple[Verdict, str]] = field(default_factory=dict)  # in the whole suite
    alone: dict[str, tuple[Verdict, str]] = field(default_factory=dict)  # re-run alone

    @property
    def knock_on(self) -> list[str]:
        """Cases that fail (or err) in the suite with another verdict or reason than alone."""
        return [
            case_id for case_id, alone in self.alone.items()
            if self.verdicts[case_id][0] in (Verdict.FAIL, Verdict.ERROR)
            and not _same_failure(alone, self.verdicts[case_id])
        ]

    @property
    def held(self) -> list[str]:
        """Cases that were inconclusive in the suite because an earlier case left the DUT not
        idle and recovery could not undo it, naming that case, where alone they give a verdict:
        the fair outcome, not a knock-on failure, but a cost worth counting."""
        return [
            case_id for case_id, (verdict, reason) in self.verdicts.items()
            if verdict is Verdict.INCONCLUSIVE and reason.startswith("DUT not idle")
            and case_id in self.alone and self.alone[case_id][0] is not Verdict.INCONCLUSIVE
        ]

    def lines(self) -> list[str]:
        failing = len(self.alone)
        lines = [f"{self.fault} ({self.side}): {len(self.verdicts)} cases, {failing} not passing, "
                 f"{len(self.knock_on)} of them knock-on failures, {len(self.held)} held (DUT not idle)"]
        for case_id in self.alone:
            suite_verdict, suite_reason = self.verdicts[case_id]
            mark = "KNOCK-ON" if case_id in self.knock_on else "held    " if case_id in self.held else "own     "
            lines.append(f"  {mark} {case_id}: {suite_verdict} — {suite_reason[:140]}")
        return lines


def measure(fault: str, side: SutSide, cases: Iterable[Case] | None = None) -> KnockOn:
    """Run ``cases`` (by default every case of ``side``) with ``fault`` on, then each one that did
    not pass alone."""
    chosen = [c for c in (cases if cases is not None else discover()) if c.sut is side]
    result = KnockOn(fault, side)
    campaign = Campaign(reference=[side], faults=[fault])
    try:
        for case in chosen:
            outcome = campaign.run(case)
            result.verdicts[case.case_id] = (outcome.verdict, outcome.reason)
    finally:
        campaign.close()
    for case in chosen:
        verdict, _ = result.verdicts[case.case_id]
        if verdict in (Verdict.PASS, Verdict.NOT_APPLICABLE):
            continue
        alone = Campaign(reference=[side], faults=[fault])
        try:
            outcome = alone.run(case)
        finally:
            alone.close()
        result.alone[case.case_id] = (outcome.verdict, outcome.reason)
    return result


def _same_failure(alone: tuple[Verdict, str], suite: tuple[Verdict, str]) -> bool:
    """Whether the suite's failure is the one the case has alone. A wait for several messages
    names those still missing, and which of them came in time depends on load: missing
    StopTransaction and Finishing in the suite is the same failure as missing Finishing alone."""
    (verdict, reason), (suite_verdict, suite_reason) = _gist(*alone), _gist(*suite)
    if verdict is not suite_verdict:
        return False
    if reason == suite_reason:
        return True
    awaited, suite_awaited = _awaited(reason), _awaited(suite_reason)
    return bool(awaited) and awaited <= suite_awaited


def _awaited(reason: str) -> set[str]:
    """The messages an "expected A and B within N s" reason waited for."""
    found = re.search(r"expected (.+) within #", reason)
    return set(found.group(1).split(" and ")) if found else set()


def _gist(verdict: Verdict, reason: str) -> tuple[Verdict, str]:
    """A verdict and its reason without what differs from run to run: numbers (transaction and
    reservation ids, measured times) and the hints after the reason itself ("; got instead: …",
    whose list depends on timing)."""
    reason = re.split(r"; (?:got instead|before that|the DUT is not connected)", reason)[0]
    return verdict, re.sub(r"\d+(\.\d+)?", "#", reason)
