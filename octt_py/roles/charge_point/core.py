"""The Core profile of the fake charge point, and the class every other profile module builds on.

``ChargePointCore`` holds the connection to the CSMS, what a charge point sends (BootNotification,
StatusNotification, Authorize, StartTransaction, StopTransaction), the reusable states Booted /
Authorized / Charging, the shared flows of the Core ``_CSMS`` cases (resets, remote start and
stop, configuration, unlock, offline and back: TC_001 … TC_040_x, TC_061, TC_064), the local
authorization list steps (TC_042_x, TC_043_x: too few to deserve a module), what the charge
point answers to the CSMS's CALLs, and the return to idle between cases. Every other module of
the package extends it.
"""

from __future__ import annotations

import asyncio
import itertools
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidHandshake, NegotiationError

from octt_py.checks import CsmsChecks
from octt_py.operator import Operator
from octt_py.pics import Pics
from octt_py.pics.defaults import default_configuration
from octt_py.pics.support import CSMS_INITIATED
from octt_py.roles.common import Role, now_rfc3339
from octt_py.session import CallOutcome, IncomingCall, Link, Payload, Session
from octt_py.trace import FindingKind, Trace
from octt_py.transport.client import csms_endpoint, open_connection
from octt_py.transport.security import SUBPROTOCOL
from octt_py.validation import Kind, SchemaSet
from octt_py.verdict import CaseStop, DutUnreachable, Fail, Inconclusive, NotApplicable

OFFLINE_PERIOD = timedelta(minutes=5)  # how long ago an offline transaction began (TC_037_x, TC_039)


