"""What both harness roles share: reading the DUT's date-times without ever tripping over them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from octt_py.roles.common import ocpp_instant


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("2026-03-01T10:00:00Z", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("2026-03-01t10:00:00.5z", datetime(2026, 3, 1, 10, 0, 0, 500000, tzinfo=UTC)),  # RFC 3339 lower case
        ("2026-03-01T12:00:00+02:00", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("2026-03-01T10:00:00.123456789Z", datetime(2026, 3, 1, 10, 0, 0, 123456, tzinfo=UTC)),
    ],
)
def test_an_rfc3339_date_time_is_read_in_utc(text: str, instant: datetime) -> None:
    assert ocpp_instant(text) == instant


@pytest.mark.parametrize("text", ["2026-03-01T10:00:00", "yesterday", "", None, 1772359200])
def test_a_date_time_without_an_offset_or_none_at_all_is_none(text: object) -> None:
    """TC_047_CSMS once gave the verdict error on a ReserveNow expiryDate without an offset:
    such a value is the DUT's fault, which the caller reports, never arithmetic that raises."""
    assert ocpp_instant(text) is None
