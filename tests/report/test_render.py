"""report.html and report.pdf as a reader gets them: content, escaping, redaction, layout."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from octt_py import cli, plugin
from octt_py.report import PDF_HINT, ReportPaths, render
from octt_py.report.render import format_hms, format_ms

from .conftest import BASIC_PASSWORD, CP_AUTH_KEY, CSMS_AUTH_KEY, HOSTILE_DATA, HOSTILE_VENDOR

SECRETS = (CP_AUTH_KEY, CSMS_AUTH_KEY, BASIC_PASSWORD, "Q1AwMDE6")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
needs_weasyprint = pytest.mark.skipif(
    __import__("importlib.util").util.find_spec("weasyprint") is None,
    reason=f"no WeasyPrint: {PDF_HINT}",
)


@pytest.fixture(scope="module")
def both(
    tmp_path_factory: pytest.TempPathFactory, csms_results: Path, charge_point_results: Path
) -> ReportPaths:
    """One results folder with both DUT sides, rendered once for the module."""
    folder = tmp_path_factory.mktemp("both")
    shutil.copy(csms_results / "results.jsonl", folder / "results.jsonl")
    for worker in charge_point_results.glob("results-*.jsonl"):
        shutil.copy(worker, folder / worker.name)
    return render(folder, pdf=_has_weasyprint())


def _has_weasyprint() -> bool:
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def page(both: ReportPaths) -> str:
    return both.html.read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def test_the_certificate_page(page: str) -> None:
    seen = text_of(page)
    assert "Not an OCA certificate." in seen
    assert "OCPP 1.6 Edition 2 with errata sheet v4.0 (2019-10-23)" in seen
    assert "Product type Charging Station Management System" in seen
    assert "Product designation Wallbox X" in seen and "OCPP software version 1.2.3" in seen
    assert "Schema set corrected sha256 ab12ab12ab12ab12" in seen
    assert "planted faults switched on: authorize_valid_as_invalid" in seen
    assert (
        "A feature profile passes only when at least one of its applicable test cases ran" in seen
    )
    assert re.search(r"Core Fail .*Reservation Not tested not declared in the PICS", seen)
    assert re.search(r"Remote Trigger Pass 1 pass", seen)  # the charge point's TC_054_CS
    assert "Statement of approval" in seen and "Signature" in seen
    assert "logo" in seen and "<img" not in page  # no OCA logo: no image at all


def test_the_summary_lists_every_case_with_its_verdict(page: str) -> None:
    seen = text_of(page)
    assert (
        "TC_004_1_CSMS Regular Charging Session - Identification First Fail Authorize answered in 2500 ms"
        in seen
    )
    assert "TC_010_CSMS Remote Start Charging Session - Cable Plugged in First Inconclusive" in seen
    assert "TC_019_1_CSMS Retrieve all configuration keys Not applicable" in seen
    assert "Pass: 2 Fail: 2 Inconclusive: 1 Error: 0 Not applicable: 2 Total: 7" in seen
    assert "TC_012_CSMS" not in seen  # the torn last line
    assert '<th class="num">Run</th>' not in page  # one run: no run column


def test_performance_values_and_exceeded_marks(page: str) -> None:
    seen = text_of(page)
    assert re.search(
        r"Response time Authorize 2 s ▲ 2,500\.5 ms 00:00:02\.500 in TC_004_1_CSMS 2,500\.5 ms 2 ",
        seen,
    )
    assert "▲ 1 of 2 above the PICS value of 2 s." in seen
    assert re.search(r"OCPP response timeout 5 s 2,500\.5 ms .* 14 ", seen)
    assert re.search(
        r"OCPP triggered function timeout 1 s ▲ 1,502\.2 ms 00:00:01\.502 in TC_054_CS", seen
    )
    assert re.search(r"Response time RemoteStartTransaction 2 s 3\.2 ms", seen)
    assert "RemoteStartTransaction → StartTransaction (same idTag" in seen  # the definition
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 3


def test_configuration_side_by_side(page: str) -> None:
    seen = text_of(page)
    assert "latest GetConfiguration without a key filter (in TC_019_CS)" in seen
    assert "≠ HeartbeatInterval 30 RW 60 RW value differs" in seen
    assert "Device supports sending milliseconds in timestamps No" in seen
    assert "Socket(s) / connector(s) 2 (Multiple)" in seen


def test_evidence_is_collapsed_and_complete(page: str) -> None:
    assert (
        page.count('<details class="case"') == 12
        and '<details class="case" id="part-1-TC_001_CS" open' not in page
    )
    seen = text_of(page)
    assert "Step: 3. Authorize with the valid id tag: the CSMS answers Accepted" in seen
    assert "Operator action: present_id_tag(id_tag=TAG-VALID-1) → done" in seen
    assert "Connection: connected (ws://CP001:•••@127.0.0.1:9000/ocpp/CP001, ocpp1.6)" in seen
    assert "timing (frame #" in seen and "CP→CSMS" in seen and "CSMS→CP" in seen


def test_hostile_strings_render_as_text(page: str) -> None:
    assert "<script" not in page.lower() and "<img" not in page
    assert html.escape(HOSTILE_VENDOR, quote=False) in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page  # the PICS vendor on the certificate page
    assert HOSTILE_VENDOR in text_of(page) and HOSTILE_DATA.replace('"', '\\"') in text_of(page)


def test_no_secret_in_any_output(both: ReportPaths) -> None:
    page = both.html.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in page
    assert '"value": "•••"' in html.unescape(page)
    if both.pdf is not None and PDFTOTEXT:
        pdf_text = subprocess.run(
            [PDFTOTEXT, str(both.pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for secret in SECRETS:
            assert secret not in pdf_text


def test_the_html_is_self_contained(page: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", page)
    assert "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page


@needs_weasyprint
def test_the_pdf_expands_only_the_cases_that_did_not_pass(both: ReportPaths) -> None:
    assert both.pdf is not None and both.pdf.read_bytes().startswith(b"%PDF")
    if not PDFTOTEXT:
        pytest.skip("pdftotext not installed (apt-get install poppler-utils)")
    pages = subprocess.run(
        [PDFTOTEXT, "-layout", str(both.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert 8 <= len(pages) <= 20
    assert "Page 1 of" in pages[0] and "Not an OCA certificate" in pages[0]
    assert "Wallbox X" in pages[0]
    seen = re.sub(r"\s+", " ", "\n".join(pages))
    assert "Annex: per-case evidence" in seen
    # failing TC_003_CSMS is expanded with its trace; passing TC_001_CSMS is one summary line
    assert "Step: 3. Authorize with the valid id tag" in seen
    assert "Step: 1. BootNotification: the CSMS must accept it" in seen  # inside TC_003_CSMS
    assert "The charge point boots; the CSMS accepts it." not in seen  # TC_001_CSMS's description
    assert "Passing cases are listed on one line" in seen
    annexes = [p for p in pages if "Annex: per-case evidence" in p]
    assert (
        len(annexes) == 2
    )  # one per DUT side, each at the top of a new page, under the running header
    for annex in annexes:
        assert [line for line in annex.splitlines() if line.strip()][1].startswith(
            "Annex: per-case evidence"
        )


def test_without_weasyprint_the_html_is_still_written(
    csms_results: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint now raises ImportError
    paths = render(csms_results, out_dir=tmp_path)
    assert paths.html.exists() and paths.pdf is None
    assert paths.pdf_problem == f"{tmp_path / 'report.pdf'} not written: {PDF_HINT}"
    assert cli.main(["report", str(csms_results), "-o", str(tmp_path / "cli")]) == 0
    assert capsys.readouterr().err == (
        f'{tmp_path / "cli" / "report.pdf"} not written: the PDF needs WeasyPrint: '
        'pip install "octt-py[pdf]"\n'
    )


@needs_weasyprint
def test_a_pdf_that_fails_names_the_file_and_why_and_the_html_is_written(
    csms_results: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(report: object) -> bytes:
        raise OSError("No space left on device")

    monkeypatch.setattr(sys.modules["octt_py.report.render"], "to_pdf", broken)
    paths = render(csms_results, out_dir=tmp_path)
    assert paths.html.exists() and paths.pdf is None
    assert paths.pdf_problem == (
        f"{tmp_path / 'report.pdf'} could not be written: OSError: No space left on device"
    )
    shutil.copy(csms_results / "results.jsonl", tmp_path / "results.jsonl")
    assert plugin._write_report(tmp_path) == [
        f"report: {tmp_path / 'report.html'}",
        f"report: {tmp_path / 'report.pdf'} could not be written: OSError: No space left on device",
    ]


@needs_weasyprint
def test_the_pdf_does_not_depend_on_the_callers_warning_filters(
    csms_results: Path, tmp_path: Path
) -> None:
    """pytest's filterwarnings = error must not turn a renderer's notice into a lost PDF."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")

        def noisy(*args: object, **kwargs: object) -> None:
            warnings.warn("a renderer notice", DeprecationWarning, stacklevel=2)

        import weasyprint

        original = weasyprint.HTML.write_pdf
        try:
            weasyprint.HTML.write_pdf = lambda self, *a, **k: (noisy(), original(self, *a, **k))[1]
            paths = render(csms_results, out_dir=tmp_path)
        finally:
            weasyprint.HTML.write_pdf = original
    assert paths.pdf is not None and paths.pdf.stat().st_size > 0


