"""The pytest plugin: runs octt-py cases under pytest, with pytest's own selection and output.

``pytest testcases --pics my-charger.toml`` runs the cases for the DUT the PICS describes;
``pytest testcases --reference`` runs both sides against the bundled reference DUTs. Verdicts map
onto pytest outcomes so ``-k``, ``-m``, ``-x``, ``--junitxml`` and exit codes work as usual:
pass → passed, not applicable → skipped (with the PICS reason), fail / inconclusive / error →
failed, with the verdict named first in the message.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from octt_py.campaign import Campaign
from octt_py.results import CaseResult
from octt_py.pics import PicsError, SutSide, load_pics
from octt_py.testcase import MARKERS, SIDE_MARKERS, Case
from octt_py.validation import Variant
from octt_py.verdict import Verdict

campaign_key = pytest.StashKey[Campaign]()
report_key = pytest.StashKey[list[str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("octt", "octt-py OCPP 1.6 conformance harness")
    group.addoption("--pics", action="append", default=[], metavar="FILE",
                    help="PICS of the device under test (once per DUT side)")
    group.addoption("--reference", nargs="?", const="both", default=None,
                    choices=("both", "charge-point", "csms"),
                    help="run against the bundled reference DUT(s) instead of a real device")
    group.addoption("--fault", action="append", default=[], metavar="NAME",
                    help="switch on a planted fault in the reference DUT (see `octt faults`)")
    group.addoption("--results", default="reports", metavar="DIR",
                    help="where results.jsonl is written (default: reports)")
    group.addoption("--octt-strict", action="store_true", default=False, dest="octt_strict",
                    help="extended findings (checks beyond the official step tables) fail the case "
                    "(octt run --strict)")
    group.addoption("--schemas", default=Variant.CORRECTED.value,
                    choices=[v.value for v in Variant],
                    help="OCPP 1.6 schema set: the OCA originals or with the errata overlay")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "octt_case(case_id): an official OCPP 1.6 test case")
    for name in [*MARKERS.values(), *SIDE_MARKERS.values()]:
        config.addinivalue_line("markers", f"{name}: octt-py cases of this profile or DUT side")
    options = config.option
    if not options.pics and not options.reference:
        return
    try:
        pics = [load_pics(path) for path in options.pics]
    except PicsError as exc:
        raise pytest.UsageError(str(exc)) from None
    reference = {
        "both": [SutSide.CHARGE_POINT, SutSide.CSMS],
        "charge-point": [SutSide.CHARGE_POINT],
        "csms": [SutSide.CSMS],
    }.get(options.reference or "", [])
    # pytest-xdist gives each worker its own ``workerinput``; the environment variable would also
    # be inherited by pytest sessions a worker starts itself.
    worker = getattr(config, "workerinput", {}).get("workerid")
    results_dir = Path(options.results)
    if worker is None:
        for old in results_dir.glob("results*.jsonl"):
            old.unlink()
    name = f"results-{worker}.jsonl" if worker else "results.jsonl"
    config.stash[campaign_key] = Campaign(
        pics=pics,
        reference=reference,
        faults=options.fault,
        results=results_dir / name,
        variant=Variant(options.schemas),
        strict=options.octt_strict,
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep only the cases for the DUT side(s) under test; without a DUT, say what is missing."""
    campaign = config.stash.get(campaign_key, None)
    selected, deselected = [], []
    for item in items:
        declared = _case_of(item)
        if declared is None:
            selected.append(item)
        elif campaign is None:
            item.add_marker(pytest.mark.skip(reason="no DUT configured: pass --pics FILE or --reference"))
            selected.append(item)
        elif declared.sut in campaign.sides:
            selected.append(item)
        else:
            deselected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session")
def octt(request: pytest.FixtureRequest) -> _PytestRunner:
    campaign = request.config.stash.get(campaign_key, None)
    if campaign is None:
        pytest.skip("no DUT configured: pass --pics FILE or --reference")
    return _PytestRunner(campaign)


