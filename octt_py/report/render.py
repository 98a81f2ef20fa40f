"""Writing ``report.html`` and ``report.pdf`` from one Jinja2 template.

The HTML is self-contained (inline CSS and SVG, no script, nothing fetched) so it can be mailed
and read offline. The PDF is the same template rendered by WeasyPrint with ``for_pdf``: passing
cases shrink to one line and the others are expanded, since paper has no ``<details>`` to open.
WeasyPrint is an optional extra; without it the HTML is still written and the caller is told
how to get the PDF. The PDF step runs under its own warning filters: a renderer's deprecation
notice is not a failure, whatever filters the calling program (a pytest session) has set.
"""

from __future__ import annotations

import os
import tempfile
import warnings
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
from octt_py.report.model import SPECIFICATION, Report, build
from octt_py.report.profiles import PROFILE_VERDICT_RULE
from octt_py.report.renderer import PDF_HINT, check_pdf_renderer


@dataclass(frozen=True)
class ReportPaths:
    """What :func:`render` wrote; ``pdf`` is None when it was not asked for or could not be
    made, and ``pdf_problem`` then says why (None when it was simply not asked for): the file
    that could not be written and the error."""

    html: Path
    pdf: Path | None = None
    pdf_problem: str | None = None


def render(
    results: Path | Sequence[Path], *, pdf: bool = True, out_dir: Path | None = None
) -> ReportPaths:
    """Render the report of one or more results folders (every ``results*.jsonl`` in each) or
    results files, merged with the latest verdict per case, into ``out_dir`` (default: the first
    folder, or next to the first file)."""
    sources = [Path(results)] if isinstance(results, (str, Path)) else [Path(r) for r in results]
    report = build(collect(sources))
    first = sources[0]
    out = Path(out_dir) if out_dir is not None else (first if first.is_dir() else first.parent)
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / "report.html"
    _write_atomically(html_path, to_html(report).encode("utf-8"))
    if not pdf:
        return ReportPaths(html_path)
    renderer = check_pdf_renderer()
    pdf_path = out / "report.pdf"
    if not renderer.installed:
        return ReportPaths(html_path, None, f"{pdf_path} not written: {PDF_HINT}")
    if renderer.missing:
        return ReportPaths(html_path, None, f"{pdf_path} could not be written: {renderer.missing}")
    try:
        _write_atomically(pdf_path, to_pdf(report))
    except Exception as exc:  # noqa: BLE001 - the HTML is written; say why the PDF is not
        why = f"{type(exc).__name__}: {exc}"
        return ReportPaths(html_path, None, f"{pdf_path} could not be written: {why}")
    return ReportPaths(html_path, pdf_path)


def to_pdf(report: Report) -> bytes:
    """The report laid out by WeasyPrint; its warnings are notices, never errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import weasyprint  # type: ignore[import-untyped]

        document = weasyprint.HTML(string=to_html(report, for_pdf=True), url_fetcher=_refuse_fetch)
        return bytes(document.write_pdf())


def to_html(report: Report, *, for_pdf: bool = False) -> str:
    """The report as HTML text: the screen version, or the one WeasyPrint lays out. A lone
    surrogate a DUT sent is shown as its escape (\\udcff): UTF-8 cannot hold it."""
    html = (
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
    return html.encode("utf-8", "backslashreplace").decode("utf-8")


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
