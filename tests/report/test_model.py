"""The report model: the certificate's verdict rule, the configuration comparison, the evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from octt_py.pics import REDACTED, SutSide
from octt_py.report.collect import collect
from octt_py.report.model import build, pretty_json
from octt_py.report.profiles import ProfileVerdict, profile_verdict

from .conftest import BASIC_PASSWORD, CP_AUTH_KEY, CSMS_AUTH_KEY


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        (["pass", "pass", "not_applicable"], ProfileVerdict.PASS),
        (["pass", "fail", "inconclusive"], ProfileVerdict.FAIL),
        (["pass", "inconclusive"], ProfileVerdict.INCONCLUSIVE),
        (["pass", "error"], ProfileVerdict.INCONCLUSIVE),
        (["not_applicable"], ProfileVerdict.NOT_TESTED),
        ([], ProfileVerdict.NOT_TESTED),
    ],
)
def test_a_profile_passes_only_when_every_applicable_case_passed(
    verdicts: list[str], expected: ProfileVerdict
) -> None:
    assert profile_verdict(verdicts) is expected


def test_profile_lines_follow_the_certificate(csms_results: Path) -> None:
    (part,) = build(collect(csms_results)).parts
    lines = {line.name: line for line in part.profiles}
    assert list(lines) == [
        "Core",
        "Firmware Management",
        "Smart Charging",
        "Reservation",
        "Local Authorization List Management",
        "Remote Trigger",
    ]  # no Security: not run
    assert lines["Core"].verdict is ProfileVerdict.FAIL
    assert lines["Reservation"].verdict is ProfileVerdict.NOT_TESTED
    assert lines["Reservation"].remark == "not declared in the PICS"
    assert lines["Remote Trigger"].remark == "no case run"
    assert dict(part.counts) == {
        "Pass": 2,
        "Fail": 2,
        "Inconclusive": 1,
        "Error": 0,
        "Not applicable": 2,
    }
    assert part.product_type == "Charging Station Management System"
    assert part.reference and part.faults == ("authorize_valid_as_invalid",)
    assert part.date == "March 2, 2026"


def test_both_sides_make_two_parts(
    csms_results: Path, charge_point_results: Path, tmp_path: Path
) -> None:
    for source in (csms_results / "results.jsonl", charge_point_results / "results-gw0.jsonl"):
        (tmp_path / f"results-{source.parent.name}.jsonl").write_text(source.read_text())
    report = build(collect(tmp_path))
    assert [p.side for p in report.parts] == [SutSide.CHARGE_POINT, SutSide.CSMS]
    assert report.title == "OCPP 1.6 test report — Wallbox X / Cloud CSMS"


def test_configuration_keys_read_from_the_device_against_the_pics(
    charge_point_results: Path,
) -> None:
    (part,) = build(collect(charge_point_results)).parts
    assert part.configuration_source == "TC_019_CS"
    rows = {row.key: row for row in part.configuration}
    assert rows["HeartbeatInterval"].device_value == "30"  # not the filtered read's 999
    assert rows["HeartbeatInterval"].pics_value == "60" and rows["HeartbeatInterval"].differs
    assert (
        rows["SupportedFeatureProfiles"].status == "same"
        and not rows["SupportedFeatureProfiles"].differs
    )
    assert (
        rows["AuthorizationKey"].device_value == REDACTED
        and rows["AuthorizationKey"].pics_value == REDACTED
    )
    assert not rows["AuthorizationKey"].differs
    assert rows["VendorSpecificKey"].status == "not declared in the PICS"
    assert rows["MeterValueSampleInterval"].status == "not reported by the device"


def test_settings_and_hardware_come_from_the_pics(charge_point_results: Path) -> None:
    (part,) = build(collect(charge_point_results)).parts
    settings = {s.name: s.value for s in part.settings}
    assert settings["Device supports sending milliseconds in timestamps"] == "No"
    assert settings["OCPP triggered function timeout"] == "1 s"
    hardware = {s.name: s.value for s in part.hardware}
    assert (
        hardware["Socket(s) / connector(s)"] == "2 (Multiple)" and hardware["Fixed cable"] == "Yes"
    )


def test_the_evidence_shows_directions_from_the_dut_side(
    charge_point_results: Path, csms_results: Path
) -> None:
    (cp,) = build(collect(charge_point_results)).parts
    boot = next(e for e in cp.cases[0].events if e.action == "BootNotification")
    assert (boot.direction, boot.from_dut, boot.flagged) == ("CP→CSMS", True, True)
    (csms,) = build(collect(csms_results)).parts
    slow = next(c for c in csms.cases if c.case_id == "TC_004_1_CSMS")
    reply = next(e for e in slow.events if e.latency_ms)
    assert (reply.direction, reply.exceeded, reply.limit_ms) == ("CSMS→CP", True, 2000)


def test_no_secret_survives_in_the_model(charge_point_results: Path, csms_results: Path) -> None:
    for source in (charge_point_results, csms_results):
        text = repr(build(collect(source)))
        for secret in (CP_AUTH_KEY, CSMS_AUTH_KEY, BASIC_PASSWORD, "Q1AwMDE6"):
            assert secret not in text


def test_pretty_json_keeps_what_fits_on_one_line() -> None:
    assert (
        pretty_json({"idTagInfo": {"status": "Accepted"}})
        == '{"idTagInfo": {"status": "Accepted"}}'
    )
    entry = {
        "key": "MeterValuesSampledData",
        "readonly": False,
        "value": "Energy.Active.Import.Register",
    }
    text = pretty_json({"configurationKey": [entry, entry]})
    line = '    {"key": "MeterValuesSampledData", "readonly": false, "value": "Energy.Active.Import.Register"}'
    assert text.splitlines() == ["{", '  "configurationKey": [', line + ",", line, "  ]", "}"]
