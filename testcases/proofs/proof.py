"""One proof: a case, a planted fault, and the reason the case must give when it catches it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Proof:
    case_id: str
    fault: str
    reason: str  # a fragment the verdict's reason must contain
    # Capabilities, connection, security or timing fields the reference PICS is changed to for this proof
    # and for the clean run of its case, e.g. {"fixed_cable": True}, and "without_profiles":
    # feature profiles it then does not declare, e.g. ("LocalAuthListManagement",): a case the
    # reference DUT as configured rules out (not applicable) is proven against a variant it does
    # apply to.
    pics_overrides: dict[str, Any] = field(default_factory=dict)
    # The check is an extended finding (beyond the official step table), which fails a case only
    # in a strict run (octt run --strict): the proof runs strict.
    strict: bool = False
