"""The security cases in the report (issue 15 §10): their own summary rows, profile 3 split off
as Advanced Security, per-case TLS evidence, and handshake times apart from OCPP response times.

Real runs over real TLS against the reference DUTs, then the report built from what they wrote.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from octt_py.campaign import Campaign
from octt_py.pics import SutSide
from octt_py.report.collect import collect
from octt_py.report.measure import response_samples
from octt_py.report.model import Report, build
from octt_py.report.render import to_html
from octt_py.testcase import discover

CASES = {case.case_id: case for case in discover()}


@pytest.fixture(scope="module")
def security_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("security-run")
    campaign = Campaign(reference=[SutSide.CHARGE_POINT, SutSide.CSMS], results=folder / "results.jsonl")
    try:
        for case_id in ("TC_001_CS", "TC_086_CS", "TC_087_CS", "TC_086_CSMS"):
            campaign.run(CASES[case_id])
    finally:
        campaign.close()
    return folder


@pytest.fixture(scope="module")
def report(security_run: Path) -> Report:
    return build(collect(security_run))


def _part(report: Report, product_type: str):  # type: ignore[no-untyped-def]
    return next(p for p in report.parts if p.product_type == product_type)


def test_security_and_advanced_security_have_rows_of_their_own(report: Report) -> None:
    part = _part(report, "Charging Station")
    lines = {line.name: line for line in part.profiles}
    assert [c.case_id for c in lines["Security"].cases] == ["TC_086_CS"]
    assert [c.case_id for c in lines["Advanced Security"].cases] == ["TC_087_CS"]
    assert lines["Advanced Security"].remark == "1 pass"
    assert [c.case_id for c in lines["Core"].cases] == ["TC_001_CS"]


def test_each_tls_case_shows_its_handshake_and_the_peer_certificate(report: Report) -> None:
    case = next(c for c in _part(report, "Charging Station").cases if c.case_id == "TC_087_CS")
    (handshake, *_) = case.tls
    assert handshake.version in ("TLSv1.2", "TLSv1.3")
    assert handshake.cipher and handshake.handshake_ms is not None
    assert handshake.offered.startswith("TLS")  # the ClientHello the harness read
    peer = dict(handshake.peer)
    assert set(peer) >= {"Subject", "Issuer", "Valid from", "Valid until", "Key", "Subject alternative names"}
    assert "CN=" in peer["Subject"]
    csms_side = next(c for c in _part(report, "Charging Station Management System").cases
                     if c.case_id == "TC_086_CSMS")
    assert dict(csms_side.tls[0].peer)["Key"].startswith(("RSA", "EC"))


def test_handshake_times_have_their_row_and_stay_out_of_the_response_times(
    security_run: Path, report: Report
) -> None:
    part = _part(report, "Charging Station")
    handshake = next(row for row in part.perf if row.name == "TLS handshake")
    assert handshake.pics_s is None and handshake.stats is not None and handshake.stats.count >= 2
    assert not handshake.exceeded
    records = collect(security_run).cases
    assert {s.label for s in response_samples(records)} .isdisjoint({"TLS handshake"})
    assert all(row.name != "TLS handshake" for row in part.perf[:-1])


def test_the_html_shows_the_evidence(report: Report, tmp_path: Path) -> None:
    html = to_html(report)
    assert "<h4>TLS evidence</h4>" in html
    assert "<dt>Subject alternative names</dt>" in html
    assert "Advanced Security" in html
    assert "never counted in an OCPP response time" in html
