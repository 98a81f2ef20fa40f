"""What the PDF renderer needs from the system, checked before a run instead of after it.

report.pdf is drawn by WeasyPrint, which loads Pango, HarfBuzz, fontconfig and GLib from the
operating system when it is imported. A machine without them would only find out at the end of
a run, with the HTML written and no PDF; ``octt run`` asks here first and stops with the
packages to install. HarfBuzz's subset library is optional for WeasyPrint 70 (without it fonts
are subset by the slower fontTools, and later WeasyPrint versions require it) and earns a note,
not a stop.

The check asks WeasyPrint itself (its import and the library handles it keeps), so it never
disagrees with what the renderer will do.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass

PDF_HINT = 'the PDF needs WeasyPrint: pip install "octt-py[pdf]"'

SYSTEM_PACKAGES = {
    "Debian/Ubuntu": "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b "
    "libharfbuzz-subset0 libfontconfig1",
    "Fedora": "dnf install pango harfbuzz",
    "macOS": "brew install pango",
}
"""The system packages WeasyPrint's libraries come in, per platform."""

SUBSET_PACKAGES = "Debian/Ubuntu: libharfbuzz-subset0; Fedora: harfbuzz; macOS: brew install harfbuzz"


@dataclass(frozen=True)
class RendererCheck:
    """What stands in the way of report.pdf: ``missing`` stops a run that wants a PDF,
    ``note`` is worth saying but the PDF is still written."""

    installed: bool
    missing: str = ""
    note: str = ""

    @property
    def usable(self) -> bool:
        return self.installed and not self.missing


def check_pdf_renderer() -> RendererCheck:
    """Import WeasyPrint the way the report will, and say what is missing."""
    banner = io.StringIO()  # WeasyPrint prints a troubleshooting banner when a library is missing
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(banner):
            warnings.simplefilter("ignore")
            import weasyprint  # type: ignore[import-untyped]  # noqa: F401
            from weasyprint.text import ffi  # type: ignore[import-untyped]
    except ImportError:
        return RendererCheck(installed=False, note=PDF_HINT)
    except OSError as exc:  # cffi could not load a system library
        return RendererCheck(installed=True, missing=missing_libraries(str(exc)))
    if getattr(ffi, "harfbuzz_subset", True) is None:
        return RendererCheck(
            installed=True,
            note="HarfBuzz's subset library is missing: report.pdf is still written (fonts are "
            "subset with the slower fontTools), but later WeasyPrint versions require it; "
            f"install it ({SUBSET_PACKAGES})",
        )
    return RendererCheck(installed=True)


def missing_libraries(error: str) -> str:
    """The message for a WeasyPrint that cannot load its system libraries."""
    install = "; ".join(f"{system}: {command}" for system, command in SYSTEM_PACKAGES.items())
    return (
        f"the PDF renderer (WeasyPrint) cannot load its system libraries ({error}). "
        f"Install Pango and HarfBuzz: {install}. Or pass --no-pdf to write report.html only."
    )
