"""Time as the checks need it: OCPP date-times read, the harness's wall clock at a monotonic
stamp, and the DUT's clock offset learnt from what it sends.

Frames are stamped on the monotonic clock (docs/design.md, "Time"); a DUT's timestamps are wall
clock. ``HarnessClock.wall`` turns one into the other the moment it is asked, which is when the
exchange finishes, so the conversion's error is the few microseconds between two clock reads.
"""

from __future__ import annotations

import time
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol


def parse_time(value: Any) -> datetime | None:
    """An OCPP date-time as an aware UTC datetime; None when it is not one (the schema check
    reports that). A date-time without an offset is taken as UTC."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def seconds(delta: timedelta) -> str:
    """A time difference as a reason shows it: "+300.2 s"."""
    return f"{delta.total_seconds():+.1f} s"


class Clock(Protocol):
    def wall(self, mono_ns: int) -> datetime:
        """The harness's wall-clock time at a monotonic stamp."""
        ...


class HarnessClock:
    """The harness's own clock: wall time of a monotonic stamp taken not long ago."""

    def wall(self, mono_ns: int) -> datetime:
        epoch_ns = time.time_ns() - (time.monotonic_ns() - mono_ns)
        return datetime.fromtimestamp(epoch_ns / 1e9, UTC)


HARNESS_CLOCK = HarnessClock()


class DutClock:
    """The DUT's clock offset from the harness's, learnt from messages it stamps as it sends them
    (StatusNotification): each gives offset minus its delivery delay, so the largest of the last
    few is the best estimate, and never later than the truth."""

    def __init__(self, samples: int = 20) -> None:
        self._samples: deque[timedelta] = deque(maxlen=samples)

    def observe(self, stamp: datetime, arrived: datetime) -> None:
        self._samples.append(stamp - arrived)

    @property
    def offset(self) -> timedelta | None:
        """DUT clock minus harness clock; None until a sample came."""
        return max(self._samples) if self._samples else None

    @property
    def noise(self) -> timedelta:
        """How far the samples spread: what the estimate may be off by."""
        return max(self._samples) - min(self._samples) if self._samples else timedelta()
