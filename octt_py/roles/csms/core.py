"""The Core profile of the fake CSMS, and the class every other profile module builds on.

The fake CSMS listens, lets the charge point connect and answers every CALL it sends at once:
BootNotification Accepted with the PICS heartbeat interval, Authorize according to the PICS id
tags, StartTransaction with a fresh transaction id, and so on. A case changes an answer with
``cp.respond(...)`` before the CALL comes. It also keeps what a CSMS knows about the charge
point (connector statuses, open transactions, the link its last accepted boot came on), which
the reusable states Booted / Authorized / Charging and the return to idle after a case use.

``CsmsCore`` holds that, the configuration states, connectivity and power, the steps the Core
cases share on sessions, availability and reset, and the return to idle between cases. Every
other module of the package extends it; the Core steps on offline authorization and meter
values have modules of their own, to keep this one readable.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from websockets.asyncio.server import ServerConnection

from octt_py.checks import ChargePointChecks
from octt_py.operator import Operator, OperatorOutcome
from octt_py.pics import Pics, Profile
from octt_py.roles.common import Role, now_rfc3339
from octt_py.session import Exchanged, IncomingCall, Link, Payload, Session, match
from octt_py.trace import FindingKind
from octt_py.transport.security import SUBPROTOCOL
from octt_py.transport.server import CsmsServer
from octt_py.validation import SchemaSet
from octt_py.verdict import Fail, Inconclusive

# Charge-point-initiated CALLs a case need not wait for: they may come at any time.
BACKGROUND = ("Heartbeat", "StatusNotification", "MeterValues", "DataTransfer", "SecurityEventNotification")
# Statuses in which a cable (or EV) is still at the connector.
OCCUPIED = ("Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing")


@dataclass
class Transaction:
    transaction_id: int
    connector_id: int
    id_tag: str
    since: str = ""  # the case in which it started


@dataclass
class Pending:
    """Something the charge point accepted that keeps a connector from being idle until it is
    used, cancelled or runs out: a remote start waiting for a cable, a reservation."""

    connector: int
    until_ns: int  # monotonic: when the charge point drops it by itself
    since: str  # the case that asked for it


TAG_WHILE_NOT_REGISTERED = "case.tag-accepted-while-not-registered"
"""The extended rule of an id tag a charge point acts on while its boot is Pending or Rejected."""
CONFIGURATION_NOT_APPLIED = "case.configuration-not-applied"
"""The extended rule of a ChangeConfiguration answered Accepted whose value does not read back."""


def _detour(value: str) -> str | None:
    """Another value of the same kind as ``value``, to see a write take: the other boolean, the
    next integer; None for any other kind of value (a list of measurands, a text)."""
    low = value.strip().lower()
    if low in ("true", "false"):
        return "false" if low == "true" else "true"
    return str(int(low) + 1) if low.isdigit() else None


def _not_reached(key: str, value: str) -> Inconclusive:
    return Inconclusive(
        f"configuration state {key} = {value} not reached: ChangeConfiguration was answered Accepted, "
        "but GetConfiguration reads another value"
    )


class CsmsCore(Role):
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
        self.cp.watchers.append(self._watch)
        self.checks = ChargePointChecks.attach(self.cp, pics)  # every exchange, across messages
        self.server = CsmsServer(pics.connection, pics.identity.charge_point_id, self._serve)
        self.status: dict[int, str] = {}
        self.status_since: dict[int, str] = {}  # connector -> the case its last status came in
        self.transactions: dict[int, Transaction] = {}
        self.remote_starts: dict[int, Pending] = {}  # connector (0: any) -> accepted, not started
        self.reservations: dict[int, Pending] = {}  # reservationId -> accepted, not used or ended
        self.plugged: set[int] = set()  # connectors the operator plugged in and did not unplug
        self.booted_link: Link | None = None
        self.boot_seen_link: Link | None = None  # the connection a BootNotification last came on
        self.booted_ns = 0  # when the last BootNotification was accepted
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
        if reply is None or incoming.violations:
            return
        payload = incoming.payload
        if incoming.action == "BootNotification":
            self.boot_seen_link = self.cp.link
        if incoming.action == "BootNotification" and reply.get("status") == "Accepted":
            self.booted_link = self.cp.link
            self.booted_ns = incoming.at_ns
            self.remote_starts.clear()  # a reboot forgets what was pending
            self.status.clear()  # and reports every connector again (§4.2)
        elif incoming.action == "StatusNotification":
            connector, status = payload["connectorId"], payload["status"]
            if self.status.get(connector) != status:
                self.status_since[connector] = self.case_id or "before the first case"
            self.status[connector] = status
            if status == "Available":
                self.remote_starts.pop(connector, None)
        elif incoming.action == "StartTransaction":
            transaction_id = reply["transactionId"]
            connector = payload["connectorId"]
            self.transactions[transaction_id] = Transaction(
                transaction_id, connector, payload["idTag"], self.case_id
            )
            self.remote_starts.pop(connector, None)
            self.remote_starts.pop(0, None)
            self.reservations.pop(payload.get("reservationId", -1), None)
        elif incoming.action == "StopTransaction":
            self.transactions.pop(payload["transactionId"], None)

    def _watch(self, exchanged: Exchanged) -> None:
        """What the charge point accepted from the harness and keeps pending: remote starts and
        reservations, so that the return to idle knows what to undo."""
        answer = exchanged.answer
        if exchanged.by_dut or not exchanged.valid or answer is None or answer.get("status") != "Accepted":
            return
        request, now = exchanged.call.payload, time.monotonic_ns()
        if exchanged.action == "RemoteStartTransaction":
            timeout = float(self.pics.config_value("ConnectionTimeOut") or self.timing.connection_timeout)
            timeout = max(timeout, self.timing.connection_timeout)
            until = now + int((timeout + self.timing.max_time_deviation) * 1e9)
            self.remote_starts[request.get("connectorId", 0)] = Pending(request.get("connectorId", 0), until, self.case_id)
        elif exchanged.action == "ReserveNow":
            expiry = _instant(request["expiryDate"])
            lasting = (expiry - datetime.now(UTC)).total_seconds() if expiry else 0.0
            until = now + int((max(lasting, 0.0) + self.timing.max_time_deviation) * 1e9)
            self.reservations[request["reservationId"]] = Pending(request["connectorId"], until, self.case_id)
        elif exchanged.action == "CancelReservation":
            self.reservations.pop(request["reservationId"], None)

    # -- reusable states (OCTT "Booted", "Authorized", "Charging") ---------------------------

    @property
    def is_booted(self) -> bool:
        return self.cp.connected and self.booted_link is self.cp.link

    async def booted(self, timeout: float | None = None) -> None:
        """Reusable state Booted: connected, BootNotification accepted on this connection, all
        within one bound (the PICS reboot timeout unless given).

        Boot order: a charge point that is connected but booted earlier (against another CSMS,
        or before the harness started) does not boot again by itself; after a first look of
        the triggered-function timeout the harness asks it to, with TriggerMessage
        BootNotification when the PICS declares Remote Trigger, else with the operator's reboot,
        and says which in the trace.
        """
        bound = timeout if timeout is not None else self.timing.reboot_timeout
        deadline = time.monotonic() + bound
        await self.cp.wait_connected(bound, "waiting for the charge point")
        if self.is_booted:
            return
        first_look = min(self.timing.triggered_function_timeout, deadline - time.monotonic())
        try:
            await self.cp.wait_until(lambda: self.is_booted, timeout=first_look, what="a BootNotification")
            return
        except Fail:
            pass
        if self.cp.connected and self.boot_seen_link is not self.cp.link:
            await self._ask_for_boot(deadline)
        await self.cp.wait_until(
            lambda: self.is_booted, timeout=max(deadline - time.monotonic(), 0.0),
            what="an accepted BootNotification", stated=bound,
        )

    async def _ask_for_boot(self, deadline: float) -> None:
        """The charge point is connected but has not booted on this connection: ask it to."""
        if self.pics.supports(Profile.REMOTE_TRIGGER) and self.cp.connected:
            self.step("The charge point is connected but has not booted on this connection: "
                      "TriggerMessage BootNotification")
            bound = max(min(self.timing.ocpp_response_timeout, deadline - time.monotonic()), 0.0)
            try:
                await self.cp.call("TriggerMessage", {"requestedMessage": "BootNotification"}, timeout=bound)
                return
            except Fail as exc:
                self.trace.note(f"TriggerMessage BootNotification did not work: {exc.reason}")
        self.step("The charge point has not booted on this connection: [reboot the charge point]")
        await self.try_act("reboot")

    async def authorized(self, id_tag: str | None = None, connector: int | None = None) -> IncomingCall:
        """Reusable state Authorized: [present id tag]; Authorize answered Accepted."""
        tag = id_tag or self.tags.valid
        self.step(f"Present id tag {tag}: the charge point sends Authorize")
        await self.act("present_id_tag", id_tag=tag, **({"connector": connector} if connector else {}))
        return await self.cp.expect(match("Authorize", idTag=tag))

    async def charging(self, connector: int, id_tag: str | None = None) -> Transaction:
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

    async def boots_again(self, first: IncomingCall, *, presented: str | None = None) -> IncomingCall:
        """After a Rejected or Pending boot: the next BootNotification, no earlier than the
        interval the CSMS gave, and no other CALL in between (OCPP 1.6 §4.2).

        ``presented``: an id tag the case presented meanwhile, which the official steps do not
        do; an Authorize or StartTransaction for it is the extended finding
        case.tag-accepted-while-not-registered, not an official failure."""
        answer = getattr(first.reply, "payload", {})
        status, interval = answer.get("status"), answer.get("interval", 0)
        again = await self.cp.expect("BootNotification", timeout=interval + self.timing.reboot_timeout)
        waited = (again.at_ns - first.at_ns) / 1e9
        if waited < interval - self.timing.max_time_deviation:
            raise Fail(f"the charge point booted again after {waited:.2f} s; the {status} interval was {interval} s")
        between = self.cp.received_between(first, again)
        for call in (c for c in between if presented is not None and c.payload.get("idTag") == presented):
            self.trace.finding(
                FindingKind.PROTOCOL,
                f"while {status} the charge point sent {call.action} for the id tag {presented} presented to it; "
                "a charge point the CSMS has not accepted starts no transaction and sends nothing but "
                "BootNotification (OCPP 1.6 §4.2)",
                call.frame,
                extended=True,
                rule=TAG_WHILE_NOT_REGISTERED,
            )
        others = [c.action for c in between if presented is None or c.payload.get("idTag") != presented]
        if others:
            raise Fail(f"while {status} the charge point sent {', '.join(others)}; it may only send BootNotification")
        return again

    async def reports_available(self) -> None:
        """StatusNotification Available for connector 0 and every connector (after a boot): the
        boot cases (TC_001, TC_002) are where connector 0's report is required; elsewhere it is
        taken when it comes (``reports_every_connector``, ``statuses_after``)."""
        connectors = range(self.pics.capabilities.connectors + 1)
        await self.cp.expect_all(*(match("StatusNotification", connectorId=n, status="Available") for n in connectors))

    async def reports_every_connector(self, status: str) -> None:
        """StatusNotification ``status`` for every connector (e.g. Unavailable), and for connector
        0 when it has reported by then (``connector_zero``)."""
        connectors = range(1, self.pics.capabilities.connectors + 1)
        await self.cp.expect_all(*(match("StatusNotification", connectorId=n, status=status) for n in connectors))
        zero = await self.connector_zero(since=self.cp.cause_ns)
        if zero is not None and zero != status:
            raise Fail(f"connector 0 reports {zero}, not {status}")

    async def connector_zero(self, *, since: int) -> str | None:
        """The status connector 0 (the charge point as a whole) reported after ``since``, if it
        did by now; None otherwise, without waiting. Only the boot cases (TC_001, TC_002) require
        that report: a charge point that never sends it fails there once, and every other case
        carries on from what the connectors reported."""
        try:
            report = await self.cp.expect(match("StatusNotification", connectorId=0), timeout=0, since=since)
        except Fail:
            self.trace.note("connector 0 has not reported its status; only TC_001 and TC_002 require it")
            return None
        return str(report.payload["status"])

    def transaction_of(self, start: IncomingCall) -> Transaction:
        reply = getattr(start.reply, "payload", None)
        if not reply or "transactionId" not in reply:
            raise Fail("the StartTransaction was not answered with a transaction id")
        return Transaction(reply["transactionId"], start.payload["connectorId"], start.payload["idTag"])

    # -- configuration states (OCTT "Before: Configuration State(s)") ------------------------

    async def configuration(self, *keys: str) -> dict[str, str]:
        """GetConfiguration for ``keys``: the value of each one the charge point knows."""
        return {key: value for key, (value, _) in (await self._configuration_items(keys)).items()}

    async def _configuration_items(self, keys: tuple[str, ...] | list[str]) -> dict[str, tuple[str, bool]]:
        """GetConfiguration for ``keys``: {key: (value, readonly)} of each one the charge point knows."""
        reply = (await self.cp.call("GetConfiguration", {"key": list(keys)}, causes=False)).payload
        return {
            item["key"]: (str(item.get("value", "")), bool(item.get("readonly")))
            for item in reply.get("configurationKey", [])
            if item.get("key") in keys
        }

    @contextlib.asynccontextmanager
    async def configured(self, values: dict[str, str], *, if_implemented: tuple[str, ...] = ()) -> AsyncIterator[None]:
        """Configuration state "<key> is <value>" for the block; the old values are put back after it.

        Every key is really written: ChangeConfiguration answered Accepted, then GetConfiguration
        must read the value back. A key that already has the value is first set to another one
        (``_detour``: the other boolean, the next integer) and then back, so that a charge point
        that answers Accepted and keeps the old value shows whatever its current values are;
        a read-only key, or one of another kind, that already has the value is left alone.
        "Accepted" means "the setting has been changed" (OCPP 1.6 ConfigurationStatus):
        a value that does not read back is an extended finding (the official states only send
        ChangeConfiguration), and the case is inconclusive when the state it needs is not
        reached. Keys in ``if_implemented`` are the catalogue's "(If implemented)": a charge
        point that does not know them skips them.
        """
        current = await self._configuration_items(list(values))
        changed: dict[str, str] = {}
        try:
            for key, value in values.items():
                if key not in current:
                    if key in if_implemented:
                        continue
                    raise Fail(f"configuration state {key} = {value}: the charge point does not report {key}")
                old, readonly = current[key]
                changed[key] = old
                if old.strip().lower() == value.lower():
                    detour = None if readonly else _detour(value)
                    if detour is not None:
                        self.step(f"Configuration state: {key} = {value} (it is; {detour} first, to see a write take)")
                        took = await self._written(key, detour, wanted=False)
                        if took and not await self._written(key, value, wanted=True):
                            raise _not_reached(key, value)
                    del changed[key]  # the old value is the one the case needs: nothing to put back
                    continue
                self.step(f"Configuration state: {key} = {value}")
                if not await self._written(key, value, wanted=True):
                    raise _not_reached(key, value)
            yield
        finally:
            for key, value in changed.items():
                self.step(f"Put {key} back to {value}")
                await self._quietly(self.cp.call("ChangeConfiguration", {"key": key, "value": value}, causes=False))

    async def _written(self, key: str, value: str, *, wanted: bool) -> bool:
        """ChangeConfiguration ``key`` = ``value`` and read it back; whether it reads ``value``.
        For the ``wanted`` value anything but Accepted fails the case (the PICS declares the key
        writable: ``configurable``); a detour that is refused is only noted: the value the case
        needs is in place already. Accepted but not applied is an extended finding either way."""
        status = (await self.cp.call("ChangeConfiguration", {"key": key, "value": value})).payload["status"]
        if status != "Accepted":
            if wanted:
                raise Fail(f"configuration state {key} = {value}: ChangeConfiguration was answered {status}")
            self.trace.note(f"ChangeConfiguration {key} = {value} was answered {status}; {key} stays as it was")
            return False
        reads = (await self.configuration(key)).get(key)
        if reads is not None and reads.strip().lower() == value.lower():
            return True
        self.trace.finding(
            FindingKind.CONSISTENCY,
            f"ChangeConfiguration {key} = {value} was answered Accepted, but GetConfiguration then reads "
            f"{reads!r}; Accepted means the setting has been changed (OCPP 1.6 ConfigurationStatus)",
            extended=True,
            rule=CONFIGURATION_NOT_APPLIED,
        )
        return False

    # -- connectivity and power (OCTT manual steps) --------------------------------------------

    @contextlib.asynccontextmanager
    async def offline(self) -> AsyncIterator[None]:
        """[Remove the connectivity between the charge point and the CSMS] for the block, then
        [restore it] and wait for the charge point to reconnect.

        A charge point that only lost its connection does not boot again (OCPP 1.6 asks for a
        BootNotification after a (re)boot, §4.2), so the CSMS keeps the registration: the new
        connection counts as booted unless the charge point boots on it. The harness waits, at
        most the PICS response timeout, to see the old connection drop; on a real rig a cut
        cable may go unnoticed that long, which is fine. The connectivity stays removed at least
        the PICS offline_period, so that the charge point really is offline, not reconnecting.
        """
        before, registered = self.cp.link, self.is_booted
        self.step("[Remove the connectivity between the charge point and the central system]")
        await self.act("go_offline")
        went = time.monotonic()
        await self._quietly(self.cp.wait_disconnected(self.timing.ocpp_response_timeout, "going offline"))
        try:
            yield
        except (Exception, asyncio.CancelledError):
            if await self.try_act("go_online"):
                await self._quietly(self._reconnected(before, registered))
            raise
        await asyncio.sleep(_left(went + self.timing.offline_period))
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
        so that no later case finds the charge point switched off. The power stays off at least
        the PICS power_off_period."""
        self.step("[Disconnect the power of the charge point]")
        await self.act("power_loss")
        went = time.monotonic()
        try:
            yield
        except (Exception, asyncio.CancelledError):
            await self.try_act("power_restore")
            raise
        await asyncio.sleep(_left(went + self.timing.power_off_period))

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
        bound = self.timing.reboot_timeout
        deadline = time.monotonic() + bound  # one bound for the whole boot
        boot = await self.cp.expect("BootNotification", timeout=bound)
        await self.booted(_left(deadline))
        return boot

    @contextlib.asynccontextmanager
    async def switched(self, action: str) -> AsyncIterator[None]:
        """A test-rig condition for the block (operator action ``action`` with enabled true, e.g.
        local_list_failure, reservation_refusal), switched off again after it."""
        await self.act(action, enabled=True)
        try:
            yield
        finally:
            await self.try_act(action, enabled=False)

    # -- sessions, availability and reset (TC_004_2 … TC_031) --------------------------------

    @staticmethod
    def configurable(pics: Pics, values: dict[str, str]) -> bool:
        """For ``needs(...)``: the configuration states "<key> is <value>" are reachable, i.e. the
        PICS declares none of the keys read-only with another value."""

        def reachable(key: str, value: str) -> bool:
            declared = next((e for name, e in pics.configuration.items() if name.lower() == key.lower()), None)
            return declared is None or not declared.readonly or declared.value.strip().lower() == value.lower()

        return all(reachable(key, value) for key, value in values.items())

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
        stated = timeout + deviation
        available = await self.cp.expect(
            match("StatusNotification", connectorId=connector, status="Available"),
            timeout=preparing.remaining(timeout + deviation), stated=stated,
        )
        while available.at_ns < preparing.at_ns:  # an older report (e.g. right after the boot)
            available = await self.cp.expect(
                match("StatusNotification", connectorId=connector, status="Available"),
                timeout=preparing.remaining(timeout + deviation), stated=stated,
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

    async def remote_charging(self, connector: int, id_tag: str | None = None, *, authorize: bool) -> Transaction:
        """Remote start first (TC_011_1): RemoteStartTransaction Accepted; Authorize (answered by
        the PICS tags) if and only if ``authorize``; [plug in]; StatusNotification Preparing (on
        the remote start or on the plug-in), StartTransaction and StatusNotification Charging."""
        tag = id_tag or self.tags.valid
        await self.remote_start(connector, tag)
        start = await self.remote_start_proceeds(connector, tag, authorize=authorize)
        if not authorize:
            await self.cp.expect_none(match("Authorize", idTag=tag), during=0)
        return self.transaction_of(start)

    async def remote_start_proceeds(self, connector: int, tag: str, *, authorize: bool) -> IncomingCall:
        """After an accepted RemoteStartTransaction: Authorize when ``authorize``; [plug in];
        StatusNotification Preparing, StartTransaction and StatusNotification Charging, in any
        order: Preparing may already follow the remote start, before the cable is in, so the
        expectations take what came since the RemoteStartTransaction. Returns the
        StartTransaction."""
        since = self.cp.cause_ns  # the RemoteStartTransaction that starts this flow
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
            since=since,
        )
        return start

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
        deadline = time.monotonic() + bound  # one bound for the whole reboot
        self.step(f"The charge point reboots after Reset {kind}: connection closed, then BootNotification")
        await self.cp.wait_until(
            lambda: link is None or link.closed, timeout=bound, what=f"closing the connection to reboot (Reset {kind})"
        )
        boot = await self.cp.expect("BootNotification", timeout=_left(deadline), stated=bound)
        await self.booted(_left(deadline))
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

    def unlock_answer(self) -> tuple[str, str]:
        """What a detachable-cable charge point answers UnlockConnector, and why (TC_017_1,
        TC_018_1): Unlocked, or NotSupported for a socket without a lock (PICS connector_lock
        false; OCPP 1.6 UnlockStatus NotSupported: "Charge Point has no connector lock")."""
        if self.pics.capabilities.connector_lock:
            return "Unlocked", "the official table's answer for a socket with a lock"
        return "NotSupported", "the PICS declares no connector lock: OCPP 1.6 UnlockStatus NotSupported"

    async def reset_without_transaction(self, kind: str, connector: int) -> None:
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
        """The StatusNotification for every connector after a boot (OCPP 1.6 §4.2), as
        {connector: status}, and connector 0's when it has reported by then (``connector_zero``);
        the ones from before the boot are skipped."""
        statuses: dict[int, str] = {}
        for connector in range(1, self.pics.capabilities.connectors + 1):
            while connector not in statuses:
                report = await self.cp.expect(
                    match("StatusNotification", connectorId=connector),
                    timeout=boot.remaining(self.timing.triggered_function_timeout),
                    stated=self.timing.triggered_function_timeout,
                )
                if report.at_ns > boot.at_ns:
                    statuses[connector] = str(report.payload["status"])
        zero = await self.connector_zero(since=boot.at_ns + 1)
        return statuses if zero is None else {0: zero, **statuses}

    # -- between cases (octt_py/roles/csms/idle.py) ------------------------------------------

    async def act(self, name: str, **params: Any) -> OperatorOutcome:
        """A manual step; the CSMS remembers which cables the operator left plugged in."""
        outcome = await super().act(name, **params)
        if name == "plug_in":
            self.plugged.add(params["connector"])
        elif name == "unplug" or (name == "ev_disconnect" and self.pics.capabilities.fixed_cable):
            self.plugged.discard(params["connector"])
        return outcome

    async def _quietly(self, step: Any) -> None:
        """A clean-up step whose failure is noted, not fatal: the return to idle checks the
        outcome that matters."""
        try:
            await step
        except (TimeoutError, Fail) as exc:
            self.trace.note(f"a clean-up step did not work: {exc}")


def _instant(text: str) -> datetime | None:
    """An OCPP date-time as an aware datetime (None if it cannot be read)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _left(deadline: float) -> float:
    """Seconds left until a monotonic ``deadline`` (never negative)."""
    return max(deadline - time.monotonic(), 0.0)
