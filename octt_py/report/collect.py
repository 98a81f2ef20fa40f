"""Gathering one run's records: every ``results*.jsonl`` of a results folder, merged.

pytest-xdist workers each write ``results-gwN.jsonl`` next to the controller's
``results.jsonl``, and an interrupted run leaves a torn last line; the report covers whatever
finished, whichever file it landed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from octt_py.results import read_results


@dataclass(frozen=True)
class Records:
    """Run headers and case records of one run, cases in report order."""

    files: tuple[Path, ...]
    runs: tuple[dict[str, Any], ...]
    cases: tuple[dict[str, Any], ...]


def results_files(source: Path) -> list[Path]:
    """``source`` itself when it is a file, else the ``results*.jsonl`` files in it."""
    if source.is_file():
        return [source]
    return sorted(source.glob("results*.jsonl"))


def collect(source: Path) -> Records:
    """Read and merge the results files of ``source`` (a results folder or one file).

    A case that appears more than once (a file re-read, a retried case) counts once, with the
    record that started last.
    """
    files = results_files(source)
    if not files:
        raise FileNotFoundError(f"no results*.jsonl in {source}")
    runs: list[dict[str, Any]] = []
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    amendments: list[dict[str, Any]] = []
    for path in files:
        file_runs, file_cases = read_results(path)
        runs += file_runs
        for case in file_cases:
            if case.get("type") == "amend":
                amendments.append(case)
            if case.get("type") != "case" or not case.get("case_id"):
                continue
            key = (str(case.get("sut", "")), str(case["case_id"]))
            if key not in latest or str(case.get("started", "")) >= str(
                latest[key].get("started", "")
            ):
                latest[key] = case
    runs.sort(key=lambda run: str(run.get("started", "")))
    by_id = {case_id: case for (_, case_id), case in latest.items()}
    for amendment in amendments:
        case = by_id.get(str(amendment.get("case_id")))
        if case is not None and isinstance(amendment.get("finding"), dict):
            latest[(str(case.get("sut", "")), str(case["case_id"]))] = amended(case, amendment)
    cases = sorted(latest.values(), key=lambda case: case_order(str(case["case_id"])))
    return Records(tuple(files), tuple(runs), tuple(cases))


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
