"""One charge point's OCPP-J session with the reference CSMS.

The ``ocpp`` library's ``ChargePoint`` does the routing of charge-point-initiated CALLs to the
``@on`` handlers below. In front of it sits a strict OCPP-J layer, because the library is
lenient where a reference implementation must not be: it silently drops frames it cannot parse
(OCPP-J wants a CALLERROR whenever the unique id can be read), swaps NotImplemented and
NotSupported for unknown actions, and maps schema violations onto error codes loosely.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ocpp.exceptions import GenericError, InternalError, PropertyConstraintViolationError
from ocpp.exceptions import NotImplementedError as NotImplementedCallError
from ocpp.routing import after, on
from ocpp.v16 import ChargePoint, call_result
from ocpp.v16.enums import Action
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode

from octt_py.ocppj import frames
from octt_py.ocppj.frames import ErrorCode
from octt_py.reference.csms.clock import parse_rfc3339, rfc3339, utc_now
from octt_py.reference.csms.outbox import Outbox
from octt_py.reference.csms.records import Transaction
from octt_py.reference.csms.signing import signed_chain
from octt_py.validation import Kind, default_schemas

if TYPE_CHECKING:
    from octt_py.reference.csms.central_system import CentralSystem

LOGGER = logging.getLogger(__name__)

CHARGE_POINT_INITIATED_ACTIONS = frozenset(
    {
        "Authorize",
        "BootNotification",
        "DataTransfer",
        "DiagnosticsStatusNotification",
        "FirmwareStatusNotification",
        "Heartbeat",
        "MeterValues",
        "StartTransaction",
        "StatusNotification",
        "StopTransaction",
        # OCPP 1.6 security extension
        "LogStatusNotification",
        "SecurityEventNotification",
        "SignCertificate",
        "SignedFirmwareStatusNotification",
    }
)
OCPP16_ACTIONS = frozenset(action.value for action in Action)

# OCPP-J 1.6 §4.2.3: which CALLERROR a schema violation deserves, by the JSON-schema keyword.
_VIOLATION_CODES = {
    "required": ErrorCode.PROTOCOL_ERROR,  # "Payload for Action is incomplete"
    "type": ErrorCode.TYPE_CONSTRAINT_VIOLATION,
    "maxLength": ErrorCode.TYPE_CONSTRAINT_VIOLATION,  # CiStringNType is a data type
    "enum": ErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
    "format": ErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
    "multipleOf": ErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
    "minItems": ErrorCode.OCCURENCE_CONSTRAINT_VIOLATION,
}

# FirmwareStatusNotification's statuses (OCPP 1.6 §7.25): fault signed_firmware_status_plain_enum
PLAIN_FIRMWARE_STATUSES = ("Downloaded", "DownloadFailed", "Downloading", "Idle", "InstallationFailed",
                           "Installing", "Installed")
SLOW_AUTHORIZE_DELAY = 3.0
REPLAY_AGE_LIMIT = timedelta(minutes=1)  # fault invalid_replayed_start_rejected
REUSED_TRANSACTION_ID = 1  # fault reuses_transaction_id
INVALID_HEARTBEAT_TIME = "222222017-10-27T19:10:11Z"
MALFORMED_BOOT_REPLY = "[3]"
CLOCK_BEHIND = timedelta(minutes=3)  # fault clock_minutes_behind
# fault drops_connection_on_refusal: the statuses with which a charge point declines a request
REFUSALS = frozenset(
    {
        "Rejected", "NotSupported", "UnlockFailed", "Failed", "VersionMismatch",
        "Faulted", "Occupied", "Unavailable", "NotImplemented",  # ReserveNow, TriggerMessage
    }
)  # fmt: skip
# fault security_event_2_0_1_names_only: the white paper's names that OCPP 2.0.1 renamed
OCPP16_ONLY_EVENTS = frozenset({
    "InvalidCentralSystemCertificate", "InvalidChargePointCertificate",
    "FailedToAuthenticateAtCentralSystem", "CentralSystemFailedToAuthenticate",
})  # fmt: skip
NO_LOCAL_LIST = -1  # GetLocalListVersion.conf listVersion of a charge point without a local list
# fault firmware_failure_status_error / diagnostics_failure_status_error
FAILED_FIRMWARE_STATUSES = frozenset({"DownloadFailed", "InstallationFailed"})


class CentralSystemConnection(ChargePoint):
    """The CSMS end of one websocket: answers the charge point, carries the CSMS's CALLs."""

    def __init__(self, charge_point_id: str, websocket: ServerConnection, csms: CentralSystem):
        timeout = csms.pics.timing.ocpp_response_timeout
        super().__init__(charge_point_id, websocket, response_timeout=timeout)
        self._csms = csms
        self._faults = csms.faults
        self.record = csms.record(charge_point_id)
        self.outbox = Outbox(self._send, timeout, self.record.calls, csms.faults)
        self._requests: dict[str, dict[str, Any]] = {}  # wire payloads of CALLs being handled
        self._signed_chain: str | None = None  # the CertificateSigned for the SignCertificate being answered

    async def start(self) -> None:
        """Serve until the charge point goes away; no single message can end the session."""
        sender = asyncio.create_task(self.outbox.run())
        try:
            async for message in self._connection:
                try:
                    await self.route_message(message)
                except ConnectionClosed:
                    raise
                except Exception:  # a bug here must cost one answer, not the connection
                    LOGGER.exception("%s: failed to handle %r", self.id, message)
        except ConnectionClosed:
            pass
        finally:
            sender.cancel()
            await asyncio.gather(sender, return_exceptions=True)
            self.outbox.abandon()

    async def close(self, code: int, reason: str) -> None:
        await self._connection.close(code, reason)

    async def route_message(self, raw_msg: str | bytes) -> None:
        try:
            frame = frames.parse(raw_msg)
        except frames.FramingError as error:
            self.record.protocol_errors.append(error.message)
            reply = error.reply()
            if reply is not None:
                await self._send(frames.serialize(reply))
            return
        if isinstance(frame, frames.Call):
            await self._answer(frame, raw_msg)
        elif not self.outbox.resolve(frame):
            self.record.protocol_errors.append(
                f"reply to unique id {frame.unique_id!r}, which matches no outstanding CALL"
            )
        elif (
            "drops_connection_on_refusal" in self._faults
            and isinstance(frame, frames.CallResult)
            and (
                frame.payload.get("status") in REFUSALS
                or frame.payload.get("listVersion") == NO_LOCAL_LIST
            )
        ):
            await self.close(CloseCode.NORMAL_CLOSURE, "the charge point refused a request")

    async def _answer(self, call: frames.Call, raw_msg: str | bytes) -> None:
        self.record.received[call.action] += 1
        if call.action not in CHARGE_POINT_INITIATED_ACTIONS:
            await self._refuse_action(call)
            return
        violations = default_schemas().validate(call.action, Kind.REQUEST, call.payload)
        if violations:
            code = _VIOLATION_CODES.get(violations[0].rule, ErrorCode.FORMATION_VIOLATION)
            await self._send_error(call.unique_id, code, "; ".join(map(str, violations)))
            return
        if "stop_transaction_no_response" in self._faults and call.action == "StopTransaction":
            return
        if "crossing_call_held" in self._faults:
            await self.outbox.settled()  # one lock for both directions: the reader waits too
        if "malformed_frame_on_boot" in self._faults and call.action == "BootNotification":
            await self._send(MALFORMED_BOOT_REPLY)
            return
        if "get_configuration_before_boot_answer" in self._faults and call.action == "BootNotification":
            await self.outbox.submit("GetConfiguration", {})  # on the wire before the boot's answer
        self._requests[call.unique_id] = call.payload
        try:
            await super().route_message(raw_msg)  # the library's @on routing
        finally:
            self._requests.pop(call.unique_id, None)

    async def _refuse_action(self, call: frames.Call) -> None:
        if "answers_unknown_action" in self._faults:
            await self._send(frames.serialize(frames.CallResult(call.unique_id, {})))
        elif call.action in OCPP16_ACTIONS:  # an action only a CSMS sends
            await self._send_error(
                call.unique_id,
                ErrorCode.NOT_SUPPORTED,
                f"{call.action} is sent by a CSMS, not to it",
            )
        else:
            await self._send_error(
                call.unique_id, ErrorCode.NOT_IMPLEMENTED, f"unknown action {call.action[:60]!r}"
            )

    def _clock(self) -> datetime:
        """The CSMS's time (planted fault clock_minutes_behind: CLOCK_BEHIND slow)."""
        return utc_now() - (CLOCK_BEHIND if "clock_minutes_behind" in self._faults else timedelta())

    async def _send_error(self, unique_id: str, code: ErrorCode, description: str) -> None:
        error = frames.CallError(unique_id, code.value, description[:255])
        await self._send(frames.serialize(error))

    # -- Core profile -----------------------------------------------------------------------

    @on(Action.boot_notification, skip_schema_validation=True)
    def on_boot_notification(self, call_unique_id: str, **_: Any) -> call_result.BootNotification:
        status, interval = self._csms.boot_policy.decide(self.id)
        if "boot_rejected" in self._faults:
            status = "Rejected"
            interval = self._csms.boot_policy.retry_interval(status)
        if "boot_rejected_on_reconnect" in self._faults and self.record.connections > 1:
            status = "Rejected"
            interval = self._csms.boot_policy.retry_interval(status)
        current_time = rfc3339(self._clock())
        if "boot_invalid_current_time" in self._faults:
            current_time = utc_now().strftime("%d/%m/%Y %H:%M:%S")
        if "boot_accepted_interval_zero" in self._faults and status == "Accepted":
            interval = 0
        self.record.boot = self._requests[call_unique_id]
        self.record.registration = status
        return call_result.BootNotification(
            current_time=current_time, interval=interval, status=status
        )

    @on(Action.heartbeat, skip_schema_validation=True)
    def on_heartbeat(self) -> call_result.Heartbeat:
        current_time = rfc3339(self._clock())
        if "heartbeat_invalid_time" in self._faults:
            current_time = INVALID_HEARTBEAT_TIME
        return call_result.Heartbeat(current_time=current_time)

    @on(Action.authorize, skip_schema_validation=True)
    async def on_authorize(self, id_tag: str) -> call_result.Authorize:
        info = self._csms.id_tags.info(id_tag)
        status = info["status"]
        if (
            ("authorize_valid_as_invalid" in self._faults and status == "Accepted")
            or ("authorize_blocked_as_accepted" in self._faults and status == "Blocked")
            or ("authorize_expired_as_accepted" in self._faults and status == "Expired")
            or ("authorize_unknown_as_accepted" in self._faults and status == "Invalid")
        ):
            info = {"status": "Invalid" if status == "Accepted" else "Accepted"}
        if "slow_authorize" in self._faults:
            await asyncio.sleep(SLOW_AUTHORIZE_DELAY)
        return call_result.Authorize(id_tag_info=info)

    @on(Action.start_transaction, skip_schema_validation=True)
    def on_start_transaction(
        self,
        connector_id: int,
        id_tag: str,
        meter_start: int,
        timestamp: str,
        reservation_id: int | None = None,
    ) -> call_result.StartTransaction:
        info = self._csms.id_tags.info(id_tag)
        if "start_transaction_rejected" in self._faults and info["status"] == "Accepted":
            info = {"status": "Invalid"}
        if "start_transaction_unknown_tag_accepted" in self._faults and info["status"] == "Invalid":
            info = {"status": "Accepted"}
        started = parse_rfc3339(timestamp)
        if (
            "invalid_replayed_start_rejected" in self._faults
            and started is not None
            and utc_now() - started > REPLAY_AGE_LIMIT
        ):
            info = {"status": "Invalid"}
        if (
            "offline_start_accepted" in self._faults
            and started is not None
            and utc_now() - started > REPLAY_AGE_LIMIT
        ):
            info = {"status": "Accepted"}
        if (
            "reserved_start_needs_same_id_tag" in self._faults
            and reservation_id is not None
            and self._reserved_id_tag(reservation_id) not in (None, id_tag)
        ):
            info = {"status": "Invalid"}
        if (
            "start_transaction_requires_authorize" in self._faults
            and self.record.received["Authorize"] == 0
        ):
            info = {"status": "Invalid"}
        ledger = self._csms.ledger
        if "reuses_transaction_id" in self._faults:
            transaction_id = REUSED_TRANSACTION_ID
        else:
            transaction_id = ledger.next_id()
        ledger.add(
            Transaction(
                transaction_id=transaction_id,
                charge_point_id=self.id,
                connector_id=connector_id,
                id_tag=id_tag,
                meter_start=meter_start,
                start_timestamp=timestamp,
                id_tag_info=info,
                reservation_id=reservation_id,
            )
        )
        return call_result.StartTransaction(transaction_id=transaction_id, id_tag_info=info)

    @on(Action.stop_transaction, skip_schema_validation=True)
    def on_stop_transaction(
        self,
        call_unique_id: str,
        meter_stop: int,
        timestamp: str,
        transaction_id: int,
        reason: str | None = None,
        id_tag: str | None = None,
        **_: Any,
    ) -> call_result.StopTransaction:
        transaction = self._csms.ledger.find(transaction_id)
        if transaction is not None and transaction.charge_point_id == self.id:
            transaction.meter_stop = meter_stop
            transaction.stop_timestamp = timestamp
            transaction.stop_reason = reason or "Local"  # OCPP 1.6 §7.46: absent means Local
            transaction.stop_id_tag = id_tag
            transaction.transaction_data = self._requests[call_unique_id].get("transactionData", [])
        info = self._csms.id_tags.info(id_tag) if id_tag is not None else None
        if info is not None and "stop_transaction_tag_invalid" in self._faults:
            info = {"status": "Invalid"}
        return call_result.StopTransaction(id_tag_info=info)

    @on(Action.status_notification, skip_schema_validation=True)
    def on_status_notification(
        self, call_unique_id: str, connector_id: int, **_: Any
    ) -> call_result.StatusNotification:
        report = dict(self._requests[call_unique_id])
        del report["connectorId"]
        previous = self.record.connectors.get(connector_id, {}).get("status")
        if (
            "status_available_after_preparing_rejected" in self._faults
            and previous == "Preparing"
            and report["status"] == "Available"
        ):
            raise GenericError("connector was Preparing: a transaction was expected")
        if "status_error_code_rejected" in self._faults and report["errorCode"] != "NoError":
            raise InternalError("cannot store a fault report")
        report["receivedAt"] = rfc3339(utc_now())
        self.record.connectors[connector_id] = report
        return call_result.StatusNotification()

    @on(Action.meter_values, skip_schema_validation=True)
    def on_meter_values(
        self, call_unique_id: str, transaction_id: int | None = None, **_: Any
    ) -> call_result.MeterValues:
        payload = self._requests[call_unique_id]
        self.record.meter_values.append(payload)
        transaction = self._csms.ledger.find(transaction_id) if transaction_id is not None else None
        if transaction is not None and transaction.charge_point_id == self.id:
            transaction.meter_values.append(payload)
        return call_result.MeterValues()

    @on(Action.data_transfer, skip_schema_validation=True)
    def on_data_transfer(self, call_unique_id: str, **_: Any) -> call_result.DataTransfer:
        if "data_transfer_callerror" in self._faults:
            raise NotImplementedCallError("DataTransfer is not implemented")
        self.record.data_transfers.append(self._requests[call_unique_id])
        accepted = "data_transfer_accepts_unknown_vendor" in self._faults
        return call_result.DataTransfer(status="Accepted" if accepted else "UnknownVendorId")

    def _reserved_id_tag(self, reservation_id: int) -> str | None:
        """The idTag of the ReserveNow this CSMS sent with ``reservation_id``, if any."""
        for call in reversed(self.record.calls):
            if call.action == "ReserveNow" and call.payload.get("reservationId") == reservation_id:
                id_tag = call.payload.get("idTag")
                return id_tag if isinstance(id_tag, str) else None
        return None

    # -- Firmware management ----------------------------------------------------------------

    @on(Action.diagnostics_status_notification, skip_schema_validation=True)
    def on_diagnostics_status_notification(
        self, status: str
    ) -> call_result.DiagnosticsStatusNotification:
        if "diagnostics_failure_status_error" in self._faults and status == "UploadFailed":
            raise InternalError("cannot record a failed diagnostics upload")
        self.record.diagnostics_status = status
        return call_result.DiagnosticsStatusNotification()

    @on(Action.firmware_status_notification, skip_schema_validation=True)
    def on_firmware_status_notification(
        self, status: str
    ) -> call_result.FirmwareStatusNotification:
        if "firmware_failure_status_error" in self._faults and status in FAILED_FIRMWARE_STATUSES:
            raise InternalError("cannot record a failed firmware update")
        self.record.firmware_status = status
        return call_result.FirmwareStatusNotification()

    # -- Security extension -----------------------------------------------------------------

    @on(Action.security_event_notification, skip_schema_validation=True)
    def on_security_event_notification(
        self, call_unique_id: str, type: str, **_: Any
    ) -> call_result.SecurityEventNotification:
        if "security_event_2_0_1_names_only" in self._faults and type in OCPP16_ONLY_EVENTS:
            raise PropertyConstraintViolationError(f"unknown security event type {type!r}")
        self.record.security_events.append(self._requests[call_unique_id])
        return call_result.SecurityEventNotification()

    @on(Action.sign_certificate, skip_schema_validation=True)
    def on_sign_certificate(self, csr: str) -> call_result.SignCertificate:
        """Accepted when the CSMS can sign the CSR (kept in state()); the certificate follows."""
        self.record.certificate_signing_requests.append(csr)
        self._signed_chain = signed_chain(csr, self._csms.pki, self._faults)
        return call_result.SignCertificate(status="Accepted" if self._signed_chain else "Rejected")

    @after(Action.sign_certificate)
    async def after_sign_certificate(self, **_: Any) -> None:
        """Once SignCertificate is answered: CertificateSigned with the signed certificate."""
        chain, self._signed_chain = self._signed_chain, None
        if chain is not None:
            await self.outbox.submit("CertificateSigned", {"certificateChain": chain})

    @on(Action.signed_firmware_status_notification, skip_schema_validation=True)
    def on_signed_firmware_status_notification(
        self, call_unique_id: str, **_: Any
    ) -> call_result.SignedFirmwareStatusNotification:
        request = self._requests[call_unique_id]
        if ("signed_firmware_status_plain_enum" in self._faults
                and request.get("status") not in PLAIN_FIRMWARE_STATUSES):
            raise PropertyConstraintViolationError(f"unknown firmware status {request.get('status')!r}")
        self.record.signed_firmware_status = request
        return call_result.SignedFirmwareStatusNotification()

    @on(Action.log_status_notification, skip_schema_validation=True)
    def on_log_status_notification(
        self, call_unique_id: str, **_: Any
    ) -> call_result.LogStatusNotification:
        if "log_status_not_implemented" in self._faults:
            raise NotImplementedCallError("LogStatusNotification is not implemented")
        self.record.log_status = self._requests[call_unique_id]
        return call_result.LogStatusNotification()
