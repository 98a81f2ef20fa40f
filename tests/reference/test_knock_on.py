"""A device bug fails the cases that test it, never the cases after them (issue 12 §1).

The reference charge point that skips Finishing runs through the whole charge point suite;
every case it fails must fail the same way when run alone.
"""

from __future__ import annotations

from octt_py.pics import SutSide
from octt_py.reference.knock_on import measure


def test_a_charge_point_that_skips_finishing_causes_no_knock_on_failures() -> None:
    result = measure("skips_finishing", SutSide.CHARGE_POINT)
    assert result.alone, "the fault must fail some cases, or this test proves nothing"
    assert result.knock_on == [], "\n".join(result.lines())
