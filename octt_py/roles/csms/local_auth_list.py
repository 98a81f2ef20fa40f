"""Local Auth List Management profile for the fake CSMS: TC_008_x, TC_042_x, TC_043_x.

The Local Authorization List: entries, SendLocalList, GetLocalListVersion and emptying the list
again after a case, and the configuration state of the local-list start cases. Separate from
``core`` because it is its own OCPP feature profile.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from octt_py.roles.csms.core import CsmsCore
from octt_py.session import Payload, match
from octt_py.testcase import Requirement, needs
from octt_py.trace import FindingKind
from octt_py.verdict import Fail

# The configuration state of the local-list start cases (TC_008_x): a listed tag is authorized
# from the Local Authorization List alone, not from the cache.
LOCAL_LIST_STATE = {"LocalPreAuthorize": "true", "AuthorizationCacheEnabled": "false", "LocalAuthListEnabled": "true"}
NEEDS_LOCAL_LIST_STATE: tuple[Requirement, ...] = (
    needs(lambda p: CsmsCore.configurable(p, LOCAL_LIST_STATE),
          "the PICS declares LocalPreAuthorize, AuthorizationCacheEnabled or LocalAuthListEnabled "
          "read-only with another value"),
)


EXPIRED_LONG_AGO = "2020-01-01T00:00:00.000Z"
EXPIRED_LOCAL_ENTRY_USED = "case.expired-local-entry-used"
"""The extended rule of a charge point that authorizes from an expired local list entry."""


class LocalAuthListSteps(CsmsCore):
    # -- local authorization list (OCTT TC_008_x, TC_042_x, TC_043_x) ------------------------

    def listed(self, *id_tags: str) -> list[Payload]:
        """localAuthorizationList entries putting each tag in the list as Accepted, with the
        parentIdTag the CSMS gives it in Authorize (the PICS parent for the valid tags)."""
        entries = []
        for tag in id_tags:
            info = self.id_tag_info(tag)
            entries.append({"idTag": tag, "idTagInfo": info if info["status"] == "Accepted" else {"status": "Accepted"}})
        return entries

    def listed_expired(self, id_tag: str) -> Payload:
        """A localAuthorizationList entry that says Accepted but expired long ago (expiryDate in
        the past): a stale entry, which may not authorize anything (OCPP 1.6 §3.5.2)."""
        return {"idTag": id_tag, "idTagInfo": {"status": "Accepted", "expiryDate": EXPIRED_LONG_AGO}}

    async def stale_entry_not_used(self, id_tag: str, connector: int) -> None:
        """Extended (the official tables never drive it): [present ``id_tag``], whose Local
        Authorization List entry has expired, at ``connector``. The charge point may ask the
        CSMS (Authorize, which answers what it knows) or refuse it, but must not authorize it
        from the stale entry: a Preparing without an Authorize is the extended finding
        case.expired-local-entry-used."""
        self.step(f"Extended: [present {id_tag}, listed as Accepted until {EXPIRED_LONG_AGO}, at connector "
                  f"{connector}]: Authorize or a refusal, not a local authorization")
        await self.act("present_id_tag", id_tag=id_tag, connector=connector)
        try:
            await self.cp.expect(match("Authorize", idTag=id_tag))
            return
        except Fail:
            pass  # refused without asking, or authorized from the list: the Preparing tells
        try:
            await self.cp.expect_none(match("StatusNotification", connectorId=connector, status="Preparing"), during=0)
        except Fail:
            self.trace.finding(
                FindingKind.PROTOCOL,
                f"the charge point authorized {id_tag} from its local authorization list (connector {connector} "
                f"Preparing, no Authorize), although the entry expired on {EXPIRED_LONG_AGO}",
                extended=True,
                rule=EXPIRED_LOCAL_ENTRY_USED,
            )

    async def local_list_version(self) -> int:
        """GetLocalListVersion: the version the charge point reports (-1: no local list)."""
        return int((await self.cp.call("GetLocalListVersion", {}, causes=False)).payload["listVersion"])

    async def send_local_list(self, version: int, update_type: str, entries: list[Payload] | None = None) -> str:
        """SendLocalList; returns the status answered. ``entries`` None omits localAuthorizationList."""
        payload: Payload = {"listVersion": version, "updateType": update_type}
        if entries is not None:
            payload["localAuthorizationList"] = entries
        return str((await self.cp.call("SendLocalList", payload)).payload["status"])

    async def local_list_sent(self, version: int, update_type: str, entries: list[Payload] | None = None) -> None:
        """SendLocalList answered Accepted."""
        status = await self.send_local_list(version, update_type, entries)
        if status != "Accepted":
            raise Fail(f"SendLocalList {update_type} with listVersion {version} was answered {status}, not Accepted")

    async def local_list_version_is(self, expected: int, why: str) -> None:
        """GetLocalListVersion reports ``expected`` (``why`` says where that number comes from)."""
        version = await self.local_list_version()
        if version != expected:
            raise Fail(f"GetLocalListVersion reports {version}, not {expected} ({why})")

    @contextlib.asynccontextmanager
    async def local_list_restored(self) -> AsyncIterator[None]:
        """For a case that changes the Local Authorization List: after the block the list is empty
        again (SendLocalList Full without entries, listVersion one above the reported one), the
        state the other cases expect. The runner's return to idle does not touch the list."""
        try:
            yield
        finally:
            self.step("Empty the local authorization list again: SendLocalList Full without entries")
            await self._quietly(self._empty_local_list())

    async def _empty_local_list(self) -> None:
        version = await self.local_list_version()
        await self.send_local_list(max(version, 0) + 1, "Full")
