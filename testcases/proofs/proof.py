"""One proof: a case, a planted fault, and the reason the case must give when it catches it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Proof:
    case_id: str
    fault: str
    reason: str  # a fragment the verdict's reason must contain
