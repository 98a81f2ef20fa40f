"""Offline authorization (Core profile) for the fake CSMS: the preparations of TC_037_x and
TC_039, which let the charge point authorize an id tag while offline.

A module of its own to keep ``core`` readable; it builds on the local authorization list (one
of the offline methods a PICS may declare), so its class extends ``LocalAuthListSteps``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from octt_py.roles.csms.core import Transaction
from octt_py.roles.csms.local_auth_list import LocalAuthListSteps
from octt_py.session import match


class OfflineAuthorizationSteps(LocalAuthListSteps):
    # -- offline authorization (OCTT TC_037_x, TC_039 preparations) -------------------------

    @contextlib.asynccontextmanager
    async def authorizes_offline(self, id_tag: str, *, unknown: bool = False) -> AsyncIterator[None]:
        """The configuration and memory states that let the charge point authorize ``id_tag``
        while offline, undone after the block.

        ``unknown``: the tag is unknown to the charge point; only AllowOfflineTxForUnknownId is
        true. Otherwise, per the offline methods the PICS declares: LocalAuthorizeOffline true;
        local_list: LocalAuthListEnabled true and memory state IdTagLocalAuthList (the list is
        emptied again afterwards); cache (when there is no local list to use):
        ``cache_state`` and memory state IdTagCached; unknown_id: AllowOfflineTxForUnknownId true.
        """
        methods = self.pics.capabilities.offline_authorization
        use_list = not unknown and "local_list" in methods
        use_cache = not unknown and not use_list and "cache" in methods
        values = {"AllowOfflineTxForUnknownId": "true"} if unknown else {"LocalAuthorizeOffline": "true"}
        if use_list:
            values["LocalAuthListEnabled"] = "true"
        if use_cache:
            values.update(self.cache_state(self.pics))
        if not unknown and "unknown_id" in methods:
            values["AllowOfflineTxForUnknownId"] = "true"
        async with self.configured(values):
            if use_cache:
                await self.id_tag_cached(id_tag)
            if not use_list:
                yield
                return
            async with self.local_list_restored():
                self.step(f"Memory state IdTagLocalAuthList: {id_tag} in the local authorization list")
                version = await self.local_list_version()
                await self.local_list_sent(max(version, 0) + 1, "Differential", self.listed(id_tag))
                yield

    async def starts_offline(self, id_tag: str, connector: int) -> None:
        """[The EV driver starts a transaction while offline]: plug in, then present the id tag."""
        self.step(f"[Plug in connector {connector} and present id tag {id_tag} while offline]")
        await self.act("plug_in", connector=connector)
        await self.act("present_id_tag", id_tag=id_tag, connector=connector)

    async def offline_start_refused(self, connector: int) -> Transaction:
        """Shared flow of TC_037_2 and TC_037_3: [offline] the EV driver starts a transaction with
        an id tag the CSMS refuses; [online] the queued StartTransaction is answered Invalid.

        The tag is the PICS invalid tag when the PICS declares unknown_id (AllowOfflineTxForUnknownId
        lets the charge point start with a tag it does not know). Otherwise it is the valid tag,
        authorized offline from the local list or cache, which the CSMS answers Invalid as if it
        had been revoked meanwhile: StartTransaction.conf is what StopTransactionOnInvalidId acts
        on either way (OCPP 1.6 §4.8 Start Transaction, §9.1 StopTransactionOnInvalidId).
        """
        unknown = "unknown_id" in self.pics.capabilities.offline_authorization
        tag = self.tags.invalid if unknown else self.tags.valid
        async with self.authorizes_offline(tag, unknown=unknown):
            self.cp.respond(
                "StartTransaction",
                lambda _: {"transactionId": next(self._transaction_ids), "idTagInfo": {"status": "Invalid"}},
                once=True,
            )
            async with self.offline():
                await self.starts_offline(tag, connector)
            self.step("StartTransaction (queued while offline), answered Invalid")
            start = await self.cp.expect(match("StartTransaction", connectorId=connector, idTag=tag))
        return self.transaction_of(start)
