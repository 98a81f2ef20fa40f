"""Compare a reported composite schedule with the expected one and name the first difference.

The comparison is by meaning, not by shape: periods are placed on the time line (each report
relative to its own scheduleStart), so a report that does not merge equal neighbours, or whose
scheduleStart is a second later than expected, still matches. Tolerances:

* ``time_tolerance`` (seconds): scheduleStart and duration may differ by this much, and the
  limit of an expected period is only checked from ``tolerance`` after its start to
  ``tolerance`` before its end (a boundary may move by that much). An expected period shorter
  than twice the tolerance is therefore not checked.
* ``limit_tolerance`` (in the unit): how far a reported limit may be from the expected one.

An expected period without a limit (no profile applies there, see ``composite_schedule``) accepts
any reported limit. An expected numberPhases is compared with the reported one, an absent
reported numberPhases counting as 3 (errata 3.69).
"""

from __future__ import annotations

import math

from octt_py.smart_charging.model import CompositeSchedule, Period, format_time


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _limit(value: float, unit: str) -> str:
    return f"{value:.1f} {unit}"


def _spans(periods: tuple[Period, ...], shift: float, end: float
           ) -> list[tuple[float, float, Period]]:
    """``(from, to, period)`` on the expected schedule's time line."""
    out = []
    for i, period in enumerate(periods):
        stop = shift + periods[i + 1].start if i + 1 < len(periods) else end
        out.append((shift + period.start, stop, period))
    return out


def first_difference(expected: CompositeSchedule, actual: CompositeSchedule, *,
                     time_tolerance: float, limit_tolerance: float) -> str | None:
    """The first way ``actual`` differs from ``expected``, in time order; ``None`` if none.

    Messages, e.g.: ``"period 3 (from +300 s): expected 16.0 A, got 32.0 A"`` (period numbers
    index ``expected.periods``; ``" from +X s"`` is appended when the offending reported period
    begins inside the expected one), ``"chargingRateUnit: expected A, got W"``,
    ``"scheduleStart: expected ..., got ... (+60 s)"``, ``"duration: expected 400 s, got 300 s"``,
    ``"reported period 2: startPeriod 100 does not follow 100 (startPeriod must strictly
    increase)"``, ``"period 0 (from +0 s): expected 6.0 A, got no period before +30 s"``,
    ``"period 2 (from +200 s): expected 10.0 A, got no period from +300 s"``,
    ``"period 1 (from +100 s): expected numberPhases 1, got 3"``.
    """
    unit = expected.unit
    if actual.unit != unit:
        return f"chargingRateUnit: expected {unit}, got {actual.unit}"
    shift = (actual.start - expected.start).total_seconds()
    if abs(shift) > time_tolerance:
        return (f"scheduleStart: expected {format_time(expected.start)}, got "
                f"{format_time(actual.start)} ({shift:+.0f} s)")
    if (expected.duration is not None and actual.duration is not None
            and abs(actual.duration - expected.duration) > time_tolerance):
        return f"duration: expected {expected.duration} s, got {actual.duration} s"
    for i in range(1, len(actual.periods)):
        before, here = actual.periods[i - 1].start, actual.periods[i].start
        if here <= before:
            return (f"reported period {i}: startPeriod {here} does not follow {before} "
                    "(startPeriod must strictly increase)")

    expected_end = math.inf if expected.duration is None else float(expected.duration)
    actual_end = math.inf if actual.duration is None else shift + actual.duration
    reported = _spans(actual.periods, shift, actual_end)
    for index, (begin, stop, want) in enumerate(_spans(expected.periods, 0.0, expected_end)):
        low, high = begin + time_tolerance, stop - time_tolerance
        if low >= high or want.limit is None:
            continue
        where = f"period {index} (from +{_seconds(begin)} s)"
        wanted = _limit(want.limit, unit)
        first_reported = reported[0][0] if reported else actual_end
        if first_reported > low:
            return f"{where}: expected {wanted}, got no period before +{_seconds(first_reported)} s"
        for got_from, got_to, got in reported:
            if got_to <= low or got_from >= high:
                continue
            if got.limit is None:
                return f"{where}: expected {wanted}, got no limit"
            # A reported period that begins within the time tolerance of the expected one
            # begins with it: no "from" (a report a fraction of a second late said "+0.0 s").
            late = got_from > begin + time_tolerance
            if abs(got.limit - want.limit) > limit_tolerance:
                later = f" from +{_seconds(got_from)} s" if late else ""
                return f"{where}: expected {wanted}, got {_limit(got.limit, unit)}{later}"
            if want.number_phases is not None:
                phases = 3 if got.number_phases is None else got.number_phases
                if phases != want.number_phases:
                    shown = "none (3 is assumed)" if got.number_phases is None else str(phases)
                    later = f" from +{_seconds(got_from)} s" if late else ""
                    return (f"{where}: expected numberPhases {want.number_phases}, "
                            f"got {shown}{later}")
        if actual_end < high:
            return f"{where}: expected {wanted}, got no period from +{_seconds(actual_end)} s"
    return None
