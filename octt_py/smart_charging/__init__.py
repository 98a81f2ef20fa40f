"""An independent oracle for OCPP 1.6 Smart Charging (§3.13, errata v4.0).

Pure functions over plain data, no I/O and no clock: every time is passed in as a
timezone-aware datetime.

* :func:`composite_schedule` / :func:`limit_at`: the composite schedule a charge point must
  report in GetCompositeSchedule.conf (rules and choices in :mod:`.composite`).
* :func:`first_difference`: the first way a reported composite differs from the expected one,
  as a one-line reason for a verdict.
* :func:`profile_problems`: what is wrong with a charging profile a Central System sends.

This package is deliberately not shared with the reference charge point
(``octt_py.reference.charge_point.smart_charging``), so that one checks the other.
"""

from octt_py.smart_charging.compare import first_difference
from octt_py.smart_charging.composite import composite_schedule, limit_at
from octt_py.smart_charging.model import (
    ChargingProfile,
    CompositeSchedule,
    Period,
    Transaction,
    format_time,
    parse_time,
)
from octt_py.smart_charging.validate import profile_problems

__all__ = [
    "ChargingProfile",
    "CompositeSchedule",
    "Period",
    "Transaction",
    "composite_schedule",
    "first_difference",
    "format_time",
    "limit_at",
    "parse_time",
    "profile_problems",
]