class ChargePointCore(Role):
    checks: CsmsChecks
    def __init__(self, pics: Pics, schemas: SchemaSet, operator: Operator) -> None:
        super().__init__(pics, schemas, operator)
        self.csms = Session(
            name="CSMS",
            schemas=schemas,
            timing=pics.timing,
            responders=self._default_responders(),
            background=CSMS_INITIATED,
            response_limits={"Authorize": pics.timing.response_time_authorize},
        )
        self.session = self.csms
        self.checks = CsmsChecks.attach(self.csms, pics)  # every exchange, across messages
        self.configuration: dict[str, str] = {}
        self.readonly: set[str] = set()
        self.transactions: dict[int, int] = {}  # transaction id -> connector
        self.crosses = False  # this case sends its own CALL before answering where steps allow
        self._identities = (pics.identity.charge_point_id, *pics.identity.charge_point_ids)
        self._cases_begun = 0
        self.charge_point_id = pics.identity.charge_point_id
        self._reader: asyncio.Task[None] | None = None
        self._unreachable = False
        self._connected_in_case = False
        self._id_tags_provisioned = False
        self._local_list_version = 0  # of the last full list the charge point took
        self._ids = itertools.count(1)  # ids the harness proposes (reservations, profiles)
        self._reset_emulation()

    def _reset_emulation(self) -> None:
        """Every case meets the same emulated charge point: the PICS configuration (or, when
        the PICS declares none, a working default for its profiles), no transactions. (A CSMS
        that skips writing a value it believes is set, because an earlier case set it, must not
        fail the next case.)"""
        pics = self.pics
        declared = pics.configuration or {
            key: entry for key, (entry, _) in
            default_configuration(pics.profiles, pics.capabilities, pics.timing).items()
        }
        self.configuration = {key: item.value for key, item in declared.items()}
        self.readonly = {key for key, item in declared.items() if item.readonly}
        self.transactions.clear()
        self._local_list_version = 0

    @property
    def endpoint(self) -> str:
        return csms_endpoint(self.pics.connection, self.charge_point_id)

    async def start(self) -> None:
        """Nothing to do up front: each case connects when its steps say so."""

    async def close(self) -> None:
        await self.disconnect()

    # -- the connection ----------------------------------------------------------------------

    def begin_case(self, trace: Trace, case_id: str = "") -> None:
        """A fresh emulated charge point per case: reset state, the next identity of the PICS
        (``charge_point_ids``), and this case's choice of crossing CALLs."""
        super().begin_case(trace, case_id)
        self._connected_in_case = False
        self._reset_emulation()
        self.charge_point_id = self._identities[self._cases_begun % len(self._identities)]
        self._cases_begun += 1
        mode = self.pics.capabilities.crossing_calls
        self.crosses = mode == "always" or (mode == "rotate" and zlib.crc32(case_id.encode()) % 2 == 0)

    async def connect(self, **options: Any) -> Link:
        """Open the websocket. A CSMS that cannot be reached at the start of a case makes it
        inconclusive ("DUT unreachable"); one that stops accepting connections during a case
        (a reconnect after a reset) fails that case, and the cases after it are inconclusive.
        ``options`` go to ``open_connection`` (the security cases' profile and URL)."""
        bound = self.timing.ocpp_response_timeout if self._unreachable else self.timing.reboot_timeout
        try:
            websocket = await open_connection(self.pics.connection, self.charge_point_id, timeout=bound, **options)
        except NegotiationError as exc:
            if "subprotocol" not in str(exc):
                raise self._unreachable_now(str(exc)) from None
            # The CSMS answered the upgrade: it is reachable, and got the negotiation wrong.
            found = f"subprotocol negotiation: the CSMS selected {str(exc).rpartition(': ')[2]!r}, " \
                    f"which the charge point did not offer (it offered {', '.join(options.get('subprotocols', [SUBPROTOCOL]))})"
            raise Fail(found) from None
        except TimeoutError:
            raise self._unreachable_now(f"no websocket handshake within {bound:g} s") from None
        except (OSError, InvalidHandshake) as exc:
            raise self._unreachable_now(str(exc) or type(exc).__name__) from None
        self._unreachable = False
        self._connected_in_case = True
        link = Link(websocket, self.csms, peer=self.endpoint)
        self.csms.attach(link)
        if websocket.subprotocol != SUBPROTOCOL:
            self.trace.finding(FindingKind.PROTOCOL, f"the CSMS did not accept the {SUBPROTOCOL} subprotocol")
        self._reader = asyncio.get_running_loop().create_task(link.run())
        return link

    def _unreachable_now(self, why: str) -> CaseStop:
        """A connection that could not be opened: the case's Fail when the CSMS stopped
        accepting connections during it, else "DUT unreachable" (inconclusive)."""
        self._unreachable = True
        if self._connected_in_case:
            return Fail(f"the CSMS stopped accepting connections during the case: {self.endpoint}: {why}")
        return DutUnreachable(f"DUT unreachable: cannot connect to {self.endpoint}: {why}")

    async def disconnect(self) -> None:
        """Close the connection, after the drain window: what the CSMS still sends (a reply to
        the last frame, a CALLERROR it should not send) is judged with the case."""
        link = self.csms.link
        if link is not None and not link.closed:
            await asyncio.sleep(self.timing.drain_window)
        if link is not None and not link.closed:
            await link.close()
        if self._reader is not None:
            await self._reader
            self._reader = None

    async def ensure_reachable(self) -> None:
        """Each case opens its own connection; unreachability shows when it does. A CSMS that
        left a CALL unanswered in an earlier case is probed first with one short boot, so that a
        wedged CSMS (it accepts the websocket, answers nothing) costs one timeout, not one per
        case."""
        if not self.csms.unanswered:
            return
        wedged, since = self.csms.unanswered, self.csms.unanswered_in
        bound = min(self.timing.ocpp_response_timeout, 10.0)
        self.step(f"Before the case: is the CSMS answering? ({wedged} in {since})")
        try:
            await self.connect()
            await self.csms.call("BootNotification", self._boot_payload(), timeout=bound)
        except Fail:
            raise Inconclusive(
                f"DUT wedged since {since}: accepts the websocket, no reply to BootNotification in {bound:g} s"
            ) from None
        finally:
            await self.disconnect()
        self._connected_in_case = False

    async def prepare(self) -> None:
        """Before the first case: [register the configured id tags in the CSMS] -- valid and
        valid_2 Accepted under parent, blocked, expired, and invalid unknown -- so that no lab
        seeds its database by hand. A rig that cannot (or a PICS that says so) leaves it to the
        lab, as the PICS template asks; the cases then find out whether the tags are right."""
        if self._id_tags_provisioned:
            return
        self._id_tags_provisioned = True
        self.step("Before the first case: [register the configured id tags in the CSMS]")
        done = await self.try_act(
            "csms_provision_id_tags", charge_point_ids=list(self._identities),
            id_tags=self.known_id_tags(), unknown=[self.tags.invalid],
        )
        if not done:
            self.trace.note("the id tags were not registered by the operator step; the run "
                            "relies on the CSMS knowing them already ([id_tags] in the PICS)")

    # -- the configured id tags, as the CSMS should know them --------------------------------

    def authorization_data(self, id_tag: str) -> Payload:
        """A local list entry (AuthorizationData) with the idTagInfo the CSMS should give
        ``id_tag``: Accepted under the parent for valid and valid_2, Blocked, Expired (a day
        ago), Accepted for any other tag a case adds."""
        tags = self.tags
        if id_tag in (tags.valid, tags.valid_2):
            info: Payload = {"status": "Accepted", "parentIdTag": tags.parent}
        elif id_tag == tags.blocked:
            info = {"status": "Blocked"}
        elif id_tag == tags.expired:
            info = {"status": "Expired", "expiryDate": self.timestamp(datetime.now(UTC) - timedelta(days=1))}
        else:
            info = {"status": "Accepted"}
        return {"idTag": id_tag, "idTagInfo": info}

    def known_id_tags(self) -> list[Payload]:
        """Every configured tag the CSMS knows, as local list entries (the invalid one it must not)."""
        tags = self.tags
        return [self.authorization_data(t) for t in (tags.valid, tags.valid_2, tags.blocked, tags.expired)]

    def next_id(self) -> int:
        """A fresh id for a reservation or a charging profile the harness proposes."""
        return next(self._ids)

    # -- what a charge point sends -----------------------------------------------------------

    async def boot(self) -> CallOutcome:
        return await self.csms.call("BootNotification", self._boot_payload())

    def _boot_payload(self) -> Payload:
        identity = self.pics.identity
        payload: Payload = {"chargePointVendor": identity.vendor, "chargePointModel": identity.model}
        if identity.serial_number:
            payload["chargePointSerialNumber"] = identity.serial_number
        if identity.software_version:
            payload["firmwareVersion"] = identity.software_version
        return payload

    async def status(self, connector: int, status: str, error_code: str = "NoError") -> CallOutcome:
        """StatusNotification; a CALLERROR instead of an acknowledgement fails the case."""
        outcome = await self.csms.call(
            "StatusNotification",
            {"connectorId": connector, "errorCode": error_code, "status": status, "timestamp": now_rfc3339()},
        )
        _ = outcome.payload  # a CALLERROR raises Fail
        return outcome

    async def authorize(self, id_tag: str) -> CallOutcome:
        return await self.csms.call("Authorize", {"idTag": id_tag})

    async def start_transaction(
        self, connector: int, id_tag: str, *, timestamp: str | None = None, reservation_id: int | None = None
    ) -> CallOutcome:
        payload: Payload = {
            "connectorId": connector,
            "idTag": id_tag,
            "meterStart": 0,
            "timestamp": timestamp or now_rfc3339(),
        }
        if reservation_id is not None:
            payload["reservationId"] = reservation_id
        outcome = await self.csms.call("StartTransaction", payload)
        transaction_id = outcome.get("transactionId")
        if isinstance(transaction_id, int):
            self.transactions[transaction_id] = connector
        return outcome

    async def stop_transaction(
        self,
        transaction_id: int,
        *,
        reason: str = "Local",
        id_tag: str | None = None,
        meter_stop: int = 1000,
        timestamp: str | None = None,
    ) -> CallOutcome:
        """StopTransaction; a CALLERROR instead of an acknowledgement fails the case."""
        payload: Payload = {
            "transactionId": transaction_id,
            "meterStop": meter_stop,
            "timestamp": timestamp or now_rfc3339(),
            "reason": reason,
        }
        if id_tag is not None:
            payload["idTag"] = id_tag
        self.transactions.pop(transaction_id, None)
        outcome = await self.csms.call("StopTransaction", payload)
        _ = outcome.payload  # a CALLERROR raises Fail
        return outcome

    async def csms_sends(self, action: str, **request: Any) -> IncomingCall:
        """[Make the CSMS send ``action``] and wait for it: the operator step of the _CSMS cases.

        ``request`` is the complete request the CSMS is expected to produce -- the running
        transaction's id, full local list entries, a location on the harness's own file
        servers -- so that an operator (or a script) can have the CSMS send exactly that. The
        case checks what matters in what really arrives. A CALL the PICS says the CSMS cannot
        send makes the case not applicable before anyone is asked."""
        declared = self.pics.unsupported.action_reason(self.pics.side, action, request)
        if declared is not None:
            raise NotApplicable(declared)
        if problems := self.schemas.validate(action, Kind.REQUEST, request):
            raise RuntimeError(
                f"the case's {action} for the operator is not a valid request: "
                + "; ".join(str(p) for p in problems)
            )
        self.step(f"[Make the CSMS send {action}]; the CSMS sends {action}")
        self.checks.asked(action, request)
        await self.act("csms_send", charge_point_id=self.charge_point_id, action=action, payload=request)
        return await self.csms.expect(action)  # only a CALL sent after the operator step counts

    # -- reusable states (OCTT "Booted", "Authorized", "Charging") ---------------------------

    async def booted(self, statuses: Mapping[int, str] | None = None) -> Payload:
        """Reusable state Booted: connect, BootNotification Accepted, Available for every connector
        (or the status ``statuses`` gives a connector, e.g. Finishing after a power loss)."""
        if not self.csms.connected:
            await self.connect()
        self.step("BootNotification: the CSMS must accept it")
        reply = (await self.boot()).payload
        if reply.get("status") != "Accepted":
            raise Fail(f"the CSMS answered BootNotification with status {reply.get('status')!r}, not Accepted")
        for connector in range(self.pics.capabilities.connectors + 1):
            await self.status(connector, (statuses or {}).get(connector, "Available"))
        return reply

    async def authorized(self, id_tag: str | None = None) -> Payload:
        """Reusable state Authorized: Authorize answered Accepted."""
        tag = id_tag or self.tags.valid
        self.step(f"Authorize {tag}: the CSMS must accept it")
        info = (await self.authorize(tag)).payload.get("idTagInfo", {})
        if info.get("status") != "Accepted":
            raise Fail(f"the CSMS answered Authorize for {tag} with {info.get('status')!r}, not Accepted")
        return info

    async def charging(self, connector: int = 1, id_tag: str | None = None) -> int:
        """Reusable state Charging: Preparing, StartTransaction Accepted, Charging. Returns the id."""
        tag = id_tag or self.tags.valid
        await self.status(connector, "Preparing")
        await self.authorized(tag)
        transaction_id = await self.accepted_start(connector, tag)
        await self.status(connector, "Charging")
        return transaction_id

    async def accepted_start(self, connector: int, id_tag: str, **options: Any) -> int:
        """StartTransaction that the CSMS must accept; returns the transaction id it gave."""
        self.step(f"StartTransaction on connector {connector} for {id_tag}: the CSMS must accept it")
        reply = (await self.start_transaction(connector, id_tag, **options)).payload
        status = reply.get("idTagInfo", {}).get("status")
        if status != "Accepted":
            raise Fail(f"the CSMS answered StartTransaction with idTagInfo status {status!r}, not Accepted")
        return int(reply["transactionId"])

    # -- shared flows of the _CSMS cases -----------------------------------------------------

    async def reboot(self, after: IncomingCall | None = None, statuses: Mapping[int, str] | None = None) -> Payload:
        """The charge point restarts (Reset, power cycle): once its answer to ``after`` is on the
        wire it drops the connection, reconnects and reaches Booted again (TC_013, TC_014, TC_032_1)."""
        if after is not None:
            await self.answered(after)
        self.step(f"The charge point restarts: connection closed, {self.timing.power_off_period:g} s down, "
                  "then a new connection and boot")
        await self.disconnect()
        await asyncio.sleep(self.timing.power_off_period)
        return await self.booted(statuses)

    async def offline_and_back(self) -> datetime:
        """[Remove connectivity], the EV driver charges offline, [restore connectivity] (TC_037_x,
        TC_039): the connection is dropped and a new one opened, with no BootNotification (a lost
        connection is not a restart, OCPP 1.6 section 4.2). Returns when the offline transaction
        began: OFFLINE_PERIOD ago, and never less than three missed heartbeats ago."""
        self.step(f"[Remove connectivity] for {self.timing.offline_period:g} s: the charge point is offline; "
                  "the EV driver charges offline")
        await self.disconnect()
        await asyncio.sleep(self.timing.offline_period)
        began = datetime.now(UTC) - max(OFFLINE_PERIOD, timedelta(seconds=3 * self.timing.heartbeat_interval))
        self.step("[Restore connectivity]: the charge point reconnects and sends what it queued")
        await self.connect()
        return began

    @staticmethod
    def timestamp(moment: datetime) -> str:
        """An OCPP date-time (RFC 3339, UTC, milliseconds) for a moment other than now."""
        return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    async def refused(self, id_tag: str, expected: str) -> Payload:
        """[EV driver presents an id tag the CSMS must refuse]: Authorize answered ``expected``
        (Invalid, Expired, Blocked; TC_023_x)."""
        self.step(f"Authorize {id_tag}: the CSMS must answer {expected}")
        info = (await self.authorize(id_tag)).payload.get("idTagInfo", {})
        if info.get("status") != expected:
            raise Fail(f"the CSMS answered Authorize for {id_tag} with {info.get('status')!r}, not {expected!r}")
        return info

    async def resets(self, kind: str) -> Payload:
        """[Make the CSMS send Reset ``kind``]: Reset of that type, answered Accepted; the charge
        point restarts and reaches Booted again (TC_013, TC_014)."""
        request = await self.csms_sends("Reset", type=kind)
        if request.payload["type"] != kind:
            raise Fail(f"Reset is of type {request.payload['type']!r}; the operator asked for {kind!r}")
        return await self.reboot(after=request)

    async def remote_start(self, connector: int, id_tag: str | None = None) -> IncomingCall:
        """[Make the CSMS start a transaction on ``connector``]: RemoteStartTransaction, which, when
        it names a connector (optional in OCPP 1.6), names that one."""
        tag = id_tag or self.tags.valid
        remote = await self.csms_sends("RemoteStartTransaction", connectorId=connector, idTag=tag)
        named = remote.payload.get("connectorId", connector)
        if named != connector:
            raise Fail(f"RemoteStartTransaction is for connector {named}, the operator asked for {connector}")
        return remote

    async def remote_start_accepted(self, connector: int) -> str:
        """RemoteStartTransaction answered Accepted, then Authorize (answered Accepted) when the
        charge point's AuthorizeRemoteTxRequests is true (TC_011_x). Returns the id tag."""
        tag = str((await self.remote_start(connector)).payload["idTag"])
        if self.configuration.get("AuthorizeRemoteTxRequests", "false").lower() == "true":
            await self.authorized(tag)
        return tag

    async def connection_times_out(self, connector: int) -> None:
        """[ConnectionTimeOut expires with no cable plugged in]: after the PICS connection timeout
        the connector goes back to Available, which the CSMS must acknowledge (TC_004_2, TC_011_2)."""
        self.step(f"[No cable within ConnectionTimeOut ({self.timing.connection_timeout} s)]")
        await asyncio.sleep(self.timing.connection_timeout)
        self.step(f"StatusNotification Available on connector {connector}, no transaction")
        await self.status(connector, "Available")

    async def remote_stop_requested(self, transaction_id: int) -> IncomingCall:
        """[Make the CSMS stop transaction ``transaction_id``]: RemoteStopTransaction for it."""
        request = await self.csms_sends("RemoteStopTransaction", transactionId=transaction_id)
        if request.payload["transactionId"] != transaction_id:
            raise Fail(
                f"RemoteStopTransaction names transaction {request.payload['transactionId']}, "
                f"the operator asked to stop {transaction_id}"
            )
        return request

    async def changes_configuration(self, key: str, value: str) -> IncomingCall:
        """[Make the CSMS set ``key`` to ``value``]: ChangeConfiguration with that key and value."""
        request = await self.csms_sends("ChangeConfiguration", key=key, value=value)
        got = (request.payload["key"], request.payload["value"])
        if got != (key, value):
            raise Fail(f"ChangeConfiguration sets {got[0]} = {got[1]!r}; the operator asked for {key} = {value!r}")
        return request

    async def unlock_requested(self, connector: int) -> IncomingCall:
        """[Make the CSMS unlock ``connector``]: UnlockConnector for exactly that connector."""
        request = await self.csms_sends("UnlockConnector", connectorId=connector)
        if request.payload["connectorId"] != connector:
            raise Fail(
                f"UnlockConnector is for connector {request.payload['connectorId']}, "
                f"the operator asked for {connector}"
            )
        return request

    async def copes_with_refusal(self, request: IncomingCall) -> None:
        """After the charge point declined ``request`` (Rejected, NotSupported, UnlockFailed ...),
        the CSMS keeps the connection and goes on answering: a Heartbeat round trip."""
        await self.answered(request)
        refusal = getattr(request.reply, "payload", {}).get("status")
        await self.carries_on(f"{request.action} was answered {refusal!r}")

    def cross(self, action: str, own_action: str, own_payload: Payload) -> bool:
        """If this case crosses CALLs (``crosses``): the answer to the CSMS's next ``action``
        waits until the charge point's own ``own_action`` has been answered, as OCPP-J allows
        (one outstanding CALL per direction, §4.1.1). A CSMS that holds the crossing CALL until
        its own is answered deadlocks: that is its finding. Returns whether it crosses."""
        if not self.crosses:
            return False
        answer = self._default_responders()[action]

        async def own_call_first(incoming: IncomingCall) -> Payload:
            self.step(f"Crossing CALLs: {own_action} before the answer to {action}")
            try:
                await self.csms.call(own_action, own_payload, causes=False)
            except Fail as exc:
                raise Fail(
                    f"while its {action} waited for an answer, the CSMS did not take the charge point's "
                    f"{own_action} ({exc.reason}); OCPP-J allows one outstanding CALL in each direction"
                ) from None
            return dict(answer(incoming))

        self.csms.respond(action, own_call_first, once=True)
        return True

    async def answered(self, request: IncomingCall) -> None:
        """Wait (bounded) until the charge point's answer to ``request`` is on the wire."""
        await self.csms.wait_until(
            lambda: request.reply is not None,
            timeout=self.timing.ocpp_response_timeout,
            what=f"the charge point's answer to {request.action}",
        )

    # -- local authorization list (TC_042_x, TC_043_x) ---------------------------------------

    async def local_list_sent(
        self, update_type: str, id_tags: list[str] | None = None
    ) -> IncomingCall:
        """[Make the CSMS send a ``update_type`` (Full / Differential) local list] of ``id_tags``
        (default: every tag the CSMS knows), each entry with its idTagInfo, and a listVersion
        one above the charge point's: SendLocalList of that update type. The case chooses the
        answer (``csms.respond``) beforehand."""
        entries = (
            self.known_id_tags() if id_tags is None else [self.authorization_data(t) for t in id_tags]
        )
        request = await self.csms_sends(
            "SendLocalList", listVersion=self._local_list_version + 1, updateType=update_type,
            localAuthorizationList=entries,
        )
        got = request.payload["updateType"]
        if got != update_type:
            raise Fail(f"SendLocalList has updateType {got}; the operator asked for a {update_type} list")
        return request

    async def local_list_installed(self, id_tags: list[str] | None = None) -> int:
        """Memory state "initial local list": a Full SendLocalList (of ``id_tags``), answered
        Accepted; from then on GetLocalListVersion is answered with its version. Returns it."""
        self.csms.respond("SendLocalList", {"status": "Accepted"}, once=True)
        request = await self.local_list_sent("Full", id_tags)
        version = int(request.payload["listVersion"])
        self._local_list_version = max(self._local_list_version, version)
        self.csms.respond("GetLocalListVersion", {"listVersion": version})
        await self.answered(request)
        return version

    async def carries_on(self, after: str) -> None:
        """The CSMS keeps the connection and answers the next CALL (a Heartbeat round trip) after
        ``after`` (e.g. "GetLocalListVersion was answered -1")."""
        self.step(f"{after}: the CSMS must carry on (Heartbeat round trip)")
        try:
            _ = (await self.csms.call("Heartbeat", {})).payload  # a CALLERROR raises Fail
        except ConnectionClosed:
            problem = "closed the connection"
        except Fail as exc:
            problem = exc.reason
        else:
            return
        raise Fail(f"the CSMS did not carry on after {after}: {problem}")

    # -- between cases -----------------------------------------------------------------------

    async def restore_idle(self) -> list[str]:
        """Stop what the case left open and disconnect: each case starts from a fresh boot (and
        a fresh emulation, ``begin_case``). A transaction the CSMS would not take the stop of
        stays open on its side: that is the case's finding."""
        left = []
        if self.csms.connected:
            for transaction_id, connector in list(self.transactions.items()):
                try:
                    await self.stop_transaction(transaction_id)
                    await self.status(connector, "Available")
                except Fail as exc:
                    left.append(f"transaction {transaction_id} may still be open in the CSMS: {exc.reason}")
        self.transactions.clear()
        await self.disconnect()
        return left

    # -- what the charge point answers -------------------------------------------------------

    def _default_responders(self) -> dict[str, Any]:
        accepted: Payload = {"status": "Accepted"}
        return {
            "CancelReservation": lambda _: accepted,
            "CertificateSigned": lambda _: accepted,
            "ChangeAvailability": lambda _: accepted,
            "ChangeConfiguration": self._change_configuration,
            "ClearCache": lambda _: accepted,
            "ClearChargingProfile": lambda _: accepted,
            "DataTransfer": lambda _: {"status": "UnknownVendorId"},
            "DeleteCertificate": lambda _: {"status": "NotFound"},
            "ExtendedTriggerMessage": lambda _: accepted,
            "GetCompositeSchedule": lambda _: {"status": "Rejected"},
            "GetConfiguration": self._get_configuration,
            "GetDiagnostics": lambda _: {"fileName": "diagnostics.log"},
            "GetInstalledCertificateIds": lambda _: {"status": "NotFound"},
            "GetLocalListVersion": lambda _: {"listVersion": 0},
            "GetLog": lambda _: {"status": "Rejected"},
            "InstallCertificate": lambda _: accepted,
            "RemoteStartTransaction": lambda _: accepted,
            "RemoteStopTransaction": lambda c: (
                accepted if c.payload["transactionId"] in self.transactions else {"status": "Rejected"}
            ),
            "ReserveNow": lambda _: accepted,
            "Reset": lambda _: accepted,
            "SendLocalList": lambda _: accepted,
            "SetChargingProfile": lambda _: accepted,
            "SignedUpdateFirmware": lambda _: accepted,
            "TriggerMessage": lambda _: accepted,
            "UnlockConnector": lambda _: {"status": "Unlocked"},
            "UpdateFirmware": lambda _: {},
        }

    def _get_configuration(self, incoming: IncomingCall) -> Payload:
        requested = incoming.payload.get("key") or list(self.configuration)
        known = [
            {"key": key, "readonly": key in self.readonly, "value": self.configuration[key]}
            for key in requested
            if key in self.configuration
        ]
        unknown = [key for key in requested if key not in self.configuration]
        return {"configurationKey": known, **({"unknownKey": unknown} if unknown else {})}

    def _change_configuration(self, incoming: IncomingCall) -> Payload:
        key, value = incoming.payload["key"], incoming.payload["value"]
        if key not in self.configuration:
            return {"status": "NotSupported"}
        if key in self.readonly:
            return {"status": "Rejected"}
        self.configuration[key] = value
        return {"status": "Accepted"}


def _instant(text: str) -> datetime | None:
    """An OCPP date-time as an aware datetime (None if it cannot be read; the schema check
    reports that)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
