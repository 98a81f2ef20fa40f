"""pytest-xdist in a run with a lab's device: the cases of one DUT side go to one worker, in
catalogue order, so the two sides of a run go in parallel while each DUT still sees one case at
a time. (The bundled reference DUTs are started by every worker for itself, so a reference run
needs no such rule: plugin.pytest_xdist_make_scheduler.)

A DUT is one device: two workers testing the same side would run two fake CSMSs (or two fake
charge points) against it at once. ``--dist loadgroup`` with an ``xdist_group`` mark would say
the same, but pytest 9's structured node ids silently break it (pytest-xdist issue #1386), so
the scope is read from the case's node id instead.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]


class BySide(LoadScopeScheduling):  # type: ignore[misc]
    """LoadScope with one scope per DUT side: ``TC_…_CSMS`` cases and ``TC_…_CS`` cases."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        if module.endswith("_CSMS.py"):
            return "csms"
        if module.endswith("_CS.py"):
            return "charge-point"
        return module
