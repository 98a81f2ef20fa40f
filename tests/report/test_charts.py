"""The inline SVG: well-formed, escaped, and marking what exceeds the PICS."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from octt_py.report.charts import Series, distribution

SVG = "{http://www.w3.org/2000/svg}"


def test_one_row_per_message_type_with_every_sample() -> None:
    svg = distribution(
        [Series("Authorize", [1.0, 2.0, 2500.0], 2000.0), Series("Heartbeat", [0.4], 5000.0)],
        "Response times",
    )
    root = ET.fromstring(str(svg))
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Authorize (n=3)" in labels and "Heartbeat (n=1)" in labels
    dots = list(root.iter(f"{SVG}circle"))
    red = [c for c in dots if c.get("fill") == "#c62828"]
    assert len(red) == 1  # only 2500 ms exceeds the 2000 ms PICS value
    assert {"0.1 ms", "1 ms", "1 s", "10 s"} <= set(labels)


def test_labels_are_escaped() -> None:
    svg = str(distribution([Series("<script>alert(1)</script>", [1.0], None)], "<b>title</b>"))
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    ET.fromstring(svg)


def test_nothing_to_draw_draws_nothing() -> None:
    assert str(distribution([Series("Authorize", [], 2000.0)], "empty")) == ""
