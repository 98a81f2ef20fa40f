"""The ``octt`` command: run the suite, write a PICS template, start a reference DUT, list faults,
render the report.

``octt run`` is pytest with the official cases as its test paths, so everything after the
octt options is handed to pytest unchanged (``octt run --reference -k TC_003 --junitxml j.xml``).
It runs with octt-py's own pytest settings (``run.ini``), never with those of the folder it is
started in: a project's ``filterwarnings = error`` or ``addopts`` is not the lab's run.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import sys
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from octt_py.pics import SutSide, template


def _testcases() -> Path:
    """Where the official cases are installed, found without importing them: pytest must be
    the first to import them, to rewrite their asserts."""
    spec = importlib.util.find_spec("testcases")
    assert spec is not None and spec.submodule_search_locations, "octt-py is installed without testcases"
    return Path(spec.submodule_search_locations[0]).resolve()


TESTCASES = _testcases()
RUN_SETTINGS = files("octt_py") / "run.ini"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="octt", description="OCPP 1.6 conformance test harness")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the official cases (pytest options may follow)")
    run.add_argument("--pics", action="append", default=[], metavar="FILE", help="PICS of the DUT")
    run.add_argument("--reference", nargs="?", const="both", choices=("both", "charge-point", "csms"),
                     help="test the bundled reference DUT(s)")
    run.add_argument("--fault", action="append", default=[], metavar="NAME", help="planted fault to switch on")
    run.add_argument("--results", default="reports", metavar="DIR",
                     help="output folder (default: reports); earlier results in it are kept and "
                     "merged, the latest verdict per case winning")
    run.add_argument("--fresh", action="store_true", help="delete earlier results in --results first")
    run.add_argument("--port", type=int, metavar="N",
                     help="listen for the charge point DUT on port N (overrides connection.listen_port)")
    run.add_argument("--no-pdf", action="store_true", help="write report.html only")
    run.add_argument("--strict", action="store_true",
                     help="extended findings (checks beyond the official step tables) fail the case")
    run.add_argument("--keep-secrets", action="store_true",
                     help="keep the run's secrets (passwords, AuthorizationKey, file-server "
                     "credentials, private keys) in results.jsonl, for a lab that needs the raw "
                     "frames; the terminal, JUnit and the reports stay scrubbed")

    pics = commands.add_parser("pics", help="PICS files")
    pics_commands = pics.add_subparsers(dest="pics_command", required=True)
    init = pics_commands.add_parser("init", help="write a commented PICS template")
    init.add_argument("--side", choices=[s.value for s in SutSide], default=SutSide.CHARGE_POINT.value)
    init.add_argument("-o", "--output", default="-", help="file to write (default: standard output)")
    check = pics_commands.add_parser("check", help="check PICS files without running: errors and warnings")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--cases", action="store_true",
                       help="also list every case of the PICS's side: applies, or why not")

    reference = commands.add_parser("reference", help="run a bundled reference DUT as a process")
    reference_commands = reference.add_subparsers(dest="dut", required=True)
    from octt_py.reference.charge_point import cli as charge_point_cli
    from octt_py.reference.csms import cli as csms_cli

    charge_point_cli.add_arguments(reference_commands.add_parser("charge-point", help="reference charge point"))
    csms_cli.add_arguments(reference_commands.add_parser("csms", help="reference CSMS"))

    report = commands.add_parser("report", help="render report.html and report.pdf from results")
    report.add_argument("results", nargs="+",
                        help="results folders (every results*.jsonl in each) or results files; "
                        "several are merged, the latest verdict per case winning")
    report.add_argument("--no-pdf", action="store_true", help="write report.html only")
    report.add_argument("-o", "--output", metavar="DIR",
                        help="where to write (default: the first results folder)")

    commands.add_parser("rules", help="print the extended rules (checks beyond the step tables) as Markdown")

    faults = commands.add_parser("faults", help="the planted faults of the reference DUTs")
    faults.add_argument("--table", action="store_true", help="print the fault → catching cases table (Markdown)")

    args, rest = parser.parse_known_args(argv)
    if args.command == "run":
        return _run(args, rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "pics":
        return _pics_check(args) if args.pics_command == "check" else _pics_init(args)
    if args.command == "report":
        return _report(args)
    if args.command == "rules":
        from octt_py.checks.rules import rules_table

        print(rules_table(), end="")
        return 0
    if args.command == "reference":
        module = charge_point_cli if args.dut == "charge-point" else csms_cli
        try:
            return asyncio.run(module.run(args))
        except KeyboardInterrupt:
            return 130
    return _faults(args)


def _run(args: argparse.Namespace, pytest_args: list[str]) -> int:
    if not args.pics and not args.reference:
        print("octt run: give --pics FILE for your DUT, or --reference for the bundled ones", file=sys.stderr)
        return 2
    argv = ["--results", args.results]
    for path in args.pics:
        argv += ["--pics", path]
    if args.reference:
        argv += ["--reference", args.reference]
    for fault in args.fault:
        argv += ["--fault", fault]
    if args.port is not None:
        argv += ["--port", str(args.port)]
    argv += ["--fresh"] * args.fresh + ["--no-pdf"] * args.no_pdf + ["--octt-strict"] * args.strict
    argv += ["--keep-secrets"] * args.keep_secrets
    argv += _sides_in_parallel(args, pytest_args)
    with as_file(RUN_SETTINGS) as settings:
        isolated = ["-c", str(settings), "--rootdir", str(TESTCASES.parent),
                    "--confcutdir", str(TESTCASES), "-p", "no:cacheprovider"]
        return int(pytest.main([str(TESTCASES), *isolated, *argv, *pytest_args]))


def _sides_in_parallel(args: argparse.Namespace, pytest_args: list[str]) -> list[str]:
    """The reference DUTs' cases on two pytest-xdist workers, each with reference DUTs of its
    own. Only for the reference DUTs, whose operator is programmatic: a lab's operator answers
    prompts on one terminal. ``-n 0`` (or any ``-n`` the user gives) decides instead."""
    chosen = any(a.startswith(("-n", "--numprocesses", "--dist")) for a in pytest_args)
    if args.reference != "both" or args.pics or chosen:
        return []
    if importlib.util.find_spec("xdist") is None:
        return []
    return ["-n", "2"]


def _pics_init(args: argparse.Namespace) -> int:
    text = template(SutSide(args.side))
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


def _pics_check(args: argparse.Namespace) -> int:
    """Errors (exit status 1) and warnings of each PICS, then how many cases it lets run."""
    from octt_py.operator import operator_from_settings
    from octt_py.pics.check import check_file
    from octt_py.testcase import discover

    failed = False
    for path in args.files:
        result = check_file(path)
        errors = list(result.errors)
        if result.pics is not None:
            try:  # as the run will build it: a callable that does not import is an error now
                operator_from_settings(result.pics.operator, Path(path).resolve().parent)
            except ValueError as exc:
                errors.append(f"{path}: operator: {exc}")
        for line in (*errors, *result.warnings):
            print(line)
        if result.pics is None or errors:
            failed = True
            continue
        cases = [c for c in discover() if c.sut is result.pics.side]
        ruled_out = {c.case_id: why for c in cases if (why := c.not_applicable_because(result.pics))}
        print(f"{path}: a {result.pics.side} PICS; {len(cases) - len(ruled_out)} of {len(cases)} "
              f"cases apply, {len(ruled_out)} not applicable"
              + ("" if args.cases else " (--cases lists them)"))
        if args.cases:
            for case in cases:
                why = ruled_out.get(case.case_id)
                print(f"  {case.case_id:15} {'applies' if why is None else 'not applicable: ' + why}")
    return 1 if failed else 0


def _report(args: argparse.Namespace) -> int:
    """Re-render the report, e.g. of a run that was interrupted: whatever finished is in it."""
    from octt_py.report import render

    output = Path(args.output) if args.output else None
    try:
        paths = render([Path(r) for r in args.results], pdf=not args.no_pdf, out_dir=output)
    except FileNotFoundError as exc:
        print(f"octt report: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {paths.html}")
    if paths.pdf is not None:
        print(f"wrote {paths.pdf}")
    elif paths.pdf_problem:
        print(paths.pdf_problem, file=sys.stderr)
    return 0


def _faults(args: argparse.Namespace) -> int:
    from octt_py.reference.catalogue import faults_of
    from testcases.proofs import fault_table

    if args.table:
        sys.stdout.write(fault_table())
        return 0
    for dut in ("charge-point", "csms"):
        for fault in faults_of(dut):
            print(f"{dut:13} {fault.name:36} {fault.family:14} {fault.description}")
    print(fault_table().rstrip().splitlines()[-1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
