"""``python -m octt_py.hostile [NAME...]``: run the hostile-DUT catalogue (or the behaviours whose
name contains one of NAME) against this harness and print one line per case; the exit status
is 1 when any case got what its behaviour does not earn."""

from __future__ import annotations

import sys

from octt_py.hostile.catalogue import CATALOGUE
from octt_py.hostile.run import run


def main(names: list[str]) -> int:
    bad = 0
    for behaviour in CATALOGUE:
        if names and not any(name in behaviour.name for name in names):
            continue
        for outcome in run(behaviour):
            bad += bool(outcome.problems)
            mark = "ok " if not outcome.problems else "BAD"
            print(f"{mark} {behaviour.name:32} {outcome.case_id:12} {outcome.verdict.value:13} "
                  f"{outcome.seconds:5.1f} s  {outcome.reason[:120]}")
            for problem in outcome.problems:
                print(f"      {problem[:300]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