@needs_weasyprint
def test_the_renderer_check_names_the_missing_subset_library(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.text import ffi

    from octt_py.report.renderer import check_pdf_renderer

    assert check_pdf_renderer().usable
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    check = check_pdf_renderer()
    assert check.usable and "libharfbuzz-subset0" in check.note


def test_octt_report_rerenders_one_results_file(
    csms_results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        cli.main(["report", str(csms_results / "results.jsonl"), "--no-pdf", "-o", str(tmp_path)])
        == 0
    )
    assert (tmp_path / "report.html").exists() and not (tmp_path / "report.pdf").exists()
    assert f"wrote {tmp_path / 'report.html'}" in capsys.readouterr().out
    assert cli.main(["report", str(tmp_path / "nothing-here")]) == 2


def test_the_plugin_reports_a_broken_report_instead_of_failing(
    csms_results: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert plugin._write_report(tmp_path) == []  # nothing ran: no report
    shutil.copy(csms_results / "results.jsonl", tmp_path / "results.jsonl")

    def broken(*args: object, **kwargs: object) -> ReportPaths:
        raise RuntimeError("disk full")

    monkeypatch.setattr("octt_py.report.render", broken)
    assert plugin._write_report(tmp_path) == [
        f"report: {tmp_path / 'report.html'} could not be written: RuntimeError: disk full"
    ]


def test_millisecond_formats() -> None:
    assert (format_ms(0.4567), format_ms(2500.5), format_ms(None)) == (
        "0.457 ms",
        "2,500.5 ms",
        "—",
    )
    assert format_hms(3_723_004.4) == "01:02:03.004"


@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (CI installs it: apt-get install chromium)"
)
def test_a_real_browser_renders_it_without_running_any_script(
    both: ReportPaths, tmp_path: Path
) -> None:
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=2000",
            "--dump-dom",
            both.html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "<title>OCPP 1.6 test report — Wallbox X / Cloud CSMS</title>" in dom
    assert 'class="badge v-fail">Fail</span>' in dom and "Performance measurement results" in dom
    assert "<script" not in dom.lower() and "PWNED" not in dom.split("</title>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
