"""Inline SVG charts, drawn server-side: no JavaScript and no external files, so the same markup
renders in a browser, offline, and in WeasyPrint's PDF.

Response times on a DUT span from sub-millisecond (loopback) to tens of seconds (a PICS limit),
so the time axis is logarithmic, one tick per decade.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

_WIDTH = 780
_LABEL_W = 310
_RIGHT_PAD = 24
_ROW_H = 24
_TOP = 10
_AXIS_H = 44
_BLUE, _RED, _INK, _GRID = "#2f6db3", "#c62828", "#1f2d3d", "#d9dee5"


@dataclass(frozen=True)
class Series:
    """One row of the chart: the samples of one message type and the PICS value they are
    judged against."""

    label: str
    values_ms: Sequence[float]
    limit_ms: float | None


def distribution(series: Sequence[Series], title: str) -> Markup:
    """A strip chart: one row per series with every sample as a dot, the 95th percentile and
    the worst value as ticks, and the PICS value as a red bar; samples above it are red."""
    rows = [s for s in series if s.values_ms]
    if not rows:
        return Markup("")
    low, high = _decades(
        [v for s in rows for v in s.values_ms] + [s.limit_ms for s in rows if s.limit_ms]
    )
    plot_w = _WIDTH - _LABEL_W - _RIGHT_PAD
    height = _TOP + len(rows) * _ROW_H + _AXIS_H

    def x(value_ms: float) -> float:
        clamped = min(max(value_ms, 10.0**low), 10.0**high)
        return _LABEL_W + (math.log10(clamped) - low) / (high - low) * plot_w

    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_WIDTH} {height}" '
            f'width="{_WIDTH}" height="{height}" role="img" aria-label="{escape(title)}">'
        ),
        f"<title>{escape(title)}</title>",
    ]
    bottom = _TOP + len(rows) * _ROW_H
    for decade in range(low, high + 1):
        gx = x(10.0**decade)
        parts.append(
            f'<line x1="{gx:.1f}" y1="{_TOP}" x2="{gx:.1f}" y2="{bottom}" stroke="{_GRID}"/>'
        )
        parts.append(
            f'<text x="{gx:.1f}" y="{bottom + 14}" font-size="10" text-anchor="middle" '
            f'fill="{_INK}">{escape(_tick(decade))}</text>'
        )
    for index, row in enumerate(rows):
        parts += _row(row, _TOP + index * _ROW_H + _ROW_H / 2, x)
    parts.append(_legend(bottom + 32))
    parts.append("</svg>")
    return Markup("".join(parts))


def _row(row: Series, cy: float, to_x: Callable[[float], float]) -> list[str]:
    ordered = sorted(row.values_ms)
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]
    label = f"{_shorten(row.label, 46)} (n={len(ordered)})"
    out = [
        (
            f'<text x="{_LABEL_W - 8}" y="{cy + 3.5:.1f}" font-size="10" text-anchor="end" '
            f'fill="{_INK}">{escape(label)}</text>'
        ),
        (
            f'<line x1="{to_x(ordered[0]):.1f}" y1="{cy:.1f}" x2="{to_x(ordered[-1]):.1f}" y2="{cy:.1f}" '
            f'stroke="{_INK}" stroke-opacity="0.35"/>'
        ),
    ]
    if row.limit_ms:
        lx = to_x(row.limit_ms)
        out.append(
            f'<rect x="{lx - 1.5:.1f}" y="{cy - 9:.1f}" width="3" height="18" fill="{_RED}">'
            f"<title>PICS value {escape(_ms(row.limit_ms))}</title></rect>"
        )
    for value in ordered:
        colour = _RED if row.limit_ms and value > row.limit_ms else _BLUE
        out.append(
            f'<circle cx="{to_x(value):.1f}" cy="{cy:.1f}" r="3" fill="{colour}" fill-opacity="0.5"/>'
        )
    for value, size, width, name in (
        (p95, 6, 1.5, "95th percentile"),
        (ordered[-1], 8, 2.5, "worst"),
    ):
        px = to_x(value)
        out.append(
            f'<line x1="{px:.1f}" y1="{cy - size:.1f}" x2="{px:.1f}" y2="{cy + size:.1f}" '
            f'stroke="{_INK}" stroke-width="{width}">'
            f"<title>{name} {escape(_ms(value))}</title></line>"
        )
    return out


def _legend(y: float) -> str:
    marks = (
        (
            4,
            f'<circle cx="{_LABEL_W + 4}" cy="{y - 3.5}" r="3" fill="{_BLUE}" fill-opacity="0.5"/>',
            "sample",
        ),
        (62, _tick_mark(_LABEL_W + 62, y - 8, y + 1, 1.5), "95th percentile"),
        (150, _tick_mark(_LABEL_W + 150, y - 9, y + 2, 2.5), "worst"),
        (
            200,
            f'<rect x="{_LABEL_W + 200}" y="{y - 9}" width="3" height="11" fill="{_RED}"/>',
            "PICS value (red dots exceed it)",
        ),
    )
    return "".join(
        f'{mark}<text x="{_LABEL_W + at + 7}" y="{y}" font-size="9.5" fill="{_INK}">{label}</text>'
        for at, mark, label in marks
    )


def _tick_mark(x: float, y1: float, y2: float, width: float) -> str:
    return f'<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{_INK}" stroke-width="{width}"/>'


def _decades(values: list[float]) -> tuple[int, int]:
    """Whole decades around the data: at least 0.1 ms to 10 ms."""
    positive = [v for v in values if v > 0] or [1.0]
    low = min(-1, math.floor(math.log10(min(positive))))
    high = max(1, math.ceil(math.log10(max(positive))))
    return low, high


def _tick(decade: int) -> str:
    value_ms = 10.0**decade
    if value_ms >= 1000:
        return f"{value_ms / 1000:g} s"
    return f"{value_ms:g} ms"


def _ms(value_ms: float) -> str:
    return f"{value_ms:,.3f} ms"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
