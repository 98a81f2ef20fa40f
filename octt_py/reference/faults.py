"""Planted faults: named switches that make a reference DUT misbehave on purpose.

Every conformance case is proven twice: it passes against the clean reference DUT and fails,
for the right reason, against a reference DUT with one of these switched on. A fault is
declared once, here, with the reference DUT it belongs to; the DUT's code asks
``"name" in faults`` at the one place where it deviates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    dut: str  # "charge-point" or "csms": which reference DUT carries it
    family: str  # the case family it targets, e.g. "boot", "transaction", "configuration"
    description: str


class FaultSwitches:
    """The set of planted faults switched on in one reference DUT.

    Asking about a fault the DUT does not declare raises ``KeyError``: a typo in a fault name
    would otherwise silently leave the DUT clean and make a self-test pass for nothing.
    """

    def __init__(self, known: Iterable[Fault], enabled: Iterable[str] = ()) -> None:
        self._known = {fault.name: fault for fault in known}
        self._enabled: set[str] = set()
        self.enable(enabled)

    def __contains__(self, name: object) -> bool:
        if name not in self._known:
            raise KeyError(f"no planted fault named {name!r}")
        return name in self._enabled

    def enable(self, names: Iterable[str]) -> None:
        for name in names:
            self._check(name)
            self._enabled.add(name)

    def disable(self, names: Iterable[str]) -> None:
        for name in names:
            self._check(name)
            self._enabled.discard(name)

    def active(self) -> list[str]:
        return sorted(self._enabled)

    def describe(self) -> list[dict[str, object]]:
        return [
            {
                "name": fault.name,
                "family": fault.family,
                "description": fault.description,
                "enabled": fault.name in self._enabled,
            }
            for fault in self._known.values()
        ]

    def _check(self, name: str) -> None:
        if name not in self._known:
            known = ", ".join(sorted(self._known))
            raise KeyError(f"no planted fault named {name!r}; known: {known}")
