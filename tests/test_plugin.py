"""The pytest plugin as a user meets it: options, verdict mapping, exit codes, the exact text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TESTCASES = str(Path(__file__).resolve().parents[1] / "testcases")
BASE = [TESTCASES, "-p", "no:cacheprovider", "-o", "python_files=TC_*.py"]


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(*BASE, "--results", str(pytester.path / "out"), *args)


def test_without_a_dut_every_case_says_what_is_missing(pytester: pytest.Pytester) -> None:
    result = run(pytester, "-k", "TC_001_CS and not CSMS", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*no DUT configured: pass --pics FILE or --reference*"])


def test_a_bad_pics_is_a_usage_error_naming_line_and_key(pytester: pytest.Pytester) -> None:
    pics = pytester.makefile(".toml", pics='[dut]\nside = "charge-point"\nvendor = "V"\nmodel = "M"\n\n[timing]\nheartbeat_interval = "sixty"\n')
    result = run(pytester, "--pics", str(pics))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(['*pics.toml:7: timing.heartbeat_interval: expected an integer number of seconds, got "sixty"*'])


def test_a_case_the_pics_rules_out_is_skipped_as_not_applicable(pytester: pytest.Pytester) -> None:
    pics = pytester.makefile(
        ".toml",
        pics='[dut]\nside = "charge-point"\nvendor = "V"\nmodel = "M"\n\n'
        '[configuration]\nMeterValueSampleInterval = { value = "60", readonly = true }\n',
    )
    result = run(pytester, "--pics", str(pics), "-k", "TC_021_CS", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*not applicable: the PICS declares MeterValueSampleInterval read-only*"])


def test_reference_run_passes_and_reports_per_profile(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--reference", "csms", "-k", "TC_001_CSMS or TC_003_CSMS")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*octt-py verdicts per feature profile*", "csms*Core*Pass*(2 pass)"])
    lines = (pytester.path / "out" / "results.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["type"] for r in records] == ["run", "case", "case"]
    assert {r["verdict"] for r in records[1:]} == {"pass"}


def test_a_planted_fault_fails_with_its_reason_and_exit_code_1(pytester: pytest.Pytester) -> None:
    junit = pytester.path / "junit.xml"
    result = run(pytester, "--reference", "csms", "--fault", "boot_rejected", "-k", "TC_001_CSMS",
                 f"--junitxml={junit}")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*FAIL: the CSMS answered BootNotification with status 'Rejected', not Accepted*"])
    assert "the CSMS answered BootNotification" in junit.read_text()


def test_an_unreachable_dut_is_inconclusive_not_failed(pytester: pytest.Pytester) -> None:
    pics = pytester.makefile(
        ".toml",
        pics='[dut]\nside = "csms"\nvendor = "V"\nmodel = "M"\n\n'
        '[connection]\ncsms_url = "ws://127.0.0.1:9/ocpp"\n\n[timing]\nreboot_timeout = 2\n',
    )
    result = run(pytester, "--pics", str(pics), "-k", "TC_001_CSMS")
    result.stdout.fnmatch_lines(["*INCONCLUSIVE: DUT unreachable: cannot connect to ws://127.0.0.1:9/ocpp/CP001*"])


INTERVAL_ZERO = ("boot.accepted-interval (warning): BootNotification.conf Accepted gives interval 0: with Accepted"
                 " the interval is the heartbeat interval, and 0 leaves the charge point without one")


def test_extended_findings_are_summed_up_and_are_junit_properties_of_passing_cases(
    pytester: pytest.Pytester,
) -> None:
    junit = pytester.path / "junit.xml"
    result = run(pytester, "--reference", "csms", "--fault", "boot_accepted_interval_zero", "-k",
                 "TC_001_CSMS or TC_003_CSMS", f"--junitxml={junit}")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines([
        "*octt-py extended findings: they fail a case only under --strict*",
        "boot.accepted-interval                   warning  2 in 2 cases",
    ])
    xml = junit.read_text()
    assert xml.count(f'<property name="octt extended finding" value="{INTERVAL_ZERO}" />') == 2


def test_under_strict_an_extended_finding_fails_its_case(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--reference", "csms", "--fault", "boot_accepted_interval_zero", "-k", "TC_001_CSMS",
                 "--octt-strict")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*FAIL: extended consistency nonconformance: BootNotification.conf Accepted gives interval 0*",
        "*octt-py extended findings: they fail their cases (--strict)*",
        "boot.accepted-interval                   warning  1 in 1 case",
    ])


def test_a_clean_run_has_no_extended_finding(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--reference", "csms", "-k", "TC_001_CSMS")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*octt-py extended findings: they fail a case only under --strict*", "none"])
