"""Names a user types -- faults, markers, PICS keys, steps, actions -- checked against the names
that exist, so that a typo is an error naming the nearest valid spelling instead of a run that
quietly does something else."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``known`` (case ignored), or ``""``."""
    by_lower = {k.lower(): k for k in known}
    match = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.5)
    return f" (did you mean '{by_lower[match[0]]}'?)" if match else ""


_ARGUMENTS = re.compile(r"\([^()]*\)")
_IDENT = re.compile(r"(?::?\w|:|\+|-|\.|\[|\]|\\|/)+")  # pytest's own identifier pattern
_OPERATORS = frozenset({"and", "or", "not"})


def marker_names(expression: str) -> list[str]:
    """The marker names a ``-m`` expression uses, e.g. ``["core", "csms"]`` for
    ``"core and not csms"``; keyword arguments (``mark(key=value)``) are not names."""
    bare = _ARGUMENTS.sub(" ", expression)
    return [name for name in _IDENT.findall(bare) if name not in _OPERATORS]
