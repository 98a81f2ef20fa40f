"""The pytest plugin as a user meets it: options, verdict mapping, exit codes, the exact text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from octt_py.parallel import BySide

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


def test_an_unknown_fault_is_a_usage_error_naming_the_nearest_one(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--reference", "--fault", "boot_without_interval")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert result.stderr.lines[0] == (
        "ERROR: --fault boot_without_interval: no such fault (did you mean 'boot_accepted_interval_zero'?); "
        "`octt faults` lists them"
    )


def test_a_fault_of_a_side_not_under_test_or_without_reference_is_refused(
    pytester: pytest.Pytester,
) -> None:
    other_side = run(pytester, "--reference", "csms", "--fault", "no_heartbeat")
    assert other_side.ret == pytest.ExitCode.USAGE_ERROR
    assert other_side.stderr.lines[0] == (
        "ERROR: --fault no_heartbeat: a fault of the reference charge-point, which this run "
        "does not test (--reference charge-point or both)"
    )
    pics = pytester.makefile(".toml", pics='[dut]\nside = "csms"\nvendor = "V"\nmodel = "M"\n')
    no_reference = run(pytester, "--pics", str(pics), "--fault", "boot_rejected")
    assert no_reference.ret == pytest.ExitCode.USAGE_ERROR
    assert no_reference.stderr.lines[0] == (
        "ERROR: --fault plants a fault in a bundled reference DUT: add --reference"
    )


def test_an_unknown_marker_is_a_usage_error_naming_the_markers(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--reference", "-m", "core and not slow")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert result.stderr.lines[0] == (
        "ERROR: -m 'core and not slow': unknown marker 'slow'; octt-py's markers are charge_point, "
        "core, csms, firmware_management, local_auth_list_management, remote_trigger, "
        "reservation, security, smart_charging (select case ids with -k)"
    )
    typo = run(pytester, "--reference", "-m", "smart_chargin")
    assert "unknown marker 'smart_chargin' (did you mean 'smart_charging'?)" in typo.stderr.str()
    known = run(pytester, "--reference", "csms", "-m", "csms and remote_trigger", "-k", "TC_054")
    known.assert_outcomes(passed=1)


def test_a_port_in_use_stops_the_run_naming_the_pics_key(pytester: pytest.Pytester) -> None:
    import socket

    with socket.socket() as taken, socket.socket() as also_taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        also_taken.bind(("127.0.0.1", 0))
        also_taken.listen()
        port, other = taken.getsockname()[1], also_taken.getsockname()[1]
        pics = pytester.makefile(
            ".toml",
            pics=f'[dut]\nside = "charge-point"\nvendor = "V"\nmodel = "M"\n\n'
            f"[connection]\nlisten_port = {port}\n",
        )
        result = run(pytester, "--pics", str(pics), "-k", "TC_001_CS and not CSMS")
        overridden = run(pytester, "--pics", str(pics), "--port", str(other), "-k", "TC_001_CS and not CSMS")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines([(
        f"*octt: cannot listen for the charge point on 127.0.0.1:{port}: Address already in use. "
        f"Choose another address in {pics} (connection.listen_port, connection.listen_host) or "
        "pass octt run --port N*"
    )])
    assert overridden.ret == pytest.ExitCode.USAGE_ERROR
    overridden.stdout.fnmatch_lines([f"*cannot listen for the charge point on 127.0.0.1:{other}: *"])


def test_port_needs_a_charge_point_pics(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--reference", "csms", "--port", "9100")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert result.stderr.lines[0] == (
        "ERROR: --port sets where the harness listens for a charge point "
        "(connection.listen_port); give the charge point's PICS with --pics"
    )


def test_earlier_results_are_kept_and_merged_unless_fresh(pytester: pytest.Pytester) -> None:
    out = pytester.path / "out"
    run(pytester, "--reference", "csms", "-k", "TC_001_CSMS").assert_outcomes(passed=1)
    again = run(pytester, "--reference", "csms", "-k", "TC_003_CSMS")
    again.assert_outcomes(passed=1)
    again.stdout.fnmatch_lines([
        "csms*Core*Pass*(2 pass)",
        f"merged: 1 verdict from this run, 1 kept from 1 earlier run in {out} (--fresh starts over)",
    ])
    records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    runs = {r["run"] for r in records}
    assert len(runs) == 2 and all(r["run"] for r in records)
    fresh = run(pytester, "--reference", "csms", "-k", "TC_003_CSMS", "--fresh")
    fresh.stdout.fnmatch_lines(["csms*Core*Pass*(1 pass)"])
    assert "merged:" not in fresh.stdout.str()
    assert [r["type"] for r in map(json.loads, (out / "results.jsonl").read_text().splitlines())] == ["run", "case"]


def test_xdist_workers_record_one_run_in_one_file(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--reference", "-n", "2", "-k", "TC_001 or TC_003")
    result.assert_outcomes(passed=4)
    assert sorted(p.name for p in (pytester.path / "out").glob("results*.jsonl")) == ["results.jsonl"]
    records = [json.loads(line) for line in (pytester.path / "out" / "results.jsonl").read_text().splitlines()]
    assert len([r for r in records if r["type"] == "case"]) == 4 and len({r["run"] for r in records}) == 1
    assert "merged:" not in result.stdout.str()


@pytest.mark.parametrize(("nodeid", "scope"), [
    ("testcases/csms/core/TC_001_CSMS.py::test_TC_001_CSMS", "csms"),
    ("testcases/charge_point/core/TC_001_CS.py::test_TC_001_CS", "charge-point"),
    ("tests/test_other.py::test_x", "tests/test_other.py"),
])
def test_a_lab_device_sees_its_cases_from_one_worker(nodeid: str, scope: str) -> None:
    """With xdist and a real DUT, one worker per DUT side (octt_py/parallel.py)."""
    assert BySide._split_scope(object(), nodeid) == scope  # type: ignore[arg-type]


def test_the_header_says_where_the_charge_point_connects(pytester: pytest.Pytester) -> None:
    pics = pytester.makefile(
        ".toml",
        pics='[dut]\nside = "charge-point"\nvendor = "V"\nmodel = "M"\ncharge_point_id = "LAB7"\n',
    )
    result = run(pytester, "--pics", str(pics), "--port", "9123", "--collect-only", "--no-pdf")
    assert (
        "octt-py: your charge point connects to ws://127.0.0.1:9123/ocpp/LAB7 "
        "(connection.listen_host, listen_port, path)"
    ) in result.stdout.lines


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
        "*octt-py extended findings: they fail their cases (--strict or ?verdicts? strict)*",
        "boot.accepted-interval                   warning  1 in 1 case",
    ])


def test_a_pics_can_ask_for_strict_verdicts(pytester: pytest.Pytester) -> None:
    """``[verdicts] strict = true`` in a lab's PICS weighs as ``--strict`` does."""
    from octt_py.campaign import REFERENCE_PICS
    from octt_py.pics import SutSide

    text = REFERENCE_PICS[SutSide.CSMS].read_text(encoding="utf-8") + "\n[verdicts]\nstrict = true\n"
    pics = pytester.makefile(".toml", strict_csms=text)
    result = run(pytester, "--reference", "csms", "--pics", str(pics), "--fault", "boot_accepted_interval_zero",
                 "-k", "TC_001_CSMS")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*FAIL: extended consistency nonconformance: BootNotification.conf Accepted*"])


def test_a_clean_run_has_no_extended_finding(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--reference", "csms", "-k", "TC_001_CSMS")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*octt-py extended findings: they fail a case only under --strict*", "none"])
