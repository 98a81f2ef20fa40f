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
import itertools
import time
from dataclasses import dataclass
from typing import Any

from websockets.asyncio.server import ServerConnection

from octt_py.operator import Operator
from octt_py.pics import Pics
from octt_py.roles.common import Role, now_rfc3339
from octt_py.session import IncomingCall, Link, Payload, Session, match
from octt_py.trace import FindingKind
from octt_py.transport.security import SUBPROTOCOL
from octt_py.transport.server import CsmsServer
from octt_py.validation import SchemaSet
from octt_py.verdict import DutUnreachable, Fail

# Charge-point-initiated CALLs a case need not wait for: they may come at any time.
BACKGROUND = ("Heartbeat", "StatusNotification", "MeterValues", "DataTransfer", "SecurityEventNotification")
# Statuses in which a cable (or EV) is still at the connector.
OCCUPIED = ("Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing")


@dataclass
class Transaction:
    transaction_id: int
    connector_id: int
    id_tag: str


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

    def transaction_of(self, start: IncomingCall) -> Transaction:
        reply = getattr(start.reply, "payload", None)
        if not reply or "transactionId" not in reply:
            raise Fail("the StartTransaction was not answered with a transaction id")
        return Transaction(reply["transactionId"], start.payload["connectorId"], start.payload["idTag"])

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
            if connector > 0 and status in OCCUPIED:
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
