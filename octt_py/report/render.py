"""Writing ``report.html`` and ``report.pdf`` from one Jinja2 template.

The HTML is self-contained (inline CSS and SVG, no script, nothing fetched) so it can be mailed
and read offline. The PDF is the same template rendered by WeasyPrint with ``for_pdf``: passing
cases shrink to one line and the others are expanded, since paper has no ``<details>`` to open.
WeasyPrint is an optional extra; without it the HTML is still written and the caller is told
how to get the PDF.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from octt_py.report import charts
from octt_py.report.collect import collect
from octt_py.report.extended import EXTENDED_RULE
from octt_py.report.measure import RESPONSE_TIME_DEFINITION, TRIGGERED_FUNCTION_DEFINITION
from octt_py.report.model import PROFILE_VERDICT_RULE, SPECIFICATION, Report, build

PDF_HINT = 'the PDF needs WeasyPrint: pip install "octt-py[pdf]"'


@dataclass(frozen=True)
class ReportPaths:
    """What :func:`render` wrote; ``pdf`` is None when it was not asked for or could not be
    made, and ``pdf_problem`` then says why (None when it was simply not asked for)."""

    html: Path
    pdf: Path | None = None
    pdf_problem: str | None = None


def render(results: Path, *, pdf: bool = True, out_dir: Path | None = None) -> ReportPaths:
    """Render the report of a results folder (every ``results*.jsonl`` in it) or of one
    results file, into ``out_dir`` (default: next to the results)."""
    results = Path(results)
    report = build(collect(results))
    out = (
        Path(out_dir) if out_dir is not None else (results if results.is_dir() else results.parent)
    )
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / "report.html"
    _write_atomically(html_path, to_html(report).encode("utf-8"))
    if not pdf:
        return ReportPaths(html_path)
    try:
        import weasyprint  # type: ignore[import-untyped]
    except ImportError:
        return ReportPaths(html_path, None, PDF_HINT)
    document = weasyprint.HTML(string=to_html(report, for_pdf=True), url_fetcher=_refuse_fetch)
    pdf_path = out / "report.pdf"
    _write_atomically(pdf_path, document.write_pdf())
    return ReportPaths(html_path, pdf_path)


def to_html(report: Report, *, for_pdf: bool = False) -> str:
    """The report as HTML text: the screen version, or the one WeasyPrint lays out."""
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            for_pdf=for_pdf,
            specification=SPECIFICATION,
            profile_rule=PROFILE_VERDICT_RULE,
            response_definition=RESPONSE_TIME_DEFINITION,
            triggered_definition=TRIGGERED_FUNCTION_DEFINITION,
            extended_rule=EXTENDED_RULE,
        )
    )


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("octt_py.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(ms=format_ms, hms=format_hms, seconds=format_seconds, chart=_chart)
    return env


def _chart(series: Sequence[charts.Series], title: str) -> Markup:
    return charts.distribution(series, title)


def format_ms(value_ms: float | None) -> str:
    """Millisecond resolution, with sub-millisecond digits where they carry information."""
    if value_ms is None:
        return "—"
    return f"{value_ms:,.1f} ms" if value_ms >= 1 else f"{value_ms:.3f} ms"


def format_hms(value_ms: float | None) -> str:
    """The certificates' hh:mm:ss, extended to milliseconds."""
    if value_ms is None:
        return "—"
    total = round(value_ms)
    hours, rest = divmod(total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def format_seconds(value: Any) -> str:
    return f"{value:g} s" if isinstance(value, (int, float)) else "—"


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    """The report is self-contained: WeasyPrint must never reach out, whatever a DUT wrote."""
    raise ValueError(f"report.pdf fetches nothing (asked for {url[:80]!r})")


def _write_atomically(path: Path, data: bytes) -> None:
    """A re-render never leaves a half-written report behind."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the report from the team
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
