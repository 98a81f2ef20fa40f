"""Certificate-style test report (HTML, and PDF with the ``pdf`` extra) from ``results.jsonl``."""

from octt_py.report.render import PDF_HINT, ReportPaths, render

__all__ = ["PDF_HINT", "ReportPaths", "render"]
