"""Which planted fault of the reference DUTs each case catches, and the reason it must give.

Every case is proven both ways by the harness's own tests (tests/test_cases_proven.py): it passes
against the clean reference DUT and fails against each fault listed for it, with a reason
containing the text given. One module per feature profile and DUT side, so the table grows
without merge conflicts. ``docs/faults.md`` is generated from it (``octt faults --table``) and a
test keeps it current.
"""

from __future__ import annotations

import importlib
import pkgutil

from testcases.proofs.proof import Proof


def _collect() -> tuple[Proof, ...]:
    proofs: list[Proof] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name != "proof":
            proofs.extend(importlib.import_module(f"{__name__}.{module.name}").PROOFS)
    return tuple(proofs)


PROOFS: tuple[Proof, ...] = _collect()


def dut_of(proof: Proof) -> str:
    """The reference DUT a proof runs its fault on: the charge point for a _CS case, the CSMS
    for a _CSMS case (a fault of the same name on the other DUT is never switched on)."""
    return "charge-point" if proof.case_id.endswith("_CS") else "csms"


def fault_table() -> str:
    """The Markdown table of docs/faults.md: each planted fault and the cases that really run it,
    i.e. the proofs on that fault's own reference DUT."""
    from octt_py.reference.catalogue import all_faults

    catching: dict[tuple[str, str], list[str]] = {}
    for proof in PROOFS:
        catching.setdefault((dut_of(proof), proof.fault), []).append(
            ("strict " if proof.strict else "") + proof.case_id
        )
    lines = [
        "| reference DUT | fault | family | what it does | caught by |",
        "|---|---|---|---|---|",
    ]
    for fault in all_faults():
        cases = ", ".join(catching.get((fault.dut, fault.name), [])) or "— (no case yet)"
        lines.append(f"| {fault.dut} | `{fault.name}` | {fault.family} | {fault.description} | {cases} |")
    caught = sum(1 for fault in all_faults() if (fault.dut, fault.name) in catching)
    lines.append("")
    lines.append(f"{caught} of {len(all_faults())} planted faults are caught by at least one case.")
    return "\n".join(lines) + "\n"


__all__ = ["PROOFS", "Proof", "dut_of", "fault_table"]