class _PytestRunner:
    def __init__(self, campaign: Campaign) -> None:
        self._campaign = campaign
        self.results: dict[str, CaseResult] = {}  # by case id, for the JUnit properties

    def run_for_pytest(self, case: Case) -> None:
        result = self._campaign.run(case)
        self.results[case.case_id] = result
        message = f"{result.verdict.value.upper()}: {result.reason}"
        if result.verdict is Verdict.PASS:
            return
        if result.verdict is Verdict.NOT_APPLICABLE:
            pytest.skip(f"not applicable: {result.reason}")
        pytest.fail(message, pytrace=False)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the report on the controller once every case has finished (xdist workers only
    write their own results file); the terminal summary then prints where it is."""
    config = session.config
    campaign = config.stash.get(campaign_key, None)
    if campaign is None or campaign.results is None or hasattr(config, "workerinput"):
        return
    config.stash[report_key] = _write_report(campaign.results.path.parent)


def _write_report(results_dir: Path) -> list[str]:
    if not any(results_dir.glob("results*.jsonl")):
        return []
    try:
        from octt_py.report import render

        paths = render(results_dir)
    except Exception as exc:  # noqa: BLE001 - a broken report must never change the run's outcome
        return [f"report: could not be written: {exc!r}"]
    lines = [f"report: {paths.html}"]
    if paths.pdf is not None:
        lines.append(f"report: {paths.pdf}")
    elif paths.pdf_problem:
        lines.append(f"report: no PDF ({paths.pdf_problem})")
    return lines


def pytest_unconfigure(config: pytest.Config) -> None:
    campaign = config.stash.get(campaign_key, None)
    if campaign is not None:
        campaign.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    from octt_py.report.collect import collect
    from octt_py.report.model import profile_verdict

    campaign = config.stash.get(campaign_key, None)
    report = config.stash.get(report_key, [])
    if campaign is None or campaign.results is None:
        return
    # Under xdist the verdicts live in the workers' results files, so read what is on disk.
    folder = campaign.results.path.parent
    try:
        records = collect(folder)
    except FileNotFoundError:
        return
    terminalreporter.section("octt-py verdicts per feature profile")
    by_profile: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for record in records.cases:
        by_profile[(str(record["sut"]), str(record["profile"]))][str(record["verdict"])] += 1
    for (sut, profile), counts in sorted(by_profile.items()):
        overall = profile_verdict(counts.elements()).value
        detail = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
        terminalreporter.write_line(f"{sut:13} {profile:26} {overall:12} ({detail})")
    terminalreporter.write_line("results: " + ", ".join(str(path) for path in records.files))
    for line in report:
        terminalreporter.write_line(line)
    _extended_summary(terminalreporter, records.cases, campaign.strict)


# -- extended findings: the checks beyond the official step tables ---------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> object:
    """Each extended finding of a case becomes a JUnit property of its test (passing ones too)."""
    try:
        return (yield)
    finally:
        declared = _case_of(item)
        runner = item.funcargs.get("octt") if isinstance(item, pytest.Function) else None
        result = runner.results.get(declared.case_id) if declared and isinstance(runner, _PytestRunner) else None
        for finding in result.trace.extended_findings() if result is not None else ():
            item.user_properties.append(
                ("octt extended finding", f"{finding.rule} ({finding.severity}): {finding.message}")
            )


def _extended_summary(
    terminalreporter: pytest.TerminalReporter, cases: list[dict[str, object]], strict: bool
) -> None:
    """How many extended findings each rule gave, in how many cases."""
    findings: Counter[tuple[str, str]] = Counter()
    cases_with: dict[tuple[str, str], set[str]] = defaultdict(set)
    for record in cases:
        for finding in record.get("findings") or ():  # type: ignore[union-attr]
            if isinstance(finding, dict) and finding.get("extended"):
                key = (str(finding.get("rule")), str(finding.get("severity")))
                findings[key] += 1
                cases_with[key].add(str(record.get("case_id")))
    effect = "they fail their cases (--strict)" if strict else "they fail a case only under --strict"
    terminalreporter.section(f"octt-py extended findings: {effect}")
    if not findings:
        terminalreporter.write_line("none")
        return
    for (rule, severity), count in sorted(findings.items()):
        n = len(cases_with[(rule, severity)])
        terminalreporter.write_line(f"{rule:40} {severity:8} {count} in {n} case{'s' if n != 1 else ''}")


def _case_of(item: pytest.Item) -> Case | None:
    function = getattr(item, "function", None)
    declared = getattr(function, "case", None)
    return declared if isinstance(declared, Case) else None
