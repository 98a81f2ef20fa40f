"""The pytest plugin: runs octt-py cases under pytest, with pytest's own selection and output.

``pytest testcases --pics my-charger.toml`` runs the cases for the DUT the PICS describes;
``pytest testcases --reference`` runs both sides against the bundled reference DUTs. Verdicts map
onto pytest outcomes so ``-k``, ``-m``, ``-x``, ``--junitxml`` and exit codes work as usual:
pass → passed, not applicable → skipped (with the PICS reason), fail / inconclusive / error →
failed, with the verdict named first in the message.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from octt_py.campaign import Campaign, CampaignError
from octt_py.pics import Pics, PicsError, SutSide, load_pics
from octt_py.results import SHARED_FILE, CaseResult
from octt_py.secrets import RUN as RUN_SECRETS
from octt_py.spelling import did_you_mean, marker_names
from octt_py.testcase import MARKERS, SIDE_MARKERS, Case
from octt_py.trace import wall_clock
from octt_py.validation import Variant
from octt_py.verdict import Verdict

campaign_key = pytest.StashKey[Campaign]()
report_key = pytest.StashKey[list[str]]()
notes_key = pytest.StashKey[list[str]]()
run_key = pytest.StashKey[str]()


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
                    help="where results.jsonl is written (default: reports); earlier results in "
                    "it are kept and merged, the latest verdict per case winning")
    group.addoption("--fresh", action="store_true",
                    help="delete the earlier results in the --results folder first")
    group.addoption("--port", type=int, default=None, metavar="N",
                    help="listen for the charge point on port N (overrides connection.listen_port)")
    group.addoption("--no-pdf", action="store_true", help="write report.html only, no report.pdf")
    group.addoption("--octt-strict", action="store_true", default=False, dest="octt_strict",
                    help="extended findings (checks beyond the official step tables) fail the case "
                    "(octt run --strict)")
    group.addoption("--keep-secrets", action="store_true", default=False, dest="octt_keep_secrets",
                    help="write the run's secrets (passwords, AuthorizationKey, file-server "
                    "credentials, private keys) into results.jsonl unscrubbed, for a lab that needs "
                    "the raw frames; the terminal, JUnit and the reports stay scrubbed")
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
    reference = {
        "both": [SutSide.CHARGE_POINT, SutSide.CSMS],
        "charge-point": [SutSide.CHARGE_POINT],
        "csms": [SutSide.CSMS],
    }.get(options.reference or "", [])
    try:
        pics = [load_pics(path) for path in options.pics]
    except PicsError as exc:
        raise pytest.UsageError(str(exc)) from None
    pics = _with_port(pics, options.port)
    _check_faults(options.fault, reference)
    _check_markers(config)
    # pytest-xdist gives each worker its own ``workerinput``; the environment variable would also
    # be inherited by pytest sessions a worker starts itself.
    workerinput: dict[str, Any] = getattr(config, "workerinput", {})
    worker = workerinput.get("workerid")
    results_dir = Path(options.results)
    if worker is None:
        config.stash[run_key] = wall_clock()
        if options.fresh:
            for old in results_dir.glob("results*.jsonl"):
                old.unlink()
        config.stash[notes_key] = _addresses(pics) + _pdf_notes(options.no_pdf)
    name = f"results-{worker}.jsonl" if worker and not SHARED_FILE else "results.jsonl"
    config.stash[campaign_key] = Campaign(
        pics=pics,
        reference=reference,
        faults=options.fault,
        results=results_dir / name,
        variant=Variant(options.schemas),
        strict=options.octt_strict,
        run=workerinput.get("octt_run") or config.stash[run_key],
        keep_secrets=options.octt_keep_secrets,
    )


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """pytest-xdist in a run with a device of the lab's: one worker per DUT side
    (``parallel.BySide``). The bundled reference DUTs are started by each worker for itself,
    so their cases may go to any worker (xdist's own scheduling)."""
    campaign = config.stash.get(campaign_key, None)
    if campaign is None or campaign.sides <= campaign.reference:
        return None
    from octt_py.parallel import BySide

    return BySide(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: every worker records the controller's run, so the run reads as one."""
    if run_key in node.config.stash:
        node.workerinput["octt_run"] = node.config.stash[run_key]


def _with_port(pics: list[Pics], port: int | None) -> list[Pics]:
    """``--port`` overrides where the harness listens for a charge point DUT."""
    if port is None:
        return pics
    if not 0 <= port <= 65535:
        raise pytest.UsageError(f"--port {port}: a TCP port is 0 to 65535")
    if not any(p.side is SutSide.CHARGE_POINT for p in pics):
        raise pytest.UsageError(
            "--port sets where the harness listens for a charge point (connection.listen_port); "
            "give the charge point's PICS with --pics"
        )
    return [
        dataclasses.replace(p, connection=dataclasses.replace(p.connection, listen_port=port))
        if p.side is SutSide.CHARGE_POINT else p
        for p in pics
    ]


def _check_faults(faults: list[str], reference: list[SutSide]) -> None:
    """A fault name that does not exist, or belongs to a reference DUT not under test, would
    leave the run testing something else than asked: refuse it."""
    from octt_py.reference.catalogue import faults_of

    if faults and not reference:
        raise pytest.UsageError("--fault plants a fault in a bundled reference DUT: add --reference")
    by_side = {side: {f.name for f in faults_of(side.value)} for side in SutSide}
    problems = []
    for name in faults:
        owner = next((side for side, names in by_side.items() if name in names), None)
        if owner is None:
            known = by_side[SutSide.CHARGE_POINT] | by_side[SutSide.CSMS]
            problems.append(f"--fault {name}: no such fault{did_you_mean(name, known)}; "
                            "`octt faults` lists them")
        elif owner not in reference:
            problems.append(f"--fault {name}: a fault of the reference {owner}, which this run "
                            f"does not test (--reference {owner} or both)")
    if problems:
        raise pytest.UsageError("\n".join(problems))


def _check_markers(config: pytest.Config) -> None:
    """``-m`` with a marker no case carries selects nothing, or everything: refuse it."""
    expression = config.option.markexpr
    if not expression:
        return
    known = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    for name in marker_names(expression):
        if name not in known:
            octt = sorted([*MARKERS.values(), *SIDE_MARKERS.values()])
            raise pytest.UsageError(
                f"-m {expression!r}: unknown marker {name!r}{did_you_mean(name, known)}; "
                f"octt-py's markers are {', '.join(octt)} (select case ids with -k)"
            )


def _addresses(pics: list[Pics]) -> list[str]:
    """Where the two sides meet, said before the first case waits for them."""
    lines = []
    for p in pics:
        connection, identity = p.connection, p.identity.charge_point_id
        if p.side is SutSide.CHARGE_POINT:
            scheme = "wss" if connection.security_profile >= 2 else "ws"
            where = f"{scheme}://{connection.listen_host}:{connection.listen_port}{connection.path}"
            lines.append(f"octt-py: your charge point connects to {where}/{identity} "
                         "(connection.listen_host, listen_port, path)")
        else:
            lines.append(f"octt-py: the emulated charge point connects to "
                         f"{connection.csms_url}/{identity} (connection.csms_url)")
    return lines


def _pdf_notes(no_pdf: bool) -> list[str]:
    """Check the PDF renderer before the run: a machine that cannot draw report.pdf stops now,
    with what to install, instead of after every case has run."""
    if no_pdf:
        return []
    from octt_py.report.renderer import check_pdf_renderer

    renderer = check_pdf_renderer()
    if renderer.missing:
        raise pytest.UsageError(f"octt: {renderer.missing}")
    return [f"octt-py: report.pdf: {renderer.note}"] if renderer.note else []


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [RUN_SECRETS.text(line) for line in config.stash.get(notes_key, [])]


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
        try:
            result = self._campaign.run(case)
        except CampaignError as exc:  # the harness cannot face the DUT at all: stop the run
            pytest.exit(RUN_SECRETS.text(f"octt: {exc}"), returncode=pytest.ExitCode.USAGE_ERROR)
        self.results[case.case_id] = result
        reason = RUN_SECRETS.text(result.reason)  # the terminal and JUnit show it
        message = f"{result.verdict.value.upper()}: {reason}"
        if result.verdict is Verdict.PASS:
            return
        if result.verdict is Verdict.NOT_APPLICABLE:
            pytest.skip(f"not applicable: {reason}")
        pytest.fail(message, pytrace=False)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the report on the controller once every case has finished (xdist workers only
    write their own results file); the terminal summary then prints where it is."""
    config = session.config
    campaign = config.stash.get(campaign_key, None)
    if campaign is None or campaign.results is None or hasattr(config, "workerinput"):
        return
    config.stash[report_key] = _write_report(
        campaign.results.path.parent, pdf=not config.option.no_pdf
    )


def _write_report(results_dir: Path, pdf: bool = True) -> list[str]:
    if not any(results_dir.glob("results*.jsonl")):
        return []
    try:
        from octt_py.report import render

        paths = render(results_dir, pdf=pdf)
    except Exception as exc:  # noqa: BLE001 - a broken report must never change the run's outcome
        why = RUN_SECRETS.text(f"{type(exc).__name__}: {exc}")
        return [f"report: {results_dir / 'report.html'} could not be written: {why}"]
    lines = [f"report: {paths.html}"]
    if paths.pdf is not None:
        lines.append(f"report: {paths.pdf}")
    elif paths.pdf_problem:
        lines.append(f"report: {paths.pdf_problem}")
    return lines


def pytest_unconfigure(config: pytest.Config) -> None:
    campaign = config.stash.get(campaign_key, None)
    if campaign is not None:
        campaign.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    from octt_py.report.collect import collect
    from octt_py.report.profiles import certificate_group, profile_verdict

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
        group = certificate_group(str(record["profile"]), str(record["case_id"]))
        by_profile[(str(record["sut"]), group)][str(record["verdict"])] += 1
    for (sut, profile), counts in sorted(by_profile.items()):
        overall = profile_verdict(counts.elements()).value
        detail = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
        terminalreporter.write_line(f"{sut:13} {profile:26} {overall:12} ({detail})")
    terminalreporter.write_line("results: " + ", ".join(str(path) for path in records.files))
    kept = [s for s in records.sources if s.run != campaign.run_id]
    if kept:
        earlier = sum(s.cases for s in kept)
        terminalreporter.write_line(
            f"merged: {_count(len(records.cases) - earlier, 'verdict')} from this run, {earlier} "
            f"kept from {_count(len(kept), 'earlier run')} in {folder} (--fresh starts over)"
        )
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
                ("octt extended finding",
                 RUN_SECRETS.text(f"{finding.rule} ({finding.severity}): {finding.message}"))
            )


def _extended_summary(
    terminalreporter: pytest.TerminalReporter, cases: Sequence[dict[str, Any]], strict: bool
) -> None:
    """How many extended findings each rule gave, in how many cases."""
    findings: Counter[tuple[str, str]] = Counter()
    cases_with: dict[tuple[str, str], set[str]] = defaultdict(set)
    for record in cases:
        for finding in record.get("findings") or ():
            if isinstance(finding, dict) and finding.get("extended"):
                key = (str(finding.get("rule")), str(finding.get("severity")))
                findings[key] += 1
                cases_with[key].add(str(record.get("case_id")))
    effect = "they fail their cases (--strict or [verdicts] strict)" if strict else "they fail a case only under --strict"
    terminalreporter.section(f"octt-py extended findings: {effect}")
    if not findings:
        terminalreporter.write_line("none")
        return
    for (rule, severity), count in sorted(findings.items()):
        n = len(cases_with[(rule, severity)])
        terminalreporter.write_line(f"{rule:40} {severity:8} {count} in {n} case{'s' if n != 1 else ''}")


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def _case_of(item: pytest.Item) -> Case | None:
    function = getattr(item, "function", None)
    declared = getattr(function, "case", None)
    return declared if isinstance(declared, Case) else None
