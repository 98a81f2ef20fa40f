"""The harness as charge point, facing a CSMS DUT (the ``_CSMS`` cases).

The fake charge point connects to the CSMS, sends what a charge point sends (the case decides
each step) and answers every CALL the CSMS sends at once with what a conformant charge point
of the PICS would answer. A CSMS may send CALLs of its own at any time (GetConfiguration after
a boot, TriggerMessage ...), so all CSMS-initiated actions are background: a case waits for
the ones its step table names and the others are answered and recorded.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from websockets.exceptions import ConnectionClosed, InvalidHandshake

from octt_py import files
from octt_py.files import Transfer, shown_url
from octt_py.operator import Operator
from octt_py.pics import Pics
from octt_py.roles.common import Role, now_rfc3339
from octt_py.session import CallOutcome, IncomingCall, Link, Payload, Session
from octt_py.smart_charging import ChargingProfile, profile_problems
from octt_py.trace import FindingKind, Trace
from octt_py.transport.client import csms_endpoint, open_connection
from octt_py.transport.security import SUBPROTOCOL
from octt_py.validation import SchemaSet
from octt_py.verdict import DutUnreachable, Fail, Inconclusive

CSMS_INITIATED = (
    "CancelReservation", "CertificateSigned", "ChangeAvailability", "ChangeConfiguration",
    "ClearCache", "ClearChargingProfile", "DataTransfer", "DeleteCertificate",
    "ExtendedTriggerMessage", "GetCompositeSchedule", "GetConfiguration", "GetDiagnostics",
    "GetInstalledCertificateIds", "GetLocalListVersion", "GetLog", "InstallCertificate",
    "RemoteStartTransaction", "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList",
    "SetChargingProfile", "SignedUpdateFirmware", "TriggerMessage", "UnlockConnector",
    "UpdateFirmware",
)  # fmt: skip

OFFLINE_PERIOD = timedelta(minutes=5)  # how long ago an offline transaction began (TC_037_x, TC_039)


class FakeChargePoint(Role):
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
        self.configuration = {key: item.value for key, item in pics.configuration.items()}
        self.readonly = {key for key, item in pics.configuration.items() if item.readonly}
        self.transactions: dict[int, int] = {}  # transaction id -> connector
        self._reader: asyncio.Task[None] | None = None
        self._unreachable = False
        self._connected_in_case = False

    @property
    def charge_point_id(self) -> str:
        return self.pics.identity.charge_point_id

    @property
    def endpoint(self) -> str:
        return csms_endpoint(self.pics.connection, self.charge_point_id)

    async def start(self) -> None:
        """Nothing to do up front: each case connects when its steps say so."""

    async def close(self) -> None:
        await self.disconnect()

    # -- the connection ----------------------------------------------------------------------

    def begin_case(self, trace: Trace) -> None:
        super().begin_case(trace)
        self._connected_in_case = False

    async def connect(self) -> Link:
        """Open the websocket. A CSMS that cannot be reached at the start of a case makes it
        inconclusive ("DUT unreachable"); one that stops accepting connections during a case
        (a reconnect after a reset) fails that case, and the cases after it are inconclusive."""
        bound = self.timing.ocpp_response_timeout if self._unreachable else self.timing.reboot_timeout
        try:
            websocket = await open_connection(self.pics.connection, self.charge_point_id, timeout=bound)
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            self._unreachable = True
            if self._connected_in_case:
                raise Fail(f"the CSMS stopped accepting connections during the case: {self.endpoint}: {exc}") from None
            raise DutUnreachable(f"DUT unreachable: cannot connect to {self.endpoint}: {exc}") from None
        self._unreachable = False
        self._connected_in_case = True
        link = Link(websocket, self.csms, peer=self.endpoint)
        self.csms.attach(link)
        if websocket.subprotocol != SUBPROTOCOL:
            self.trace.finding(FindingKind.PROTOCOL, f"the CSMS did not accept the {SUBPROTOCOL} subprotocol")
        self._reader = asyncio.get_running_loop().create_task(link.run())
        return link

    async def disconnect(self) -> None:
        link = self.csms.link
        if link is not None and not link.closed:
            await link.close()
        if self._reader is not None:
            await self._reader
            self._reader = None

    async def ensure_reachable(self) -> None:
        """Each case opens its own connection; unreachability shows when it does."""

    # -- what a charge point sends -----------------------------------------------------------

    async def boot(self) -> CallOutcome:
        identity = self.pics.identity
        payload: Payload = {"chargePointVendor": identity.vendor, "chargePointModel": identity.model}
        if identity.serial_number:
            payload["chargePointSerialNumber"] = identity.serial_number
        if identity.software_version:
            payload["firmwareVersion"] = identity.software_version
        return await self.csms.call("BootNotification", payload)

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

    async def csms_sends(self, action: str, **hints: Any) -> IncomingCall:
        """[Make the CSMS send ``action``] and wait for it: the operator step of the _CSMS cases."""
        self.step(f"[Make the CSMS send {action}]; the CSMS sends {action}")
        await self.act("csms_send", charge_point_id=self.charge_point_id, action=action, payload=hints)
        return await self.csms.expect(action)

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
        self.step("The charge point restarts: connection closed, then a new connection and boot")
        await self.disconnect()
        return await self.booted(statuses)

    async def offline_and_back(self) -> datetime:
        """[Remove connectivity], the EV driver charges offline, [restore connectivity] (TC_037_x,
        TC_039): the connection is dropped and a new one opened, with no BootNotification (a lost
        connection is not a restart, OCPP 1.6 section 4.2). Returns when the offline transaction
        began: OFFLINE_PERIOD ago, and never less than three missed heartbeats ago."""
        self.step("[Remove connectivity]: the charge point is offline; the EV driver charges offline")
        await self.disconnect()
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

    async def answered(self, request: IncomingCall) -> None:
        """Wait (bounded) until the charge point's answer to ``request`` is on the wire."""
        await self.csms.wait_until(
            lambda: request.reply is not None,
            timeout=self.timing.ocpp_response_timeout,
            what=f"the charge point's answer to {request.action}",
        )

    # -- firmware management and diagnostics (TC_044_x, TC_045_x) ----------------------------

    async def firmware_status(self, status: str) -> CallOutcome:
        """FirmwareStatusNotification ``status``, which the CSMS must answer with a CALLRESULT."""
        outcome = await self.csms.call("FirmwareStatusNotification", {"status": status})
        _ = outcome.payload  # a CALLERROR raises Fail
        return outcome

    async def diagnostics_status(self, status: str) -> CallOutcome:
        """DiagnosticsStatusNotification ``status``, which the CSMS must answer with a CALLRESULT."""
        outcome = await self.csms.call("DiagnosticsStatusNotification", {"status": status})
        _ = outcome.payload  # a CALLERROR raises Fail
        return outcome

    async def download_firmware(self, location: str) -> Transfer:
        """Really fetch ``location`` (http, https or ftp) with the harness's transfer client,
        bounded by the PICS triggered function timeout. Never raises for a failed transfer: the
        Transfer says what happened (``ok``, ``error``, ``size``, ``sha256``, ``content``)."""
        got = await files.download(location, timeout=self._transfer_timeout, tls=self._file_tls())
        self.trace.note(f"firmware {got.describe()}")
        return got

    async def upload_diagnostics(self, location: str, file_name: str, data: bytes | None = None) -> Transfer:
        """Really upload a diagnostics file (``data``, else a generated log) as
        ``<location>/<file_name>`` (HTTP PUT or FTP STOR). Never raises for a failed transfer."""
        content = data if data is not None else self._diagnostics_log()
        sent = await files.upload(
            location, file_name, content, timeout=self._transfer_timeout, tls=self._file_tls()
        )
        self.trace.note(f"diagnostics {sent.describe()}")
        return sent

    async def firmware_update_requested(self, **hints: Any) -> IncomingCall:
        """[Make the CSMS send UpdateFirmware] (with ``hints``, e.g. a location): the request,
        answered, once its retrieveDate has come. A location the harness cannot use (a scheme
        the PICS does not declare) or a retrieveDate further ahead than the triggered function
        timeout leaves the case inconclusive: neither proves anything about the CSMS."""
        request = await self.csms_sends("UpdateFirmware", **hints)
        location = str(request.payload["location"])
        if "location" in hints and location != hints["location"]:
            raise Fail(
                f"UpdateFirmware location is {shown_url(location)}; the operator asked for "
                f"{shown_url(str(hints['location']))}"
            )
        self._usable_location("UpdateFirmware", location)
        await self.answered(request)
        retrieve = _instant(str(request.payload["retrieveDate"]))
        delay = (retrieve - datetime.now(UTC)).total_seconds() if retrieve else 0.0
        if delay > self.timing.triggered_function_timeout:
            raise Inconclusive(
                f"UpdateFirmware retrieveDate is {delay:.0f} s ahead; make the CSMS ask for the "
                "update now (the case waits at most the triggered function timeout)"
            )
        if delay > 0:
            self.step(f"Waiting {delay:.1f} s for the retrieveDate {request.payload['retrieveDate']}")
            await asyncio.sleep(delay)
        return request

    async def downloads_firmware(self, request: IncomingCall) -> Transfer:
        """FirmwareStatusNotification Downloading, the real download of the request's location,
        then Downloaded; a download that fails (or is empty) is reported DownloadFailed and fails
        the case: the CSMS pointed at firmware a charge point cannot fetch."""
        location = str(request.payload["location"])
        self.step(f"FirmwareStatusNotification Downloading; the charge point fetches {shown_url(location)}")
        await self.firmware_status("Downloading")
        got = await self.download_firmware(location)
        if not got.ok or got.size == 0:
            why = got.error if not got.ok else "the file is empty"
            self.step("FirmwareStatusNotification DownloadFailed")
            await self.firmware_status("DownloadFailed")
            raise Fail(f"the charge point could not download the firmware from {got.url}: {why}")
        self.step(f"FirmwareStatusNotification Downloaded ({got.size} bytes, sha256 {got.sha256[:16]}…)")
        await self.firmware_status("Downloaded")
        return got

    async def download_fails(self, request: IncomingCall) -> Transfer:
        """FirmwareStatusNotification Downloading, a download attempt that really fails (the
        location is unreachable), then DownloadFailed."""
        location = str(request.payload["location"])
        self.step(f"FirmwareStatusNotification Downloading; the charge point tries {shown_url(location)}")
        await self.firmware_status("Downloading")
        got = await self.download_firmware(location)
        if got.ok:
            raise Inconclusive(f"the download from {got.url} was meant to fail and did not")
        self.step(f"FirmwareStatusNotification DownloadFailed ({got.error})")
        await self.firmware_status("DownloadFailed")
        return got

    async def installs_firmware(self, outcome: str = "Installed") -> Payload:
        """After Downloaded: StatusNotification Unavailable for connector 0 and every connector,
        FirmwareStatusNotification Installing, a restart (Booted again: BootNotification
        Accepted, Available everywhere), then FirmwareStatusNotification ``outcome``
        (Installed, or InstallationFailed for TC_044_3). Returns the BootNotification answer."""
        self.step("StatusNotification Unavailable for every connector: the firmware is installed")
        for connector in range(self.pics.capabilities.connectors + 1):
            await self.status(connector, "Unavailable")
        self.step("FirmwareStatusNotification Installing")
        await self.firmware_status("Installing")
        booted = await self.reboot()
        self.step(f"FirmwareStatusNotification {outcome}")
        await self.firmware_status(outcome)
        return booted

    async def diagnostics_requested(self, **hints: Any) -> IncomingCall:
        """[Make the CSMS send GetDiagnostics] (with ``hints``, e.g. a location): the request,
        answered with the file name the charge point will upload."""
        request = await self.csms_sends("GetDiagnostics", **hints)
        location = str(request.payload["location"])
        if "location" in hints and location != hints["location"]:
            raise Fail(
                f"GetDiagnostics location is {shown_url(location)}; the operator asked for "
                f"{shown_url(str(hints['location']))}"
            )
        self._usable_location("GetDiagnostics", location)
        await self.answered(request)
        return request

    async def uploads_diagnostics(self, request: IncomingCall) -> Transfer:
        """DiagnosticsStatusNotification Uploading, the real upload of a diagnostics file to the
        request's location, then Uploaded; an upload the location refuses is reported
        UploadFailed and fails the case: the CSMS named a location that takes no upload."""
        location, file_name = str(request.payload["location"]), self._diagnostics_file_name(request)
        self.step(f"DiagnosticsStatusNotification Uploading; the charge point uploads {file_name} to {shown_url(location)}")
        await self.diagnostics_status("Uploading")
        sent = await self.upload_diagnostics(location, file_name)
        if not sent.ok:
            self.step("DiagnosticsStatusNotification UploadFailed")
            await self.diagnostics_status("UploadFailed")
            raise Fail(f"the charge point could not upload its diagnostics to {sent.url}: {sent.error}")
        self.step(f"DiagnosticsStatusNotification Uploaded ({sent.size} bytes, sha256 {sent.sha256[:16]}…)")
        await self.diagnostics_status("Uploaded")
        return sent

    async def upload_fails(self, request: IncomingCall) -> Transfer:
        """DiagnosticsStatusNotification Uploading, an upload attempt that really fails (the
        location is unreachable), then UploadFailed."""
        location, file_name = str(request.payload["location"]), self._diagnostics_file_name(request)
        self.step(f"DiagnosticsStatusNotification Uploading; the charge point tries {shown_url(location)}")
        await self.diagnostics_status("Uploading")
        sent = await self.upload_diagnostics(location, file_name)
        if sent.ok:
            raise Inconclusive(f"the upload to {sent.url} was meant to fail and did not")
        self.step(f"DiagnosticsStatusNotification UploadFailed ({sent.error})")
        await self.diagnostics_status("UploadFailed")
        return sent

    @property
    def file_scheme(self) -> str:
        """The first URL scheme of the PICS (firmware_url_schemes) the harness can transfer with."""
        usable = [s for s in self.pics.capabilities.firmware_url_schemes if s in files.CLIENT_SCHEMES]
        return usable[0] if usable else "http"

    @property
    def _transfer_timeout(self) -> float:
        return self.timing.triggered_function_timeout

    def _file_tls(self) -> ssl.SSLContext | None:
        """For https locations: trust the PICS CA file when there is one, else the system CAs."""
        ca_file = self.pics.connection.tls_ca_file
        return ssl.create_default_context(cafile=ca_file) if ca_file else None

    def _usable_location(self, action: str, location: str) -> None:
        scheme = urlsplit(location).scheme
        declared = self.pics.capabilities.firmware_url_schemes
        if scheme not in declared or scheme not in files.CLIENT_SCHEMES:
            raise Inconclusive(
                f"{action} location {shown_url(location)} uses {scheme}://; the PICS declares "
                f"{', '.join(declared)} and the harness transfers over "
                f"{', '.join(files.CLIENT_SCHEMES)}: give the CSMS a location it can use"
            )

    @staticmethod
    def _diagnostics_file_name(request: IncomingCall) -> str:
        reply = getattr(request.reply, "payload", None) or {}
        return str(reply.get("fileName") or "diagnostics.log")

    def _diagnostics_log(self) -> bytes:
        now = now_rfc3339()
        identity, connectors = self.pics.identity, self.pics.capabilities.connectors
        lines = [
            f"{now} octt-py emulated charge point {self.charge_point_id}",
            f"{now} vendor={identity.vendor} model={identity.model}",
            f"{now} firmware={identity.software_version or '-'} connectors={connectors}",
            f"{now} open transactions={len(self.transactions)}",
        ]
        return ("\n".join(lines) + "\n").encode()

    # -- local authorization list (TC_042_x, TC_043_x) ---------------------------------------

    async def local_list_sent(self, update_type: str, **hints: Any) -> IncomingCall:
        """[Make the CSMS send a ``update_type`` (Full / Differential) local list]: SendLocalList
        of that update type. The case chooses the answer (``csms.respond``) beforehand."""
        request = await self.csms_sends("SendLocalList", updateType=update_type, **hints)
        got = request.payload["updateType"]
        if got != update_type:
            raise Fail(f"SendLocalList has updateType {got}; the operator asked for a {update_type} list")
        return request

    async def local_list_installed(self, **hints: Any) -> int:
        """Memory state "initial local list": a Full SendLocalList, answered Accepted; from then
        on GetLocalListVersion is answered with its version. Returns that version."""
        self.csms.respond("SendLocalList", {"status": "Accepted"}, once=True)
        request = await self.local_list_sent("Full", **hints)
        version = int(request.payload["listVersion"])
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

    # -- reservation (TC_046 to TC_053) ------------------------------------------------------

    async def reservation_requested(self, connector: int, id_tag: str | None = None) -> IncomingCall:
        """[Make the CSMS reserve ``connector`` for ``id_tag``]: ReserveNow for exactly that
        connector and tag, expiring in the future. The case chooses the answer beforehand
        (``csms.respond``; Accepted by default)."""
        tag = id_tag or self.tags.valid
        request = await self.csms_sends("ReserveNow", connectorId=connector, idTag=tag)
        payload = request.payload
        if payload["connectorId"] != connector:
            raise Fail(f"ReserveNow is for connector {payload['connectorId']}; the operator asked for {connector}")
        if payload["idTag"] != tag:
            raise Fail(f"ReserveNow is for id tag {payload['idTag']!r}; the operator asked for {tag!r}")
        expiry = _instant(str(payload["expiryDate"]))
        if expiry is not None and expiry <= datetime.now(UTC) - timedelta(seconds=self.timing.max_time_deviation):
            raise Fail(f"ReserveNow expiryDate {payload['expiryDate']} has already passed")
        return request

    async def reserved(self, request: IncomingCall, connector: int | None = None) -> int:
        """The reservation ``request`` was accepted: StatusNotification Reserved on ``connector``
        (default: the reserved one). Returns the reservation id."""
        await self.answered(request)
        where = request.payload["connectorId"] if connector is None else connector
        self.step(f"StatusNotification Reserved on connector {where}")
        await self.status(where, "Reserved")
        return int(request.payload["reservationId"])

    async def charging_on_reservation(
        self, connector: int, id_tag: str, reservation_id: int, *, parent: str | None = None
    ) -> int:
        """Reusable state Charging for a reservation: Preparing, Authorized, StartTransaction
        carrying ``reservation_id`` (the CSMS must accept it), Charging. Returns the id. With
        ``parent``, the Authorize answer must name that parentIdTag: it is what lets a tag
        other than the reserved one use the reservation (OCPP 1.6 §5.13, TC_053)."""
        self.step(f"Reusable state Charging on connector {connector} for {id_tag}, reservation {reservation_id}")
        await self.status(connector, "Preparing")
        info = await self.authorized(id_tag)
        if parent is not None and info.get("parentIdTag") != parent:
            raise Fail(
                f"the CSMS answered Authorize for {id_tag} with parentIdTag {info.get('parentIdTag')!r}; "
                f"the reservation's parentIdTag is {parent!r}"
            )
        transaction_id = await self.accepted_start(connector, id_tag, reservation_id=reservation_id)
        await self.status(connector, "Charging")
        return transaction_id

    # -- remote trigger (TC_054, TC_055) -----------------------------------------------------

    async def trigger_requested(self, message: str, connector: int | None = None) -> IncomingCall:
        """[Make the CSMS trigger ``message`` (for ``connector``)]: TriggerMessage asking for that
        message and, when a connector is named, that connector. The case chooses the answer."""
        hints: dict[str, Any] = {"requestedMessage": message}
        if connector is not None:
            hints["connectorId"] = connector
        request = await self.csms_sends("TriggerMessage", **hints)
        got = request.payload["requestedMessage"]
        if got != message:
            raise Fail(f"TriggerMessage asks for {got}; the operator asked for {message}")
        if connector is not None and request.payload.get("connectorId") != connector:
            raise Fail(
                f"TriggerMessage {message} is for connector {request.payload.get('connectorId')}; "
                f"the operator asked for connector {connector}"
            )
        return request

    async def meter_values(self, connector: int, context: str = "Sample.Periodic") -> CallOutcome:
        """MeterValues for ``connector`` (with its transaction, if one is open): one energy
        register reading."""
        value = {
            "value": "0",
            "context": context,
            "measurand": "Energy.Active.Import.Register",
            "unit": "Wh",
        }
        payload: Payload = {
            "connectorId": connector,
            "meterValue": [{"timestamp": now_rfc3339(), "sampledValue": [value]}],
        }
        open_here = [t for t, c in self.transactions.items() if c == connector]
        if open_here:
            payload["transactionId"] = open_here[0]
        outcome = await self.csms.call("MeterValues", payload)
        _ = outcome.payload  # a CALLERROR raises Fail
        return outcome

    # -- smart charging (TC_056, TC_057, TC_059, TC_066, TC_067) -----------------------------

    @property
    def rate_unit(self) -> str:
        """<Configured chargingRateUnit>: the first unit of the PICS charging_rate_units."""
        return (self.pics.capabilities.charging_rate_units or ("A",))[0]

    def profile_conforms(
        self, data: Mapping[str, Any], *, connector: int, where: str,
        transaction_id: int | None = None, remote_start: bool = False,
    ) -> ChargingProfile:
        """The charging profile the CSMS sent, checked beyond its schema against every rule of
        OCPP 1.6 §3.13, §5.16 and §7.8-7.16 (``profile_problems``) with this charge point's
        ChargingScheduleMaxPeriods, ChargeProfileMaxStackLevel and allowed rate units (PICS):
        periods, purposes, stack levels, transaction ids (``transaction_id`` is the one running
        on ``connector``) and units. Any problem fails the case, all of them named."""
        caps = self.pics.capabilities
        try:
            profile = ChargingProfile.from_ocpp(data, connector_id=connector)
        except ValueError as exc:
            raise Fail(f"{where}: {exc}") from None
        problems = profile_problems(
            profile, max_periods=caps.charging_schedule_max_periods,
            max_stack_level=caps.charge_profile_max_stack_level,
            allowed_units=caps.charging_rate_units, transaction_id=transaction_id,
            remote_start=remote_start,
        )
        if problems:
            raise Fail(f"{where}: {'; '.join(problems)}")
        return profile

    @staticmethod
    def schedule_kind_conforms(profile: ChargingProfile, where: str) -> None:
        """The OCTT rules for a transaction's profile (TC_057, TC_059): no recurrencyKind;
        Absolute or Relative; an Absolute one with validFrom, validTo, startSchedule and
        duration, a Relative one without startSchedule."""
        if profile.recurrency is not None:
            raise Fail(f"{where}: recurrencyKind is {profile.recurrency}; it must be omitted")
        if profile.kind not in ("Absolute", "Relative"):
            raise Fail(f"{where}: chargingProfileKind is {profile.kind}; expected Absolute or Relative")
        if profile.kind == "Absolute":
            missing = [name for name, value in (
                ("validFrom", profile.valid_from), ("validTo", profile.valid_to),
                ("chargingSchedule.startSchedule", profile.start_schedule),
                ("chargingSchedule.duration", profile.duration)) if value is None]
            if missing:
                raise Fail(f"{where}: an Absolute profile without {', '.join(missing)}")

    async def profile_sent(
        self, connector: int, purpose: str, *, transaction_id: int | None = None, **hints: Any
    ) -> tuple[IncomingCall, ChargingProfile]:
        """[Make the CSMS send SetChargingProfile with a ``purpose`` for ``connector``] (``hints``:
        more csChargingProfiles fields): the request for that connector and purpose, its profile
        conforming (``profile_conforms``), answered Accepted."""
        request = await self.csms_sends(
            "SetChargingProfile", connectorId=connector,
            csChargingProfiles={"chargingProfilePurpose": purpose, **hints},
        )
        where = f"SetChargingProfile {purpose}"
        if request.payload["connectorId"] != connector:
            raise Fail(f"{where} is for connector {request.payload['connectorId']}; the operator asked for {connector}")
        profile = self.profile_conforms(
            request.payload["csChargingProfiles"], connector=connector, where=where,
            transaction_id=transaction_id,
        )
        if profile.purpose != purpose:
            raise Fail(f"SetChargingProfile has purpose {profile.purpose}; the operator asked for {purpose}")
        await self.answered(request)
        return request, profile

    async def clear_sent(self, **criteria: Any) -> IncomingCall:
        """[Make the CSMS send ClearChargingProfile with ``criteria``] (id, connectorId,
        chargingProfilePurpose, stackLevel): exactly those fields, the others omitted; answered
        Accepted."""
        request = await self.csms_sends("ClearChargingProfile", **criteria)

        def shown(fields: Mapping[str, Any]) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(fields.items())) or "no criteria"

        if dict(request.payload) != criteria:
            raise Fail(f"ClearChargingProfile carries {shown(request.payload)}; the operator asked for {shown(criteria)}")
        await self.answered(request)
        return request

    # -- between cases -----------------------------------------------------------------------

    async def restore_idle(self) -> None:
        """Stop what the case left open and disconnect: each case starts from a fresh boot."""
        if self.csms.connected:
            for transaction_id, connector in list(self.transactions.items()):
                try:
                    await self.stop_transaction(transaction_id)
                    await self.status(connector, "Available")
                except Fail as exc:
                    self.trace.note(f"tidying up after the case: {exc}")
        self.transactions.clear()
        await self.disconnect()

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
