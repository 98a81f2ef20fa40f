"""How much of what a DUT sent the report shows: a report must be written in seconds whatever
the DUT sent, while results.jsonl keeps the full frames (up to its own caps, octt_py/results.py).

Every DUT value is cut before it is redacted (the redactor's patterns cost more than linear time
on hostile text) at twice its shown size, and again after, so a secret cut at the first point
lies beyond the second and is never shown in part.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MAX_SHOWN_FRAME = 4_096  # characters of one frame's payload or raw text
MAX_SHOWN_TEXT = 1_024  # characters of any other DUT string: action, id, violation, note, reason
SHOWN_FIRST, SHOWN_LAST, SHOWN_FLAGGED = 150, 50, 50  # events per case: first, last, flagged between
MAX_SHOWN_FINDINGS = 100
MAX_SHOWN_NESTING = 32


def clipped(text: str, limit: int, where: str = "in results.jsonl") -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out and where it is."""
    if len(text) <= limit:
        return text
    rest = len(text[limit:].encode("utf-8", "surrogatepass"))
    return f"{text[:limit]}… ({rest:,} bytes more, {where})"


def budgeted(value: Any, budget: int, depth: int = 0) -> Any:
    """A copy of a JSON value holding about ``budget`` characters of strings and items at most,
    nested at most MAX_SHOWN_NESTING deep; what is left out is marked "…"."""
    if isinstance(value, str):
        return value if len(value) <= budget else value[:budget] + "…"
    if not isinstance(value, (dict, list)):
        return value
    if depth >= MAX_SHOWN_NESTING:
        return "…"
    left = budget
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if left <= 0:
                out["…"] = "…"
                break
            out[str(key)[:left]] = shown = budgeted(item, left, depth + 1)
            left -= len(str(key)) + _size(shown)
        return out
    items: list[Any] = []
    for item in value:
        if left <= 0:
            items.append("…")
            break
        items.append(shown := budgeted(item, left, depth + 1))
        left -= _size(shown)
    return items


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str) else 4


def shown_events(
    events: Sequence[dict[str, Any]], flagged: set[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """The events shown before the gap, those after it, and how many are left out."""
    if len(events) <= SHOWN_FIRST + SHOWN_LAST + SHOWN_FLAGGED:
        return list(events), [], 0
    middle = events[SHOWN_FIRST : len(events) - SHOWN_LAST]
    kept = [e for e in middle if e.get("seq") in flagged][:SHOWN_FLAGGED]
    after = kept + list(events[len(events) - SHOWN_LAST :])
    return list(events[:SHOWN_FIRST]), after, len(middle) - len(kept)
