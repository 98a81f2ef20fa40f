"""A hostile behaviour as data: which DUT misbehaves how, which cases it meets, and what the
harness must make of each (verdict class, reason, time to verdict).

The bound of a verdict is stated in the PICS timings in use (``bound(timing)``), so a DUT that
stalls cannot stretch a case beyond what the harness promises; a run checks it with
``time.monotonic`` around each case, with one second of slack for scheduling.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from octt_py.pics import SutSide, Timing
from octt_py.verdict import Verdict

if TYPE_CHECKING:
    from octt_py.hostile.dut import HostileDut

SLACK_S = 1.0
"""What a verdict may take beyond its stated bound: scheduling, the websocket closing handshake."""


@dataclass(frozen=True)
class Expect:
    """What one case run against the behaviour must end with."""

    verdicts: frozenset[Verdict]
    reason: str  # a regular expression the reason must contain (re.search)
    bound: Callable[[Timing], float]  # the most the case may take, from the PICS timings

    def problems(self, verdict: Verdict, reason: str, seconds: float, timing: Timing) -> list[str]:
        """What is wrong with one result; empty when it is what the behaviour should earn."""
        found = []
        if verdict is Verdict.ERROR:
            found.append(f"verdict error (a harness bug): {reason}")
        elif verdict not in self.verdicts:
            wanted = "/".join(sorted(v.value for v in self.verdicts))
            found.append(f"verdict {verdict.value}, expected {wanted}: {reason}")
        if not re.search(self.reason, reason):
            found.append(f"reason {reason!r} does not match {self.reason!r}")
        limit = self.bound(timing) + SLACK_S
        if seconds > limit:
            found.append(f"took {seconds:.1f} s, more than its bound + {SLACK_S:g} s = {limit:.1f} s")
        return found


def expect(*verdicts: Verdict, reason: str = "", bound: Callable[[Timing], float]) -> Expect:
    return Expect(frozenset(verdicts), reason, bound)


@dataclass(frozen=True)
class Behaviour:
    """One way a DUT can be hostile. ``dut`` builds the DUT (a hostile charge point is given
    the harness's URL; a hostile CSMS listens itself); ``cases`` run in order against it, each
    judged by the matching ``expect``."""

    name: str
    side: SutSide  # the DUT's side: a hostile charge-point faces the harness as CSMS
    summary: str
    dut: Callable[[], HostileDut]
    cases: tuple[str, ...]
    expect: tuple[Expect, ...]
    secret_free: bool = True  # the Basic-auth password must appear in no result
    amends: str = ""  # a case id whose record a later case must amend (a late reply)
    linger_s: float = 0.0  # how long the harness listens after the last case (frames after it)
    connection: dict[str, Any] = field(default_factory=dict, compare=False)  # PICS [connection] changes

    def __post_init__(self) -> None:
        if len(self.cases) != len(self.expect):
            raise ValueError(f"{self.name}: one expectation per case")
