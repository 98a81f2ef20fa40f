"""Gathering the records to report on: every ``results*.jsonl`` of one or more results folders
(or files), merged, the latest verdict of each case winning.

pytest-xdist workers each write ``results-gwN.jsonl`` next to the controller's
``results.jsonl``, and an interrupted run leaves a torn last line; the report covers whatever
finished, whichever file it landed in. A folder keeps the results of earlier runs (``octt run
-k`` to re-run a few cases adds to them), and ``octt report`` may be given several folders: each
record names its run, so the report can say which run each verdict comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from octt_py.results import read_results


@dataclass(frozen=True)
class RunSource:
    """One run that gave the merged report at least one verdict."""

    run: str  # the run's id (when it started); for records older than run ids, their folder
    label: str  # "1", "2", ... in the order the runs started
    started: str
    files: tuple[Path, ...]
    cases: int  # verdicts of the report that come from this run


@dataclass(frozen=True)
class Records:
    """Run headers and case records, cases in report order, each case tagged with its run."""

    files: tuple[Path, ...]
    runs: tuple[dict[str, Any], ...]
    cases: tuple[dict[str, Any], ...]
    sources: tuple[RunSource, ...] = ()

    def source_of(self, case: dict[str, Any]) -> RunSource | None:
        return next((s for s in self.sources if s.run == case.get("run")), None)


def results_files(source: Path) -> list[Path]:
    """``source`` itself when it is a file, else the ``results*.jsonl`` files in it."""
    if source.is_file():
        return [source]
    return sorted(source.glob("results*.jsonl"))


def collect(sources: Path | Sequence[Path]) -> Records:
    """Read and merge the results files of ``sources`` (results folders or files).

    A case that appears more than once (an earlier run, a retried case, a file read twice)
    counts once, with the record that started last.
    """
    roots = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
    files = list(dict.fromkeys(path for root in roots for path in results_files(root)))
    if not files:
        raise FileNotFoundError(f"no results*.jsonl in {', '.join(map(str, roots))}")
    runs: list[dict[str, Any]] = []
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    run_files: dict[str, list[Path]] = {}
    amendments: list[dict[str, Any]] = []
    for path in files:
        file_runs, file_cases = read_results(path)
        legacy = str(path.parent)  # records written before each one named its run
        runs += [{**run, "run": run.get("run") or legacy} for run in file_runs]
        for record in [*file_runs, *file_cases]:
            in_file = run_files.setdefault(str(record.get("run") or legacy), [])
            if path not in in_file:
                in_file.append(path)
        for case in file_cases:
            if case.get("type") == "amend":
                amendments.append({**case, "run": case.get("run") or legacy})
            if case.get("type") != "case" or not case.get("case_id"):
                continue
            case = {**case, "run": case.get("run") or legacy}
            key = (str(case.get("sut", "")), str(case["case_id"]))
            if key not in latest or str(case.get("started", "")) >= str(
                latest[key].get("started", "")
            ):
                latest[key] = case
    runs.sort(key=lambda run: str(run.get("started", "")))
    by_id = {case_id: case for (_, case_id), case in latest.items()}
    for amendment in amendments:
        target = by_id.get(str(amendment.get("case_id")))
        if target is None or target["run"] != amendment["run"]:  # not an older run's verdict
            continue
        if isinstance(amendment.get("finding"), dict):
            latest[(str(target.get("sut", "")), str(target["case_id"]))] = amended(target, amendment)
    cases = sorted(latest.values(), key=lambda case: case_order(str(case["case_id"])))
    return Records(tuple(files), tuple(runs), tuple(cases), _sources(runs, cases, run_files))


def _sources(
    runs: Iterable[dict[str, Any]], cases: Sequence[dict[str, Any]], files: dict[str, list[Path]]
) -> tuple[RunSource, ...]:
    """The runs the merged verdicts come from, labelled in the order they started."""
    started: dict[str, str] = {}
    for record in [*runs, *cases]:
        run = str(record["run"])
        moment = str(record.get("started", ""))
        if run not in started or (moment and moment < started[run]):
            started[run] = moment
    counts: dict[str, int] = {}
    for case in cases:
        counts[str(case["run"])] = counts.get(str(case["run"]), 0) + 1
    ordered = sorted(counts, key=lambda run: (started[run], run))
    return tuple(
        RunSource(run, str(n), started[run], tuple(files[run]), counts[run])
        for n, run in enumerate(ordered, start=1)
    )


def amended(case: dict[str, Any], amendment: dict[str, Any]) -> dict[str, Any]:
    """A case record with a finding that arrived after the case ended (a late reply to one of
    its CALLs, seen while a later case ran): an official one fails a case that had passed."""
    finding = {**amendment["finding"], "case": ""}
    noted = str(amendment.get("noted_in", "a later case"))
    record = {**case, "findings": [*case.get("findings", []), finding]}
    message = f"after the case (seen in {noted}): {finding.get('kind')} nonconformance: {finding.get('message')}"
    if not finding.get("extended") and record.get("verdict") in ("pass", "inconclusive"):
        record["verdict"], record["reason"] = "fail", message
    return record


def case_order(case_id: str) -> tuple[int, ...]:
    """TC_004_1_CS before TC_010_CS: official ids sort by their numbers, not as text."""
    return tuple(int(number) for number in re.findall(r"\d+", case_id))
