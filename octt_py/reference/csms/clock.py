"""Wall-clock time as OCPP 1.6 writes it: RFC 3339, UTC, millisecond precision."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_rfc3339(text: str) -> datetime | None:
    """The instant a charge point wrote, or None when it is not a usable timestamp.

    Callers only need it for judgement calls (is this StartTransaction old?), never to refuse a
    message: schema validation already decided whether the text is acceptable.
    """
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
