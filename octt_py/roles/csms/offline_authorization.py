"""Local and offline authorization (Core profile) for the fake CSMS: the Authorization Cache
memory state of TC_007_x and TC_061_x, and the preparations of TC_037_x and TC_039, which let
the charge point authorize an id tag while offline.

A module of its own to keep ``core`` readable; it builds on the local authorization list (one
of the offline methods a PICS may declare), so its class extends ``LocalAuthListSteps``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from octt_py.roles.csms.core import CsmsCore, Transaction
from octt_py.roles.csms.local_auth_list import LocalAuthListSteps
from octt_py.session import match
from octt_py.testcase import Requirement, needs
from octt_py.verdict import Fail, Inconclusive

# The configuration states of the cached-id cases (TC_007_x, TC_061_x), as the official tables
# give them.
CACHE_STATE = {"AuthorizationCacheEnabled": "true", "LocalPreAuthorize": "true"}

# What the cached-id cases need from the PICS.
NEEDS_AUTHORIZATION_CACHE: tuple[Requirement, ...] = (
    needs(lambda p: p.capabilities.authorization_cache, "the PICS declares no authorization cache"),
    needs(lambda p: CsmsCore.configurable(p, CACHE_STATE),
          "the PICS declares AuthorizationCacheEnabled or LocalPreAuthorize read-only false"),
)


class OfflineAuthorizationSteps(LocalAuthListSteps):
    # -- the Authorization Cache (OCTT memory state IdTagCached) ----------------------------

    async def id_tag_cached(self, id_tag: str, connector: int) -> None:
        """Memory state IdTagCached: the Authorization Cache holds ``id_tag`` as Accepted and
        nothing else is left of it, reached the simplest way OCPP 1.6 allows: a transaction.
        Reusable state Charging (the Authorize and StartTransaction answers put the tag in the
        cache, §3.5.1), RemoteStopTransaction, [unplug], Available.

        The authorization lapsing after ConnectionTimeOut would do too, but asks the charge
        point for a Preparing on identification, which OCPP leaves optional (§4.9). A charge
        point that cannot be brought to the state has shown nothing about the case under test:
        the case is inconclusive ("precondition IdTagCached not reachable: ..."). Needs
        ``CACHE_STATE``; the case sets it (``configured``).
        """
        self.step(f"Memory state IdTagCached: a transaction with {id_tag} on connector {connector}, stopped again")
        try:
            transaction = await self.charging(connector, id_tag)
            await self.stops_remotely(transaction)
            self.step(f"[Unplug connector {connector}]: StatusNotification Available")
            await self.act("unplug", connector=connector)
            await self.cp.expect(match("StatusNotification", connectorId=connector, status="Available"))
        except Fail as exc:
            raise Inconclusive(f"precondition IdTagCached not reachable: {exc.reason}") from None

    # -- offline authorization (OCTT TC_037_x, TC_039 preparations) -------------------------

    @contextlib.asynccontextmanager
    async def authorizes_offline(self, id_tag: str, *, unknown: bool = False) -> AsyncIterator[None]:
        """The configuration and memory states that let the charge point authorize ``id_tag``
        while offline, undone after the block.

        ``unknown``: the tag is unknown to the charge point; only AllowOfflineTxForUnknownId is
        true. Otherwise, per the offline methods the PICS declares: LocalAuthorizeOffline true;
        local_list: LocalAuthListEnabled true and memory state IdTagLocalAuthList (the list is
        emptied again afterwards); cache (when there is no local list to use):
        ``CACHE_STATE`` and memory state IdTagCached; unknown_id: AllowOfflineTxForUnknownId true.
        """
        methods = self.pics.capabilities.offline_authorization
        use_list = not unknown and "local_list" in methods
        use_cache = not unknown and not use_list and "cache" in methods
        values = {"AllowOfflineTxForUnknownId": "true"} if unknown else {"LocalAuthorizeOffline": "true"}
        if use_list:
            values["LocalAuthListEnabled"] = "true"
        if use_cache:
            values.update(CACHE_STATE)
        if not unknown and "unknown_id" in methods:
            values["AllowOfflineTxForUnknownId"] = "true"
        async with self.configured(values):
            if use_cache:
                await self.id_tag_cached(id_tag, self.connector())
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
