"""Local authorization data: the authorization cache and the local authorization list.

Both answer "what do I know about this id tag?" without a round trip to the Central System
(OCPP 1.6 sections 3.5.1 and 3.5.2). Both are non-volatile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ocpp.v16.enums import AuthorizationStatus, UpdateStatus, UpdateType

from octt_py.reference.charge_point.clock import format_time, parse_time


@dataclass(frozen=True)
class IdTagInfo:
    status: str
    expiry_date: datetime | None = None
    parent_id_tag: str | None = None

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> IdTagInfo:
        """From a snake_case idTagInfo as the ocpp library hands it over."""
        expiry = data.get("expiry_date")
        return cls(
            status=str(data["status"]),
            expiry_date=parse_time(expiry) if expiry else None,
            parent_id_tag=data.get("parent_id_tag"),
        )

    def status_at(self, now: datetime) -> str:
        """The status, turned Expired once the expiry date has passed."""
        if (self.status == AuthorizationStatus.accepted and self.expiry_date is not None
                and self.expiry_date <= now):
            return AuthorizationStatus.expired
        return self.status

    def accepted_at(self, now: datetime) -> bool:
        return self.status_at(now) == AuthorizationStatus.accepted

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status}
        if self.expiry_date is not None:
            data["expiryDate"] = format_time(self.expiry_date)
        if self.parent_id_tag is not None:
            data["parentIdTag"] = self.parent_id_tag
        return data


class AuthorizationCache:
    """The id tags the Central System recently told us about (Authorize, Start/StopTransaction)."""

    def __init__(self) -> None:
        self._entries: dict[str, IdTagInfo] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def update(self, id_tag: str, info: IdTagInfo) -> None:
        self._entries[id_tag] = info

    def lookup(self, id_tag: str) -> IdTagInfo | None:
        return self._entries.get(id_tag)

    def clear(self) -> None:
        self._entries.clear()


class LocalAuthList:
    """The list the Central System manages with SendLocalList; version 0 means empty."""

    def __init__(self) -> None:
        self.version = 0
        self._entries: dict[str, IdTagInfo] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, id_tag: str) -> IdTagInfo | None:
        return self._entries.get(id_tag)

    def update(self, version: int, update_type: str, entries: list[dict[str, Any]],
               send_max: int, list_max: int, check_version: bool = True) -> UpdateStatus:
        """Apply one SendLocalList.req; the answer is its UpdateStatus.

        A list left empty has version 0 (OCPP 1.6 section 5.10: "0 ... indicates that the local
        authorization list is empty"), whatever listVersion the update carried.
        """
        if len(entries) > send_max:
            return UpdateStatus.failed
        if (check_version and update_type == UpdateType.differential
                and version <= self.version):
            return UpdateStatus.version_mismatch
        result = {} if update_type == UpdateType.full else dict(self._entries)
        for entry in entries:
            info = entry.get("id_tag_info")
            if info is None:
                result.pop(entry["id_tag"], None)
            else:
                result[entry["id_tag"]] = IdTagInfo.from_payload(info)
        if len(result) > list_max:
            return UpdateStatus.failed
        self._entries, self.version = result, version if result else 0
        return UpdateStatus.accepted
