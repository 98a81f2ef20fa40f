"""The CSMS's id-tag store: what Authorize, StartTransaction and StopTransaction answer.

It starts from the PICS's ``<Configured ...>`` tags (TC_023_x need a blocked and an expired tag
the CSMS knows; TC_069 needs two valid tags under one parent) and can be changed at run time
through the control API.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from octt_py.pics import IdTags
from octt_py.reference.csms.clock import rfc3339, utc_now

AUTHORIZATION_STATUSES = ("Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx")


class IdTagStore:
    """Id tag -> IdTagInfo (wire format). Tags the store does not know are Invalid."""

    def __init__(self, tags: IdTags) -> None:
        self._infos: dict[str, dict[str, str]] = {}
        self.set(tags.valid, "Accepted", parent_id_tag=tags.parent)
        self.set(tags.valid_2, "Accepted", parent_id_tag=tags.parent)
        self.set(tags.blocked, "Blocked")
        self.set(tags.expired, "Expired")

    def info(self, id_tag: str) -> dict[str, str]:
        return dict(self._infos.get(id_tag, {"status": "Invalid"}))

    def set(
        self,
        id_tag: str,
        status: str,
        parent_id_tag: str | None = None,
        expiry_date: str | None = None,
    ) -> dict[str, str]:
        """Record a tag's status; an Expired tag without a date gets one in the past."""
        if not isinstance(id_tag, str) or not 0 < len(id_tag) <= 20:
            raise ValueError(f"id_tag must be a string of 1 to 20 characters, got {id_tag!r}")
        if status not in AUTHORIZATION_STATUSES:
            raise ValueError(f"status must be one of {', '.join(AUTHORIZATION_STATUSES)}")
        info = {"status": status}
        if parent_id_tag:
            info["parentIdTag"] = parent_id_tag
        if expiry_date is None and status == "Expired":
            expiry_date = rfc3339(utc_now() - timedelta(days=1))
        if expiry_date:
            info["expiryDate"] = expiry_date
        self._infos[id_tag] = info
        return dict(info)

    def forget(self, id_tag: str) -> None:
        """The CSMS no longer knows ``id_tag``: it is answered Invalid from now on."""
        self._infos.pop(id_tag, None)

    def local_list(self) -> list[dict[str, Any]]:
        """Every known tag as a SendLocalList entry (TC_043_4: each with its idTagInfo)."""
        return [{"idTag": tag, "idTagInfo": dict(info)} for tag, info in self._infos.items()]

    def snapshot(self) -> dict[str, dict[str, str]]:
        return {tag: dict(info) for tag, info in self._infos.items()}
