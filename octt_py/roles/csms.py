"""The harness as Central System, facing a charge point DUT (the ``_CS`` cases).

The fake CSMS listens, lets the charge point connect and answers every CALL it sends at once:
BootNotification Accepted with the PICS heartbeat interval, Authorize according to the PICS id
tags, StartTransaction with a fresh transaction id, and so on. A case changes an answer with
``cp.respond(...)`` before the CALL comes. It also keeps what a CSMS knows about the charge
point (connector statuses, open transactions, the link its last accepted boot came on), which
the reusable states Booted / Authorized / Charging and the return to idle after a case use.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import posixpath
import ssl
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from websockets.asyncio.server import ServerConnection

from octt_py.files import (
    DOWNLOAD,
    UPLOAD,
    FileServerError,
    FileServers,
    Transfer,
    shown_url,
    unreachable_url,
)
from octt_py.ocppj.frames import CallError
from octt_py.operator import Operator
from octt_py.pics import Pics
from octt_py.roles.common import Role, now_rfc3339
from octt_py.session import IncomingCall, Link, Payload, Session, match
from octt_py.smart_charging import (
    ChargingProfile,
    CompositeSchedule,
    composite_schedule,
    first_difference,
    parse_time,
)
from octt_py.smart_charging import Transaction as ScheduledTransaction
from octt_py.testcase import Requirement, needs
from octt_py.trace import FindingKind
from octt_py.transport.security import SUBPROTOCOL
from octt_py.transport.server import CsmsServer
from octt_py.validation import SchemaSet
from octt_py.verdict import DutUnreachable, Fail, Inconclusive, NotApplicable

# Charge-point-initiated CALLs a case need not wait for: they may come at any time.
BACKGROUND = ("Heartbeat", "StatusNotification", "MeterValues", "DataTransfer", "SecurityEventNotification")
# Statuses in which a cable (or EV) is still at the connector.
OCCUPIED = ("Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing")
# How far a reported composite limit may be from the oracle's: one step of the 0.1 resolution.
COMPOSITE_LIMIT_TOLERANCE = 0.1
# The measurand of a sampledValue without one (OCPP 1.6 SampledValue) and of an empty Meter*Data key.
DEFAULT_MEASURAND = "Energy.Active.Import.Register"


@dataclass
class Transaction:
    transaction_id: int
    connector_id: int
    id_tag: str


def _cache_states_reachable(pics: Pics) -> bool:
    return FakeCsms.configurable(pics, FakeCsms.cache_state(pics))


# What the cached-id cases (TC_007_x, TC_061_x) need from the PICS.
NEEDS_AUTHORIZATION_CACHE: tuple[Requirement, ...] = (
    needs(lambda p: p.capabilities.authorization_cache, "the PICS declares no authorization cache"),
    needs(_cache_states_reachable, "the PICS declares AuthorizationCacheEnabled, LocalPreAuthorize or "
          "ConnectionTimeOut read-only with another value"),
)


# The configuration state of the local-list start cases (TC_008_x): a listed tag is authorized
# from the Local Authorization List alone, not from the cache.
LOCAL_LIST_STATE = {"LocalPreAuthorize": "true", "AuthorizationCacheEnabled": "false", "LocalAuthListEnabled": "true"}
NEEDS_LOCAL_LIST_STATE: tuple[Requirement, ...] = (
    needs(lambda p: FakeCsms.configurable(p, LOCAL_LIST_STATE),
          "the PICS declares LocalPreAuthorize, AuthorizationCacheEnabled or LocalAuthListEnabled "
          "read-only with another value"),
)


class FakeCsms(Role):
    def __init__(self, pics: Pics, schemas: SchemaSet, operator: Operator) -> None:
        super().__init__(pics, schemas, operator)
        self.cp = Session(
            name=pics.identity.charge_point_id,
            schemas=schemas,
            timing=pics.timing,
            responders=self._default_responders(),
            background=BACKGROUND,
        )
        self.session = self.cp
        self.cp.observers.append(self._observe)
        self.server = CsmsServer(pics.connection, pics.identity.charge_point_id, self._serve)
        self.status: dict[int, str] = {}
        self.transactions: dict[int, Transaction] = {}
        self.booted_link: Link | None = None
        # Start far from 1 so ids from an earlier run of the same DUT are unlikely to collide.
        self._transaction_ids = itertools.count(int(time.time()) % 100_000 * 10 + 1)
        self._unreachable = False

    @property
    def endpoint(self) -> str:
        """The URL the charge point DUT must connect to."""
        return self.server.url

    async def start(self) -> None:
        await self.server.start()

    async def close(self) -> None:
        link = self.cp.link
        if link is not None and not link.closed:
            await link.close()
        await self.server.close()

    async def _serve(self, websocket: ServerConnection) -> None:
        peer = "{}:{}".format(*websocket.remote_address[:2])
        link = Link(websocket, self.cp, peer=peer)
        previous = self.cp.link
        self.cp.attach(link)
        if websocket.subprotocol != SUBPROTOCOL:
            self.trace.finding(
                FindingKind.PROTOCOL,
                f"the charge point connected without offering the {SUBPROTOCOL} subprotocol",
            )
        if previous is not None and not previous.closed:
            await previous.close()
        await link.run()

    # -- what the CSMS answers ---------------------------------------------------------------

    def _default_responders(self) -> dict[str, Any]:
        accepted: Payload = {"status": "Accepted"}
        return {
            "BootNotification": lambda _: {
                "status": "Accepted",
                "currentTime": now_rfc3339(),
                "interval": self.timing.heartbeat_interval,
            },
            "Heartbeat": lambda _: {"currentTime": now_rfc3339()},
            "StatusNotification": lambda _: {},
            "MeterValues": lambda _: {},
            "Authorize": lambda c: {"idTagInfo": self.id_tag_info(c.payload["idTag"])},
            "StartTransaction": self._start_transaction,
            "StopTransaction": self._stop_transaction,
            "DataTransfer": lambda _: {"status": "UnknownVendorId"},
            "DiagnosticsStatusNotification": lambda _: {},
            "FirmwareStatusNotification": lambda _: {},
            "SecurityEventNotification": lambda _: {},
            "LogStatusNotification": lambda _: {},
            "SignedFirmwareStatusNotification": lambda _: {},
            "SignCertificate": lambda _: accepted,
        }

    def id_tag_info(self, id_tag: str) -> Payload:
        """What the CSMS knows of an id tag, from the PICS's configured tags."""
        tags = self.tags
        if id_tag in (tags.valid, tags.valid_2):
            return {"status": "Accepted", "parentIdTag": tags.parent}
        if id_tag == tags.blocked:
            return {"status": "Blocked"}
        if id_tag == tags.expired:
            return {"status": "Expired", "expiryDate": "2020-01-01T00:00:00.000Z"}
        return {"status": "Invalid"}

    def _start_transaction(self, incoming: IncomingCall) -> Payload:
        return {
            "transactionId": next(self._transaction_ids),
            "idTagInfo": self.id_tag_info(incoming.payload["idTag"]),
        }

    def _stop_transaction(self, incoming: IncomingCall) -> Payload:
        id_tag = incoming.payload.get("idTag")
        return {"idTagInfo": self.id_tag_info(id_tag)} if id_tag else {}

    def _observe(self, incoming: IncomingCall) -> None:
        """Keep the CSMS's picture of the charge point up to date from what was answered."""
        reply = getattr(incoming.reply, "payload", None)
        if reply is None:
            return
        payload = incoming.payload
        if incoming.action == "BootNotification" and reply.get("status") == "Accepted":
            self.booted_link = self.cp.link
        elif incoming.action == "StatusNotification":
            self.status[payload["connectorId"]] = payload["status"]
        elif incoming.action == "StartTransaction":
            transaction_id = reply["transactionId"]
            self.transactions[transaction_id] = Transaction(
                transaction_id, payload["connectorId"], payload["idTag"]
            )
        elif incoming.action == "StopTransaction":
            self.transactions.pop(payload["transactionId"], None)

    # -- reusable states (OCTT "Booted", "Authorized", "Charging") ---------------------------

    @property
    def is_booted(self) -> bool:
        return self.cp.connected and self.booted_link is self.cp.link

    async def booted(self, timeout: float | None = None) -> None:
        """Reusable state Booted: connected, BootNotification accepted on this connection."""
        bound = timeout if timeout is not None else self.timing.reboot_timeout
        await self.cp.wait_connected(bound, "waiting for the charge point")
        await self.cp.wait_until(lambda: self.is_booted, timeout=bound, what="an accepted BootNotification")

    async def authorized(self, id_tag: str | None = None, connector: int | None = None) -> IncomingCall:
        """Reusable state Authorized: [present id tag]; Authorize answered Accepted."""
        tag = id_tag or self.tags.valid
        self.step(f"Present id tag {tag}: the charge point sends Authorize")
        await self.act("present_id_tag", id_tag=tag, **({"connector": connector} if connector else {}))
        return await self.cp.expect(match("Authorize", idTag=tag))

    async def charging(self, connector: int = 1, id_tag: str | None = None) -> Transaction:
        """Reusable state Charging: Authorized, [plug in], StartTransaction and Charging."""
        tag = id_tag or self.tags.valid
        await self.authorized(tag, connector)
        self.step(f"Plug in connector {connector}: StartTransaction and StatusNotification Charging")
        await self.act("plug_in", connector=connector)
        start, _ = await self.cp.expect_all(
            match("StartTransaction", connectorId=connector, idTag=tag),
            match("StatusNotification", connectorId=connector, status="Charging"),
        )
        return self.transaction_of(start)

    async def boots_again(self, first: IncomingCall) -> IncomingCall:
        """After a Rejected or Pending boot: the next BootNotification, no earlier than the
        interval the CSMS gave, and no other CALL in between (OCPP 1.6 §4.2)."""
        answer = getattr(first.reply, "payload", {})
        status, interval = answer.get("status"), answer.get("interval", 0)
        again = await self.cp.expect("BootNotification", timeout=interval + self.timing.reboot_timeout)
        waited = (again.at_ns - first.at_ns) / 1e9
        if waited < interval - self.timing.max_time_deviation:
            raise Fail(f"the charge point booted again after {waited:.2f} s; the {status} interval was {interval} s")
        others = [c.action for c in self.cp.received_between(first, again)]
        if others:
            raise Fail(f"while {status} the charge point sent {', '.join(others)}; it may only send BootNotification")
        return again

    async def reports_available(self) -> None:
        """StatusNotification Available for connector 0 and every connector (after a boot)."""
        connectors = range(self.pics.capabilities.connectors + 1)
        await self.cp.expect_all(*(match("StatusNotification", connectorId=n, status="Available") for n in connectors))

    async def reports_every_connector(self, status: str) -> None:
        """StatusNotification ``status`` for connector 0 and every connector (e.g. Unavailable)."""
        connectors = range(self.pics.capabilities.connectors + 1)
        await self.cp.expect_all(*(match("StatusNotification", connectorId=n, status=status) for n in connectors))

    def transaction_of(self, start: IncomingCall) -> Transaction:
        reply = getattr(start.reply, "payload", None)
        if not reply or "transactionId" not in reply:
            raise Fail("the StartTransaction was not answered with a transaction id")
        return Transaction(reply["transactionId"], start.payload["connectorId"], start.payload["idTag"])

    # -- configuration states (OCTT "Before: Configuration State(s)") ------------------------

    async def configuration(self, *keys: str) -> dict[str, str]:
        """GetConfiguration for ``keys``: the value of each one the charge point knows."""
        reply = (await self.cp.call("GetConfiguration", {"key": list(keys)})).payload
        return {
            item["key"]: str(item.get("value", ""))
            for item in reply.get("configurationKey", [])
            if item.get("key") in keys
        }

    @contextlib.asynccontextmanager
    async def configured(self, values: dict[str, str], *, if_implemented: tuple[str, ...] = ()) -> AsyncIterator[None]:
        """Configuration state "<key> is <value>" for the block; the old values are put back after it.

        A key that already has the value is left alone, any other must be changed with
        ChangeConfiguration answered Accepted. Keys in ``if_implemented`` are the catalogue's
        "(If implemented)": a charge point that does not know them skips them.
        """
        current = await self.configuration(*values)
        changed: dict[str, str] = {}
        try:
            for key, value in values.items():
                if key not in current:
                    if key in if_implemented:
                        continue
                    raise Fail(f"configuration state {key} = {value}: the charge point does not report {key}")
                if current[key].strip().lower() == value.lower():
                    continue
                self.step(f"Configuration state: {key} = {value}")
                status = (await self.cp.call("ChangeConfiguration", {"key": key, "value": value})).payload["status"]
                if status != "Accepted":
                    raise Fail(f"configuration state {key} = {value}: ChangeConfiguration was answered {status}")
                changed[key] = current[key]
            yield
        finally:
            for key, value in changed.items():
                self.step(f"Put {key} back to {value}")
                await self._quietly(self.cp.call("ChangeConfiguration", {"key": key, "value": value}))

    # -- connectivity and power (OCTT manual steps) --------------------------------------------

    @contextlib.asynccontextmanager
    async def offline(self) -> AsyncIterator[None]:
        """[Remove the connectivity between the charge point and the CSMS] for the block, then
        [restore it] and wait for the charge point to reconnect.

        A charge point that only lost its connection does not boot again (OCPP 1.6 asks for a
        BootNotification after a (re)boot, §4.2), so the CSMS keeps the registration: the new
        connection counts as booted unless the charge point boots on it. The harness waits, at
        most the PICS response timeout, to see the old connection drop; on a real rig a cut
        cable may go unnoticed that long, which is fine.
        """
        before, registered = self.cp.link, self.is_booted
        self.step("[Remove the connectivity between the charge point and the central system]")
        await self.act("go_offline")
        await self._quietly(self.cp.wait_disconnected(self.timing.ocpp_response_timeout, "going offline"))
        try:
            yield
        except (Exception, asyncio.CancelledError):
            if await self.try_act("go_online"):
                await self._quietly(self._reconnected(before, registered))
            raise
        self.step("[Restore the connectivity between the charge point and the central system]")
        await self.act("go_online")
        await self._reconnected(before, registered)

    async def _reconnected(self, before: Link | None, registered: bool) -> None:
        await self.cp.wait_until(
            lambda: self.cp.connected and self.cp.link is not before,
            timeout=self.timing.reboot_timeout, what="the charge point reconnecting",
        )
        if registered and self.booted_link is before:
            self.booted_link = self.cp.link

    @contextlib.asynccontextmanager
    async def power_cut(self) -> AsyncIterator[None]:
        """[Disconnect the power of the charge point] for the block; the case reconnects it with
        ``power_restored`` after the block. Should the block fail, the power comes back anyway,
        so that no later case finds the charge point switched off."""
        self.step("[Disconnect the power of the charge point]")
        await self.act("power_loss")
        try:
            yield
        except (Exception, asyncio.CancelledError):
            await self.try_act("power_restore")
            raise

    async def power_cycle(self) -> IncomingCall:
        """[Disconnect and reconnect the power of the charge point]: ``power_cut`` then
        ``power_restored``; returns the BootNotification."""
        async with self.power_cut():
            pass
        return await self.power_restored()

    async def power_restored(self) -> IncomingCall:
        """[Reconnect the power of the charge point]: it boots, BootNotification answered Accepted.
        Returns that BootNotification (``statuses_after`` takes the reports that follow it)."""
        self.step("[Reconnect the power of the charge point]: BootNotification, Accepted")
        await self.act("power_restore")
        boot = await self.cp.expect("BootNotification", timeout=self.timing.reboot_timeout)
        await self.booted()
        return boot

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

    async def starts_offline(self, id_tag: str, connector: int = 1) -> None:
        """[The EV driver starts a transaction while offline]: plug in, then present the id tag."""
        self.step(f"[Plug in connector {connector} and present id tag {id_tag} while offline]")
        await self.act("plug_in", connector=connector)
        await self.act("present_id_tag", id_tag=id_tag, connector=connector)

    async def offline_start_refused(self, connector: int = 1) -> Transaction:
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

    # -- meter values (OCTT TC_036, TC_070, TC_071 validations) -----------------------------

    def meter_values_conform(
        self,
        incoming: IncomingCall,
        *,
        contexts: tuple[str | None, ...],
        measurands: list[str] | None = None,
        transaction: Transaction | None = None,
        transaction_id_required: bool = True,
    ) -> list[datetime]:
        """The OCTT rules for one MeterValues; returns the timestamps of its meterValue elements.

        - transactionId is the transaction's (when ``transaction_id_required``, or when present);
        - every sampledValue has a context in ``contexts`` (None: omitted, meaning Sample.Periodic);
        - location EV only for SoC; format Raw (or omitted) carries a decimal number;
        - with ``measurands``: one sampledValue per measurand (per phase), no other measurand;
          an empty list means Energy.Active.Import.Register (OCPP 1.6 §9.1 MeterValuesSampledData).
        """
        payload = incoming.payload
        if transaction is not None and (transaction_id_required or "transactionId" in payload):
            got = payload.get("transactionId")
            if got != transaction.transaction_id:
                raise Fail(f"MeterValues has transactionId {got}, not the running transaction's {transaction.transaction_id}")
        allowed = ", ".join(c or "omitted" for c in contexts)
        stamps = []
        for meter_value in payload.get("meterValue", []):
            stamps.append(meter_timestamp(meter_value["timestamp"]))
            seen: set[tuple[str, str | None]] = set()
            for sampled in meter_value.get("sampledValue", []):
                measurand = sampled.get("measurand", DEFAULT_MEASURAND)
                context = sampled.get("context")
                if context not in contexts:
                    raise Fail(f"a MeterValues sampledValue ({measurand}) has context {context or 'omitted'}; expected {allowed}")
                if sampled.get("location") == "EV" and measurand != "SoC":
                    raise Fail(f"a MeterValues sampledValue ({measurand}) has location EV, allowed only for SoC")
                if sampled.get("format", "Raw") == "Raw" and not _is_decimal(sampled.get("value")):
                    raise Fail(f"a Raw MeterValues sampledValue ({measurand}) has value {sampled.get('value')!r}, not a decimal number")
                key = (measurand, sampled.get("phase"))
                if key in seen:
                    raise Fail(f"MeterValues reports {measurand} twice in one meterValue")
                seen.add(key)
            if measurands is not None:
                wanted, reported = set(measurands or [DEFAULT_MEASURAND]), {m for m, _ in seen}
                if wanted != reported:
                    raise Fail(f"MeterValues reports {sorted(reported)}; the configured measurands are {sorted(wanted)}")
        if not stamps:
            raise Fail("MeterValues carries no meterValue")
        return stamps

    def spaced_by(self, stamps: list[datetime], interval: float, what: str) -> None:
        """The timestamps are in chronological order and consecutive ones ``interval`` apart,
        within the PICS max_time_deviation but at most half an interval, so that a missing (or an
        extra) sample never passes."""
        tolerance = min(self.timing.max_time_deviation, interval / 2)
        for earlier, later in itertools.pairwise(stamps):
            if later <= earlier:
                raise Fail(f"{what} are not in chronological order: {_clock(later)} came after {_clock(earlier)}")
        for earlier, later in itertools.pairwise(stamps):
            gap = (later - earlier).total_seconds()
            if abs(gap - interval) > tolerance:
                raise Fail(
                    f"{what} at {_clock(earlier)} and {_clock(later)} are {gap:.1f} s apart; "
                    f"the interval is {interval:g} s (tolerance {tolerance:g} s)"
                )

    # -- sessions, availability and reset (TC_004_2 … TC_031) --------------------------------

    @staticmethod
    def configurable(pics: Pics, values: dict[str, str]) -> bool:
        """For ``needs(...)``: the configuration states "<key> is <value>" are reachable, i.e. the
        PICS declares none of the keys read-only with another value."""

        def reachable(key: str, value: str) -> bool:
            declared = next((e for name, e in pics.configuration.items() if name.lower() == key.lower()), None)
            return declared is None or not declared.readonly or declared.value.strip().lower() == value.lower()

        return all(reachable(key, value) for key, value in values.items())

    @staticmethod
    def cache_state(pics: Pics) -> dict[str, str]:
        """The configuration states of the cached-id cases (TC_007_x, TC_061_x):
        AuthorizationCacheEnabled and LocalPreAuthorize true, and ConnectionTimeOut
        <connection_timeout> so that memory state IdTagCached's authorization lapses in time."""
        return {
            "AuthorizationCacheEnabled": "true",
            "LocalPreAuthorize": "true",
            "ConnectionTimeOut": str(pics.timing.connection_timeout),
        }

    async def clear_cache(self) -> None:
        """ClearCache, answered Accepted."""
        status = (await self.cp.call("ClearCache", {})).payload["status"]
        if status != "Accepted":
            raise Fail(f"the charge point answered ClearCache with {status}, not Accepted")

    def answers_without_parent(self) -> None:
        """For the rest of the case the CSMS answers Authorize and StartTransaction without a
        parentIdTag: the PICS tags share one parent, which only TC_069 is about."""

        def without_parent(info: Payload) -> Payload:
            return {key: value for key, value in info.items() if key != "parentIdTag"}

        def start_transaction(incoming: IncomingCall) -> Payload:
            answer = self._start_transaction(incoming)
            return {**answer, "idTagInfo": without_parent(answer["idTagInfo"])}

        self.cp.respond("Authorize", lambda c: {"idTagInfo": without_parent(self.id_tag_info(c.payload["idTag"]))})
        self.cp.respond("StartTransaction", start_transaction)

    async def id_tag_cached(self, id_tag: str | None = None, connector: int = 1) -> None:
        """Memory state IdTagCached: reusable state Authorized puts the tag in the Authorization
        Cache (OCPP 1.6 §3.5.3); no cable follows, so the authorization lapses after
        ConnectionTimeOut and the connector is Available again (the flow of TC_004_2).

        Needs the configuration states of ``cache_state``; the case sets them (``configured``).
        """
        tag = id_tag or self.tags.valid
        self.step(f"Memory state IdTagCached: {tag} authorized once, the authorization lapses")
        await self.authorized(tag, connector)
        preparing = await self.cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))
        await self.authorization_times_out(connector, preparing)

    async def authorization_times_out(self, connector: int, preparing: IncomingCall) -> None:
        """[No cable is plugged in]: ConnectionTimeOut after Preparing the connector goes back to
        Available (not later than the PICS max_time_deviation after it, not earlier than that
        deviation but at most half the timeout before it) and no transaction starts.

        ConnectionTimeOut counts "from beginning of status Preparing" (OCPP 1.6 §9.1.7); the
        charge point must run with ConnectionTimeOut = <connection_timeout>. The early bound is
        capped at half the timeout, as in ``spaced_by``, so that a short timeout (the reference
        PICS's 1 s with a 1 s deviation) still catches an authorization that lapses at once.
        """
        timeout, deviation = self.timing.connection_timeout, self.timing.max_time_deviation
        early = min(deviation, timeout / 2)
        self.step(f"[No cable] ConnectionTimeOut ({timeout} s) after Preparing: StatusNotification Available")
        available = await self.cp.expect(
            match("StatusNotification", connectorId=connector, status="Available"),
            timeout=preparing.remaining(timeout + deviation),
        )
        while available.at_ns < preparing.at_ns:  # an older report (e.g. right after the boot)
            available = await self.cp.expect(
                match("StatusNotification", connectorId=connector, status="Available"),
                timeout=preparing.remaining(timeout + deviation),
            )
        waited = (available.at_ns - preparing.at_ns) / 1e9
        if waited < timeout - early:
            raise Fail(
                f"connector {connector} went back to Available {waited:.2f} s after Preparing;"
                f" ConnectionTimeOut is {timeout} s"
            )
        await self.cp.expect_none(match("StartTransaction", connectorId=connector), during=0)

    async def authorize_remote_tx_requests(self) -> bool:
        """GetConfiguration AuthorizeRemoteTxRequests (a required Core key): whether the charge
        point authorizes a remote start with Authorize first (OCPP 1.6 §5.11)."""
        values = await self.configuration("AuthorizeRemoteTxRequests")
        if "AuthorizeRemoteTxRequests" not in values:
            raise Fail("GetConfiguration did not return AuthorizeRemoteTxRequests, a required Core key")
        return values["AuthorizeRemoteTxRequests"].strip().lower() == "true"

    async def remote_start(self, connector: int, id_tag: str | None = None) -> None:
        """RemoteStartTransaction for a connector and id tag, answered Accepted."""
        tag = id_tag or self.tags.valid
        self.step(f"RemoteStartTransaction connector {connector}, id tag {tag}: Accepted")
        payload = {"connectorId": connector, "idTag": tag}
        status = (await self.cp.call("RemoteStartTransaction", payload)).payload["status"]
        if status != "Accepted":
            raise Fail(f"the charge point answered RemoteStartTransaction with {status}, not Accepted")

    async def remote_charging(self, connector: int = 1, id_tag: str | None = None, *, authorize: bool) -> Transaction:
        """Remote start first (TC_011_1): RemoteStartTransaction Accepted; Authorize (answered by
        the PICS tags) if and only if ``authorize``; [plug in]; StatusNotification Preparing (on
        the remote start or on the plug-in), StartTransaction and StatusNotification Charging."""
        tag = id_tag or self.tags.valid
        await self.remote_start(connector, tag)
        if authorize:
            self.step("The charge point authorizes the remote start: Authorize")
            await self.cp.expect(match("Authorize", idTag=tag), timeout=self.timing.remote_start_time)
        self.step(f"[Plug in connector {connector}]: Preparing, StartTransaction and StatusNotification Charging")
        await self.act("plug_in", connector=connector)
        start, _, _ = await self.cp.expect_all(
            match("StartTransaction", connectorId=connector, idTag=tag),
            match("StatusNotification", connectorId=connector, status="Preparing"),
            match("StatusNotification", connectorId=connector, status="Charging"),
            timeout=self.timing.remote_start_time,
        )
        if not authorize:
            await self.cp.expect_none(match("Authorize", idTag=tag), during=0)
        return self.transaction_of(start)

    async def change_availability(self, connector: int, kind: str) -> None:
        """ChangeAvailability ``kind`` for a connector, answered Accepted, and its StatusNotification:
        Unavailable for Inoperative (reusable state SetConnectorUnavailable), Available for
        Operative."""
        status = (await self.cp.call("ChangeAvailability", {"connectorId": connector, "type": kind})).payload["status"]
        if status != "Accepted":
            raise Fail(f"ChangeAvailability {kind} for connector {connector} was answered {status}, not Accepted")
        expected = "Unavailable" if kind == "Inoperative" else "Available"
        await self.cp.expect(match("StatusNotification", connectorId=connector, status=expected))

    async def reset(self, kind: str) -> IncomingCall:
        """Reset ``kind`` answered Accepted; the charge point reboots: it closes the connection,
        connects again and boots (BootNotification answered Accepted). Returns that
        BootNotification; CALLs sent before it stay in the inbox for the case to check."""
        link = self.cp.link
        status = (await self.cp.call("Reset", {"type": kind})).payload["status"]
        if status != "Accepted":
            raise Fail(f"the charge point answered Reset {kind} with {status}, not Accepted")
        bound = self.timing.reboot_timeout
        self.step(f"The charge point reboots after Reset {kind}: connection closed, then BootNotification")
        await self.cp.wait_until(
            lambda: link is None or link.closed, timeout=bound, what=f"closing the connection to reboot (Reset {kind})"
        )
        boot = await self.cp.expect("BootNotification", timeout=bound)
        await self.booted()
        return boot

    async def stops_remotely(self, transaction: Transaction) -> IncomingCall:
        """RemoteStopTransaction answered Accepted, then StopTransaction with reason Remote and
        StatusNotification Finishing in either order (OCPP 1.6 §5.12, §7.43: a stop the CSMS
        asked for has reason Remote, so an omitted reason, meaning Local, fails)."""
        self.step(f"RemoteStopTransaction {transaction.transaction_id}: Accepted")
        reply = await self.cp.call("RemoteStopTransaction", {"transactionId": transaction.transaction_id})
        if reply.payload["status"] != "Accepted":
            raise Fail(f"the charge point answered RemoteStopTransaction with {reply.payload['status']}, not Accepted")
        self.step("StopTransaction (reason Remote) and StatusNotification Finishing, in either order")
        stop, _ = await self.cp.expect_all(
            match("StopTransaction", transactionId=transaction.transaction_id),
            match("StatusNotification", connectorId=transaction.connector_id, status="Finishing"),
            timeout=self.timing.remote_stop_time,
        )
        reason = stop.payload.get("reason", "Local (omitted)")
        if reason != "Remote":
            raise Fail(f"StopTransaction after RemoteStopTransaction has reason {reason}, not Remote")
        return stop

    async def reset_without_transaction(self, kind: str, connector: int = 1) -> None:
        """TC_013_CS / TC_014_CS: an Inoperative connector stays Unavailable across a Hard or Soft
        reset until the CSMS makes it Operative again (availability persists, OCPP 1.6 §5.2)."""
        self.step(f"1. ChangeAvailability Inoperative, connector {connector}: Accepted; Unavailable")
        await self.change_availability(connector, "Inoperative")
        self.step(f"2. Reset {kind}: Accepted")
        boot = await self.reset(kind)
        self.step(f"3. After the boot: StatusNotification for every connector, connector {connector} Unavailable")
        status = (await self.statuses_after(boot))[connector]
        if status != "Unavailable":
            raise Fail(f"after the reboot connector {connector} reports {status}, not Unavailable")
        self.step(f"4. ChangeAvailability Operative, connector {connector}: Accepted; Available")
        await self.change_availability(connector, "Operative")

    async def statuses_after(self, boot: IncomingCall) -> dict[int, str]:
        """The StatusNotification for connector 0 and every connector after a boot (OCPP 1.6
        §4.2), as {connector: status}; the ones from before the boot are skipped."""
        statuses: dict[int, str] = {}
        for connector in range(self.pics.capabilities.connectors + 1):
            while connector not in statuses:
                report = await self.cp.expect(
                    match("StatusNotification", connectorId=connector),
                    timeout=boot.remaining(self.timing.triggered_function_timeout),
                )
                if report.at_ns > boot.at_ns:
                    statuses[connector] = str(report.payload["status"])
        return statuses

    # -- local authorization list (OCTT TC_008_x, TC_042_x, TC_043_x) ------------------------

    def listed(self, *id_tags: str) -> list[Payload]:
        """localAuthorizationList entries putting each tag in the list as Accepted, with the
        parentIdTag the CSMS gives it in Authorize (the PICS parent for the valid tags)."""
        entries = []
        for tag in id_tags:
            info = self.id_tag_info(tag)
            entries.append({"idTag": tag, "idTagInfo": info if info["status"] == "Accepted" else {"status": "Accepted"}})
        return entries

    async def local_list_version(self) -> int:
        """GetLocalListVersion: the version the charge point reports (-1: no local list)."""
        return int((await self.cp.call("GetLocalListVersion", {})).payload["listVersion"])

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

    # -- reservations (OCTT TC_046_x … TC_053_x) ---------------------------------------------

    # Start far from 1 so ids from an earlier run of the same DUT are unlikely to collide.
    _reservation_ids = itertools.count(int(time.time()) % 100_000 * 10 + 1)

    def expiry_date(self, lasting: float | None = None) -> str:
        """A ReserveNow expiryDate ``lasting`` seconds from now.

        By default the PICS reservation_expiry plus operator_timeout: a reservation must outlive
        the case's manual steps; only TC_047, which waits for the expiry, uses reservation_expiry
        alone. Cases cancel what they reserve (``reserved``), so the long default is never
        left behind."""
        seconds = lasting if lasting is not None else self.timing.reservation_expiry + self.timing.operator_timeout
        return datetime.fromtimestamp(time.time() + seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    async def reserve_now(
        self, connector: int, id_tag: str | None = None, *, parent_id_tag: str | None = None, lasting: float | None = None
    ) -> tuple[str, int]:
        """ReserveNow for a connector (0: the charge point) and id tag; returns the status
        answered and the reservationId used."""
        tag = id_tag or self.tags.valid
        reservation_id = next(self._reservation_ids)
        payload: Payload = {
            "connectorId": connector, "expiryDate": self.expiry_date(lasting), "idTag": tag, "reservationId": reservation_id,
        }
        if parent_id_tag is not None:
            payload["parentIdTag"] = parent_id_tag
        self.step(f"ReserveNow connector {connector}, id tag {tag}" + (f", parentIdTag {parent_id_tag}" if parent_id_tag else ""))
        status = str((await self.cp.call("ReserveNow", payload)).payload["status"])
        return status, reservation_id

    @contextlib.asynccontextmanager
    async def reserved(
        self,
        connector: int,
        id_tag: str | None = None,
        *,
        parent_id_tag: str | None = None,
        lasting: float | None = None,
        holds: int | None = None,
    ) -> AsyncIterator[int]:
        """ReserveNow answered Accepted and StatusNotification Reserved for the connector that
        holds the reservation (``holds``, by default ``connector``; a reservation of connector 0
        holds the last free connector). Yields the reservationId.

        After the block a reservation still in place (its connector still reported Reserved, or
        never reported so) is cancelled with CancelReservation: no case leaves one behind. One
        a transaction used, the case cancelled or that expired is left alone.
        """
        status, reservation_id = await self.reserve_now(connector, id_tag, parent_id_tag=parent_id_tag, lasting=lasting)
        if status != "Accepted":
            raise Fail(f"ReserveNow for connector {connector} was answered {status}, not Accepted")
        held = connector if holds is None else holds
        reported = False
        try:
            self.step(f"StatusNotification Reserved for connector {held}")
            await self.cp.expect(match("StatusNotification", connectorId=held, status="Reserved"))
            reported = True
            yield reservation_id
        finally:
            if not reported or self.status.get(held) == "Reserved":
                self.step(f"Cancel reservation {reservation_id}, still in place after the case")
                await self._quietly(self.cp.call("CancelReservation", {"reservationId": reservation_id}))

    async def reservation_refused(self, connector: int, expected: str, id_tag: str | None = None) -> None:
        """ReserveNow answered ``expected`` (Faulted, Occupied, Unavailable or Rejected). A
        reservation wrongly Accepted is cancelled again before the case fails."""
        status, reservation_id = await self.reserve_now(connector, id_tag)
        if status == expected:
            return
        if status == "Accepted":
            await self._quietly(self.cp.call("CancelReservation", {"reservationId": reservation_id}))
        raise Fail(f"ReserveNow for connector {connector} was answered {status}, not {expected}")

    async def reservation_cancelled(self, reservation_id: int, connector: int) -> None:
        """CancelReservation answered Accepted, and StatusNotification Available for the
        connector the reservation held."""
        status = (await self.cp.call("CancelReservation", {"reservationId": reservation_id})).payload["status"]
        if status != "Accepted":
            raise Fail(f"CancelReservation {reservation_id} was answered {status}, not Accepted")
        await self.cp.expect(match("StatusNotification", connectorId=connector, status="Available"))

    async def connector_occupied(self, connector: int) -> None:
        """Reusable state SetConnectorOccupied: [plug in the cable]; StatusNotification Preparing."""
        self.step(f"Reusable state SetConnectorOccupied: [plug in connector {connector}], Preparing")
        await self.act("plug_in", connector=connector)
        await self.cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))

    async def connector_unavailable(self, connector: int) -> None:
        """Reusable state SetConnectorUnavailable: ChangeAvailability Inoperative, Accepted;
        StatusNotification Unavailable. The runner makes the charge point Operative again."""
        self.step(f"Reusable state SetConnectorUnavailable: connector {connector} Inoperative")
        await self.change_availability(connector, "Inoperative")

    async def unused_connectors_unavailable(self, used: int) -> None:
        """Reusable state SetConnectorUnavailable for all unused connectors: every connector but
        ``used`` (nothing to do on a single-connector charge point)."""
        for connector in range(1, self.pics.capabilities.connectors + 1):
            if connector != used:
                await self.connector_unavailable(connector)

    async def charge_point_unavailable(self) -> None:
        """Reusable state SetChargePointUnavailable: ChangeAvailability connector 0 Inoperative,
        Accepted; StatusNotification Unavailable for connector 0 and every connector."""
        self.step("Reusable state SetChargePointUnavailable: connector 0 Inoperative")
        status = (await self.cp.call("ChangeAvailability", {"connectorId": 0, "type": "Inoperative"})).payload["status"]
        if status != "Accepted":
            raise Fail(f"ChangeAvailability Inoperative for connector 0 was answered {status}, not Accepted")
        connectors = range(self.pics.capabilities.connectors + 1)
        await self.cp.expect_all(*(match("StatusNotification", connectorId=n, status="Unavailable") for n in connectors))

    @contextlib.asynccontextmanager
    async def faulted(self, connector: int) -> AsyncIterator[None]:
        """[Put the connector (0: the charge point) into a fault] for the block: StatusNotification
        Faulted for it. Afterwards [clear the fault] and wait for it to be Available again (the
        runner's return to idle leaves a Faulted connector as it is)."""
        self.step(f"[Put connector {connector} into a fault]: StatusNotification Faulted")
        await self.act("fault", connector=connector)
        try:
            await self.cp.expect(match("StatusNotification", connectorId=connector, status="Faulted"))
            yield
        finally:
            self.step(f"[Clear the fault on connector {connector}]: StatusNotification Available")
            if await self.try_act("clear_fault", connector=connector):
                await self._quietly(self.cp.wait_until(
                    lambda: self.status.get(connector) == "Available",
                    timeout=self.timing.triggered_function_timeout, what=f"connector {connector} Available again",
                ))

    @contextlib.asynccontextmanager
    async def switched(self, action: str) -> AsyncIterator[None]:
        """A test-rig condition for the block (operator action ``action`` with enabled true, e.g.
        local_list_failure, reservation_refusal), switched off again after it."""
        await self.act(action, enabled=True)
        try:
            yield
        finally:
            await self.try_act(action, enabled=False)

    # -- smart charging (OCTT TC_056 … TC_082) -----------------------------------------------

    # The profiles the case installed, as the charge point must now hold them; None outside
    # ``no_charging_profiles``. The composite schedule is checked against the oracle's reading
    # of these (octt_py.smart_charging), never against the charge point's own account.
    _installed_profiles: list[ChargingProfile] | None = None

    @property
    def rate_unit(self) -> str:
        """<Configured chargingRateUnit>: the first unit of the PICS charging_rate_units."""
        return (self.pics.capabilities.charging_rate_units or ("A",))[0]

    @property
    def installed_profiles(self) -> list[ChargingProfile]:
        if self._installed_profiles is None:
            self._installed_profiles = []
        return self._installed_profiles

    def charging_profile(
        self,
        profile_id: int,
        purpose: str,
        periods: list[tuple[int, float]],
        *,
        base: datetime,
        stack_level: int = 0,
        kind: str = "Absolute",
        duration: int | None = None,
        valid_for: int = 86_400,
        transaction_id: int | None = None,
        unit: str | None = None,
    ) -> Payload:
        """A csChargingProfiles written the way the OCTT memory states write one.

        ``periods`` are (startPeriod, limit in A); in W every limit is multiplied by 1000 (the
        catalogue's note), and each period has numberPhases <Configured numberPhases>. Times
        count from ``base`` (the case takes it once, so its profiles line up): validFrom and an
        Absolute startSchedule are <base - max time deviation>, validTo is <base + max time
        deviation + valid_for>, and an Absolute duration is ``duration`` + max time deviation,
        so the schedule ends ``duration`` s after ``base``. A Relative schedule has no
        startSchedule; its duration counts from the start of the transaction (§7.9).
        """
        unit = unit or self.rate_unit
        deviation = timedelta(seconds=self.timing.max_time_deviation)
        scale = 1000 if unit == "W" else 1
        phases = self.pics.capabilities.phases
        schedule: Payload = {}
        if duration is not None:
            lead = math.ceil(deviation.total_seconds()) if kind != "Relative" else 0
            schedule["duration"] = duration + lead
        if kind != "Relative":
            schedule["startSchedule"] = _rfc3339(base - deviation)
        schedule["chargingRateUnit"] = unit
        schedule["chargingSchedulePeriod"] = [
            {"startPeriod": start, "limit": float(limit * scale), "numberPhases": phases}
            for start, limit in periods
        ]
        profile: Payload = {"chargingProfileId": profile_id}
        if transaction_id is not None:
            profile["transactionId"] = transaction_id
        profile.update({
            "stackLevel": stack_level,
            "chargingProfilePurpose": purpose,
            "chargingProfileKind": kind,
            "validFrom": _rfc3339(base - deviation),
            "validTo": _rfc3339(base + deviation + timedelta(seconds=valid_for)),
            "chargingSchedule": schedule,
        })
        return profile

    @contextlib.asynccontextmanager
    async def no_charging_profiles(self) -> AsyncIterator[None]:
        """Memory state "no charging profiles installed" for the block: ClearChargingProfile
        without criteria before it (Accepted, or Unknown when there was none to clear), and the
        same again after it, so no profile of the case outlives it."""
        self.step("Memory state: no charging profiles installed (ClearChargingProfile, no criteria)")
        status = (await self.cp.call("ClearChargingProfile", {})).payload["status"]
        if status not in ("Accepted", "Unknown"):
            raise Fail(f"memory state without charging profiles: ClearChargingProfile was answered {status}")
        self._installed_profiles = []
        try:
            yield
        finally:
            self.step("Clear the charging profiles the case installed")
            await self._quietly(self.cp.call("ClearChargingProfile", {}))
            self._installed_profiles = None

    async def sets_profile(self, connector: int, profile: Payload) -> None:
        """SetChargingProfile of ``profile`` on ``connector``, which must be Accepted. The profile
        joins the installed ones, replacing one with the same chargingProfileId or the same
        stackLevel and purpose on that connector (§3.13.2, §5.16.3)."""
        what = f"{profile['chargingProfilePurpose']} {profile['chargingProfileId']} on connector {connector}"
        payload = {"connectorId": connector, "csChargingProfiles": profile}
        status = (await self.cp.call("SetChargingProfile", payload)).payload["status"]
        if status != "Accepted":
            raise Fail(f"SetChargingProfile ({what}) was answered {status}, not Accepted")
        self._installs(ChargingProfile.from_ocpp(profile, connector_id=connector))

    async def profile_refused(self, connector: int, profile: Payload, why: str) -> None:
        """SetChargingProfile that the charge point must refuse (``why``): Rejected, or a
        CALLERROR PropertyConstraintViolation (the catalogue allows both for TC_058_1)."""
        payload = {"connectorId": connector, "csChargingProfiles": profile}
        outcome = await self.cp.call("SetChargingProfile", payload)
        if isinstance(outcome.reply, CallError):
            if outcome.reply.error_code == "PropertyConstraintViolation":
                return
            _ = outcome.payload  # any other CALLERROR fails the case
        status = outcome.payload["status"]
        if status != "Rejected":
            raise Fail(f"the charge point answered SetChargingProfile ({why}) with {status}, not Rejected")

    async def clears_profiles(self, **criteria: Any) -> None:
        """ClearChargingProfile with ``criteria`` (id, connectorId, chargingProfilePurpose,
        stackLevel), which must be Accepted. The installed profiles it selects go: the one with
        the id when an id is given, else every one matching all the given fields."""
        shown = ", ".join(f"{k} {v}" for k, v in criteria.items()) or "without criteria"
        status = (await self.cp.call("ClearChargingProfile", criteria)).payload["status"]
        if status != "Accepted":
            raise Fail(f"ClearChargingProfile ({shown}) was answered {status}, not Accepted")
        fields = {"connectorId": "connector_id", "chargingProfilePurpose": "purpose", "stackLevel": "stack_level"}

        def selected(p: ChargingProfile) -> bool:
            if "id" in criteria:
                return p.id == criteria["id"]
            return all(getattr(p, fields[k]) == v for k, v in criteria.items() if k in fields)

        self._installed_profiles = [p for p in self.installed_profiles if not selected(p)]

    def _installs(self, profile: ChargingProfile) -> None:
        self._installed_profiles = [
            p for p in self.installed_profiles
            if p.id != profile.id
            and (p.stack_level, p.purpose, p.connector_id) != (profile.stack_level, profile.purpose, profile.connector_id)
        ] + [profile]

    async def composite_matches(
        self, connector: int, duration: int, *, unit: str | None = None,
        transaction: ScheduledTransaction | None = None,
    ) -> CompositeSchedule:
        """GetCompositeSchedule for ``connector``, ``duration`` s, in ``unit`` (default the
        configured one): Accepted, for that connector and unit, and equal to the oracle's
        composite of the installed profiles from the moment the request was sent (PICS voltage
        and phases; ``transaction`` anchors Relative schedules and selects TxProfiles).

        Tolerances: times within the PICS max_time_deviation (scheduleStart, duration, period
        boundaries); limits within COMPOSITE_LIMIT_TOLERANCE, one step of the 0.1 resolution, so
        a converted limit rounded either way passes. Where no installed profile applies any
        limit passes: OCPP leaves it to the charge point (§3.13.6 "as if no constraints apply").
        The first difference fails the case, e.g. "GetCompositeSchedule connector 1: period 2
        (from +60 s): expected 8.0 A, got 16.0 A".
        """
        unit = unit or self.rate_unit
        where = f"GetCompositeSchedule connector {connector}"
        request = {"connectorId": connector, "duration": duration, "chargingRateUnit": unit}
        sent_at = datetime.now(UTC)
        reply = (await self.cp.call("GetCompositeSchedule", request)).payload
        if reply.get("status") != "Accepted":
            raise Fail(f"{where} was answered {reply.get('status')}, not Accepted")
        if reply.get("connectorId", connector) != connector:
            raise Fail(f"{where} was answered for connector {reply.get('connectorId')}")
        try:
            actual = CompositeSchedule.from_ocpp(reply)
        except ValueError as exc:
            raise Fail(f"{where}: {exc}") from None
        caps = self.pics.capabilities
        expected = composite_schedule(
            self.installed_profiles, connector_id=connector, start=sent_at, duration=duration,
            unit=unit, voltage=caps.voltage, phases=caps.phases, transaction=transaction,
        )
        self.trace.note(f"{where}: expected {_shown(expected)}; got {_shown(actual)}")
        problem = first_difference(
            expected, actual, time_tolerance=self.timing.max_time_deviation,
            limit_tolerance=COMPOSITE_LIMIT_TOLERANCE,
        )
        if problem is not None:
            raise Fail(f"{where}: {problem}")
        return actual

    def _noting_start(self) -> dict[int, str]:
        """Answer the next StartTransaction as usual and note its timestamp by transaction id."""
        started: dict[int, str] = {}

        def answer(incoming: IncomingCall) -> Payload:
            reply = self._start_transaction(incoming)
            started[reply["transactionId"]] = incoming.payload["timestamp"]
            return reply

        self.cp.respond("StartTransaction", answer, once=True)
        return started

    @staticmethod
    def _scheduled(transaction: Transaction, started: dict[int, str]) -> ScheduledTransaction:
        stamp = started.get(transaction.transaction_id)
        try:
            start = parse_time(stamp) if stamp else datetime.now(UTC)
        except ValueError:  # the schema check reports a malformed timestamp
            start = datetime.now(UTC)
        return ScheduledTransaction(transaction.transaction_id, start)

    async def charging_scheduled(self, connector: int = 1) -> ScheduledTransaction:
        """Reusable state Charging, as the composite schedule sees the transaction: its id and
        the moment the charge point says it started (StartTransaction timestamp), from which
        Relative schedules count (§7.9)."""
        started = self._noting_start()
        return self._scheduled(await self.charging(connector), started)

    async def remote_charging_with_profile(self, connector: int, profile: Payload) -> ScheduledTransaction:
        """RemoteStartTransaction carrying ``profile`` (a TxProfile without transactionId,
        §5.16.2), answered Accepted; Authorize when AuthorizeRemoteTxRequests is true; [plug in];
        StatusNotification Preparing, StartTransaction and StatusNotification Charging. The
        profile is then installed on ``connector`` for that transaction."""
        tag = self.tags.valid
        authorize = await self.authorize_remote_tx_requests()
        self.step(f"RemoteStartTransaction connector {connector}, id tag {tag}, with a TxProfile: Accepted")
        payload = {"connectorId": connector, "idTag": tag, "chargingProfile": profile}
        status = (await self.cp.call("RemoteStartTransaction", payload)).payload["status"]
        if status != "Accepted":
            raise Fail(f"the charge point answered RemoteStartTransaction with a TxProfile with {status}, not Accepted")
        self._installs(ChargingProfile.from_ocpp(profile, connector_id=connector))
        started = self._noting_start()
        if authorize:
            self.step("The charge point authorizes the remote start: Authorize")
            await self.cp.expect(match("Authorize", idTag=tag), timeout=self.timing.remote_start_time)
        self.step(f"[Plug in connector {connector}]: Preparing, StartTransaction and StatusNotification Charging")
        await self.act("plug_in", connector=connector)
        start, _, _ = await self.cp.expect_all(
            match("StartTransaction", connectorId=connector, idTag=tag),
            match("StatusNotification", connectorId=connector, status="Preparing"),
            match("StatusNotification", connectorId=connector, status="Charging"),
            timeout=self.timing.remote_start_time,
        )
        return self._scheduled(self.transaction_of(start), started)

    # -- firmware and diagnostics (OCTT TC_044_x, TC_045_x) ----------------------------------

    @staticmethod
    def file_schemes(pics: Pics, *, served: bool = True) -> list[str]:
        """The URL schemes of the PICS (capabilities.firmware_url_schemes) the harness can use.
        ``served``: those it can serve files on: http, ftp, and https when the PICS gives the
        harness's TLS certificate and key (connection.tls_cert_file, tls_key_file). Otherwise:
        those it can write a location for where nothing listens (http, https, ftp)."""
        connection = pics.connection
        tls = bool(connection.tls_cert_file and connection.tls_key_file)
        usable = ("http", "https", "ftp") if tls or not served else ("http", "ftp")
        return [s for s in pics.capabilities.firmware_url_schemes if s in usable]

    def file_scheme(self, prefer: str, *, served: bool = True) -> str:
        """``prefer`` when the PICS declares it and the harness can use it (``file_schemes``),
        else the first scheme that is; the case's ``needs`` makes sure there is one."""
        usable = self.file_schemes(self.pics, served=served)
        if not usable:
            declared = ", ".join(self.pics.capabilities.firmware_url_schemes)
            raise NotApplicable(f"the PICS declares firmware_url_schemes {declared}; the harness cannot serve any")
        return prefer if prefer in usable else usable[0]

    @contextlib.asynccontextmanager
    async def serving_files(self, scheme: str) -> AsyncIterator[FileServers]:
        """The harness's file server for the block: ``scheme`` (http, https or ftp) on the PICS
        connection.listen_host, serving a generated firmware image under /firmware/ and taking
        uploads under /upload/ (``octt_py.files``). It is stopped after the block whatever
        happened: nothing is left listening. A server that cannot start (port, certificate)
        leaves the case inconclusive: that proves nothing about the charge point."""
        connection = self.pics.connection
        files: FileServers | None = None
        try:
            tls = None
            if scheme == "https":
                tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                tls.load_cert_chain(connection.tls_cert_file, connection.tls_key_file)
            files = FileServers(schemes=(scheme,), host=connection.listen_host, tls=tls)
            await files.start()
        except (FileServerError, OSError) as exc:
            if files is not None:
                await files.close()
            raise Inconclusive(f"the harness could not serve files over {scheme}: {exc}") from None
        self.trace.note(f"file server up: {shown_url(files.url_for(scheme, '/'))}")
        try:
            yield files
        finally:
            await files.close()
            for transfer in files.transfers:
                self.trace.note(f"file server saw: {transfer.describe()}")
            self.trace.note("file server stopped")

    def unreachable_location(self, scheme: str, path: str) -> str:
        """A ``scheme`` location on the PICS listen_host where nothing listens (a port just
        released), so a transfer there fails at once. For a wildcard listen_host the URL names
        127.0.0.1: on a charge point elsewhere that is its own loopback, as unreachable."""
        host = self.pics.connection.listen_host
        return unreachable_url(scheme, host="127.0.0.1" if host in ("", "0.0.0.0", "::") else host, path=path)

    async def update_firmware(self, location: str, **extra: Any) -> None:
        """UpdateFirmware for ``location`` with retrieveDate now (and ``extra``: retries,
        retryInterval), answered with an UpdateFirmware.conf (which has no fields)."""
        self.step(f"UpdateFirmware, location {shown_url(location)}, retrieveDate now")
        payload = {"location": location, "retrieveDate": now_rfc3339(), **extra}
        _ = (await self.cp.call("UpdateFirmware", payload)).payload

    async def get_diagnostics(self, location: str, **extra: Any) -> str | None:
        """GetDiagnostics for ``location`` (and ``extra``: retries, retryInterval); returns the
        fileName answered, None when the charge point has no diagnostics file (§5.9)."""
        self.step(f"GetDiagnostics, location {shown_url(location)}")
        reply = (await self.cp.call("GetDiagnostics", {"location": location, **extra})).payload
        return str(reply["fileName"]) if reply.get("fileName") else None

    async def firmware_status(self, expected: str, *, after: str, timeout: float | None = None) -> IncomingCall:
        """The charge point's next FirmwareStatusNotification, which must report ``expected``
        (``after`` names what came before it, for the verdict); bounded by ``timeout``, by
        default the PICS triggered function timeout."""
        return await self._next_status("FirmwareStatusNotification", expected, after, timeout)

    async def diagnostics_status(self, expected: str, *, after: str, timeout: float | None = None) -> IncomingCall:
        """The charge point's next DiagnosticsStatusNotification, which must report ``expected``."""
        return await self._next_status("DiagnosticsStatusNotification", expected, after, timeout)

    async def _next_status(self, action: str, expected: str, after: str, timeout: float | None) -> IncomingCall:
        got = await self.cp.expect(match(action, label=f"status {expected}"), timeout=timeout)
        status = got.payload.get("status")
        if status != expected:
            raise Fail(f"after {after} the charge point sent {action} {status}; expected {expected}")
        return got

    async def _transferred(self, files: FileServers, direction: str, what: str, since: IncomingCall) -> Transfer:
        """The next complete ``direction`` transfer on ``files``, within the PICS triggered
        function timeout of ``since`` (the Downloading / Uploading notification)."""
        limit = self.timing.triggered_function_timeout
        wait = files.wait_for_download if direction == DOWNLOAD else files.wait_for_upload
        try:
            got = await wait(since.remaining(limit))
        except TimeoutError:
            broken = [t for t in files.transfers if t.direction == direction and not t.ok]
            hint = f"; it broke off: {broken[-1].error}" if broken else ""
            raise Fail(
                f"the charge point did not {what} within {limit:g} s of "
                f"{since.action} {since.payload.get('status')}{hint}"
            ) from None
        self.trace.note(got.describe())
        return got

    async def firmware_downloaded(self, files: FileServers, scheme: str) -> IncomingCall:
        """UpdateFirmware with the firmware ``files`` serves over ``scheme`` (retrieveDate now);
        FirmwareStatusNotification Downloading; the charge point really downloads the whole
        image from the harness's server (sha256 as served) within the PICS triggered function
        timeout of Downloading; then FirmwareStatusNotification Downloaded, not before the
        download began. Returns the Downloaded notification."""
        location = files.firmware_url(scheme)
        shown = shown_url(location)
        await self.update_firmware(location)
        self.step("FirmwareStatusNotification Downloading")
        downloading = await self.firmware_status("Downloading", after="UpdateFirmware")
        self.step(f"The charge point downloads the firmware from {shown}")
        got = await self._transferred(files, DOWNLOAD, f"download the firmware from {shown}", downloading)
        if got.path != files.firmware_path or got.sha256 != files.firmware_sha256:
            raise Fail(
                f"the charge point downloaded {got.path} ({got.size} bytes, sha256 {got.sha256[:12]}…), not the "
                f"firmware image at {shown} ({len(files.firmware)} bytes, sha256 {files.firmware_sha256[:12]}…)"
            )
        self.step("FirmwareStatusNotification Downloaded")
        downloaded = await self.firmware_status("Downloaded", after="Downloading")
        if downloaded.at_ns < got.started * 1e9:
            raise Fail(f"the charge point reported Downloaded before it began to download the firmware from {shown}")
        return downloaded

    async def firmware_installed(self, outcome: str) -> None:
        """After Downloaded: FirmwareStatusNotification Installing and StatusNotification
        Unavailable for connector 0 and every connector (in either order); the charge point
        reboots: BootNotification (answered Accepted, within the PICS reboot timeout) and
        StatusNotification Available for connector 0 and every connector; then
        FirmwareStatusNotification ``outcome`` (Installed; InstallationFailed in TC_044_3).
        Installing and Unavailable must come before the reboot, ``outcome`` after it."""
        timing, connectors = self.timing, range(self.pics.capabilities.connectors + 1)
        self.step("FirmwareStatusNotification Installing; StatusNotification Unavailable for every connector")
        installing = await self.firmware_status("Installing", after="Downloaded")
        unavailable = await self.cp.expect_all(
            *(match("StatusNotification", connectorId=n, status="Unavailable") for n in connectors)
        )
        self.step("The charge point reboots to install the firmware: BootNotification, Accepted")
        boot = await self.cp.expect("BootNotification", timeout=timing.reboot_timeout)
        await self.booted()
        for report in (installing, *unavailable):
            if report.at_ns > boot.at_ns:
                what = " ".join(f"{report.payload[k]}" for k in ("connectorId", "status") if k in report.payload)
                raise Fail(f"{report.action} {what} came after the reboot; it must come before the reboot")
        self.step("StatusNotification Available for connector 0 and every connector after the reboot")
        for connector, status in (await self.statuses_after(boot)).items():
            if status != "Available":
                raise Fail(f"after the firmware reboot connector {connector} reports {status}, not Available")
        self.step(f"FirmwareStatusNotification {outcome}")
        final = await self.firmware_status(outcome, after="the reboot")
        if final.at_ns < boot.at_ns:
            raise Fail(f"FirmwareStatusNotification {outcome} came before the reboot; it must come after it")

    async def diagnostics_uploaded(self, files: FileServers, scheme: str) -> Transfer:
        """GetDiagnostics with the upload folder ``files`` serves over ``scheme``, answered with
        a fileName; DiagnosticsStatusNotification Uploading; the charge point really uploads a
        non-empty file of that name to the harness's server within the PICS triggered function
        timeout of Uploading; then DiagnosticsStatusNotification Uploaded, not before the upload
        began. A charge point without a diagnostics file (no fileName) leaves the case
        inconclusive: it has nothing to upload. Returns the upload."""
        location = files.upload_url(scheme)
        shown = shown_url(location)
        file_name = await self.get_diagnostics(location)
        if file_name is None:
            raise Inconclusive("the charge point answered GetDiagnostics without a fileName: it has no diagnostics to upload")
        self.step("DiagnosticsStatusNotification Uploading")
        uploading = await self.diagnostics_status("Uploading", after="GetDiagnostics")
        self.step(f"The charge point uploads {file_name} to {shown}")
        got = await self._transferred(files, UPLOAD, f"upload its diagnostics to {shown}", uploading)
        if posixpath.basename(got.path) != posixpath.basename(file_name):
            raise Fail(f"the charge point uploaded {got.path}; its GetDiagnostics.conf named the file {file_name}")
        if got.size == 0:
            raise Fail(f"the diagnostics file the charge point uploaded to {shown} is empty")
        self.step("DiagnosticsStatusNotification Uploaded")
        uploaded = await self.diagnostics_status("Uploaded", after="Uploading")
        if uploaded.at_ns < got.started * 1e9:
            raise Fail(f"the charge point reported Uploaded before it began to upload its diagnostics to {shown}")
        return got

    # -- between cases -----------------------------------------------------------------------

    async def ensure_reachable(self) -> None:
        """Before a case: the charge point must be connected and booted, or come back soon."""
        # Once the DUT has been lost, later cases only take a short look: a cascade of long
        # waits would turn one dead DUT into an hour of identical verdicts.
        bound = min(self.timing.ocpp_response_timeout, self.timing.reboot_timeout) if self._unreachable else None
        try:
            await self.booted(bound)
        except Fail as exc:
            self._unreachable = True
            raise DutUnreachable(f"DUT unreachable: {exc.reason}") from None
        self._unreachable = False

    async def prepare(self) -> None:
        """Memory state "no id tag cached": clear the authorization cache before every case.

        OCTT's reusable state Authorized needs an Authorize round trip, which a conformant charge
        point skips for a tag an earlier case left in its cache (LocalPreAuthorize). Cases that
        need a cached tag (memory state IdTagCached) put it there themselves.
        """
        if self.pics.capabilities.authorization_cache:
            self.step("Before the case: ClearCache (memory state: no id tag cached)")
            await self._quietly(self.cp.call("ClearCache", {}))
        # A charge point that has only just booted may still be reporting its connectors; those
        # reports belong to the boot (reusable state Booted), not to the case's own steps, which
        # would otherwise take a boot-time Available for the one they wait for.
        connectors = range(self.pics.capabilities.connectors + 1)
        await self._quietly(self.cp.wait_until(
            lambda: all(n in self.status for n in connectors), timeout=self.timing.triggered_function_timeout,
            what="before the case, a StatusNotification for every connector after the boot",
        ))

    async def restore_idle(self) -> None:
        """Stop what the case left running and free the connectors, tolerating refusals."""
        if not self.cp.connected:
            return
        try:
            await self.booted()
        except Fail:
            return
        for transaction in list(self.transactions.values()):
            await self._quietly(
                self.cp.call("RemoteStopTransaction", {"transactionId": transaction.transaction_id})
            )
        await self._quietly(
            self.cp.wait_until(
                lambda: not self.transactions, timeout=self.timing.triggered_function_timeout,
                what="stopping the open transactions",
            )
        )
        for connector, status in sorted(self.status.items()):
            if connector == 0 or status not in OCCUPIED or await self.try_act("unplug", connector=connector):
                continue
            if status != "Preparing":  # a cable still locked (UnlockConnectorOnEVSideDisconnect false)
                await self._quietly(self.cp.call("UnlockConnector", {"connectorId": connector}))
                await self.try_act("unplug", connector=connector)
        if any(status == "Unavailable" for status in self.status.values()):
            await self._quietly(self.cp.call("ChangeAvailability", {"connectorId": 0, "type": "Operative"}))
        await self._quietly(
            self.cp.wait_until(
                lambda: all(s in ("Available", "Unavailable", "Faulted") for s in self.status.values()),
                timeout=self.timing.triggered_function_timeout,
                what="connectors back to Available",
            )
        )

    async def _quietly(self, step: Any) -> None:
        try:
            await step
        except (Fail, asyncio.TimeoutError) as exc:
            self.trace.note(f"tidying up after the case: {exc}")


def meter_timestamp(text: str) -> datetime:
    """A MeterValue timestamp as an aware UTC datetime (the schema guarantees date-time form)."""
    moment = datetime.fromisoformat(text.upper())
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _is_decimal(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return value.strip().lower() not in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity")


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S.%f")[:-3]


def _rfc3339(moment: datetime) -> str:
    """An OCPP date-time (UTC, milliseconds) for a moment other than now."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _shown(schedule: CompositeSchedule) -> str:
    """A composite schedule in one line, for the trace: "+0 s 6.0 A, +60 s 10.0 A"."""
    periods = ", ".join(
        f"+{p.start} s {'any' if p.limit is None else f'{p.limit:.1f}'} {schedule.unit}"
        for p in schedule.periods
    )
    return f"{periods} (from {schedule.start:%H:%M:%S}, {schedule.duration} s)"
