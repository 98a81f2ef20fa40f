"""One OCPP-J connection to the Central System: strict framing, and the charge point's answer
to every CSMS-initiated OCPP 1.6 message.

The ocpp library handles an incoming CALL inline in its receive loop, so a handler that awaited
a CALL of its own would deadlock. Each ``@on`` handler therefore only *decides* the answer from
the model; what follows from it (state changes that produce StatusNotification, StopTransaction,
the triggered message, ...) is registered as an *effect* and run by the ``@after`` handler, i.e.
after the CALLRESULT went out and before the next incoming message is read. Effects only put
messages in the outbox; they never await a CALL.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ocpp.exceptions import (
    FormationViolationError,
    OccurenceConstraintViolationError,
    OCPPError,
)
from ocpp.exceptions import (
    NotImplementedError as OcppNotImplemented,
)
from ocpp.messages import Call, CallError
from ocpp.routing import after, on
from ocpp.v16 import ChargePoint, call_result
from ocpp.v16.enums import (
    Action,
    AvailabilityStatus,
    AvailabilityType,
    CancelReservationStatus,
    ChargingProfilePurposeType,
    ChargingProfileStatus,
    ClearCacheStatus,
    ClearChargingProfileStatus,
    ConfigurationStatus,
    DataTransferStatus,
    GetCompositeScheduleStatus,
    Reason,
    RegistrationStatus,
    RemoteStartStopStatus,
    ReservationStatus,
    ResetStatus,
    TriggerMessageStatus,
    UnlockStatus,
    UpdateStatus,
)
from websockets.exceptions import ConnectionClosed

from octt_py.pics import Profile
from octt_py.reference.charge_point.certificate_store import CertificateStoreHandlers
from octt_py.reference.charge_point.clock import format_time, now, parse_time
from octt_py.reference.charge_point.configuration import SECURITY_KEYS, WRITE_ONLY
from octt_py.reference.charge_point.model import Reservation
from octt_py.reference.charge_point.signed_firmware_link import SignedFirmwareHandlers
from octt_py.reference.charge_point.smart_charging import ChargingProfile, Selection

if TYPE_CHECKING:
    from octt_py.reference.charge_point.product import ReferenceChargePoint

LOG = logging.getLogger(__name__)

VENDOR_ID = "org.octt-py"  # the one DataTransfer vendor this charge point knows
ECHO_MESSAGE = "Echo"

# The ocpp library raises OCPP 2.x spellings; OCPP-J 1.6 section 4.2.3 (and its errata) keeps these.
V16_ERRORS: dict[str, type[OCPPError]] = {
    "FormatViolation": FormationViolationError,
    "OccurrenceConstraintViolation": OccurenceConstraintViolationError,
}

Effect = Callable[[], None]

# Planted faults that accept a reservation the charge point must refuse with this status.
RESERVATION_REFUSALS_IGNORED: dict[str, str] = {
    ReservationStatus.faulted: "reservation_accepts_faulted",
    ReservationStatus.occupied: "reservation_accepts_occupied",
    ReservationStatus.unavailable: "reservation_accepts_unavailable",
}


class LinkDown(Exception):
    """The websocket closed before the CALL was answered."""


class Link(CertificateStoreHandlers, SignedFirmwareHandlers, ChargePoint):
    def __init__(self, cp: ReferenceChargePoint, connection: Any, response_timeout: float) -> None:
        super().__init__(cp.charge_point_id, connection, response_timeout=response_timeout,
                         logger=LOG)
        self.cp = cp
        self.closed = asyncio.Event()
        self._effects: dict[str, Effect] = {}
        self._last_unique_id: str | None = None
        self._unique_id_generator = self._next_unique_id
        self._piggyback: tuple[str, dict[str, Any]] | None = None
        # CALLs of send_call awaiting their answer (with the on_answer hook, if any), and
        # those whose answer the receive loop has read.
        self._awaiting: dict[str, Callable[[dict[str, Any]], None] | None] = {}
        self._answered: set[str] = set()

    # -- transport ---------------------------------------------------------------------------

    async def serve(self) -> None:
        """The receive loop; ``closed`` is set when the connection ends."""
        try:
            await self.start()
        except ConnectionClosed:
            pass
        finally:
            self.closed.set()

    async def send_call(self, payload: Any, skip_validation: bool = False,
                        piggyback: tuple[str, dict[str, Any]] | None = None,
                        on_answer: Callable[[dict[str, Any]], None] | None = None) -> Any:
        """One CALL and its answer; LinkDown if the connection ends first.

        ``piggyback`` (a planted fault) is a further CALL sent right behind this one, while
        this one is still unanswered. ``on_answer`` gets the CALLRESULT payload the moment the
        receive loop reads it, before any CALL read after it: this coroutine only resumes a few
        event-loop turns later, by which time the receive loop may have handled the next CALL.
        For the same reason an answer read just before the connection closed still counts: the
        CALL was delivered, and must not be sent again on the next connection (TC_036).
        """
        if self.closed.is_set():
            raise LinkDown
        if "clock_ahead" in self.cp.faults:
            payload = _clock_ahead(payload)
        self._piggyback = piggyback
        unique_id = self._next_unique_id()
        self._awaiting[unique_id] = on_answer
        request = asyncio.ensure_future(
            self.call(payload, suppress=False, unique_id=unique_id,
                      skip_schema_validation=skip_validation))
        closing = asyncio.ensure_future(self.closed.wait())
        try:
            await asyncio.wait({request, closing}, return_when=asyncio.FIRST_COMPLETED)
            if not request.done() and unique_id in self._answered:
                await asyncio.wait({request})  # the answer is queued: the library takes it now
        finally:
            self._piggyback = None
            self._awaiting.pop(unique_id, None)
            self._answered.discard(unique_id)
            closing.cancel()
            if not request.done():
                request.cancel()
            # Wait for the request to end without taking over its outcome: a cancellation of this
            # task that arrives meanwhile must propagate (swallowed, it hung the power-off).
            request.add_done_callback(lambda done: done.cancelled() or done.exception())
            await asyncio.wait({request})
        try:
            return request.result()
        except (ConnectionClosed, asyncio.CancelledError) as exc:
            raise LinkDown from exc

    def _next_unique_id(self) -> str:
        if self._last_unique_id is None or "reuses_unique_id" not in self.cp.faults:
            self._last_unique_id = str(uuid.uuid4())
        return self._last_unique_id

    async def _send(self, message: str) -> None:
        if self._piggyback is None or not message.startswith("[2,"):
            await super()._send(message)
            return
        action, payload = self._piggyback
        self._piggyback = None
        second = Call(str(uuid.uuid4()), action, payload).to_json()
        LOG.info("%s: send %s and, still unanswered, %s", self.id, message, second)
        # Both frames in one socket write, so the Central System reads the second CALL
        # before it can have answered the first: the breach is visible, not a race.
        connection = self._connection
        async with connection.send_context():
            connection.protocol.send_text(message.encode())
            connection.protocol.send_text(second.encode())
            connection.transport.write(b"".join(connection.protocol.data_to_send()))

    async def route_message(self, raw_msg: str | bytes) -> None:
        """OCPP-J framing, stricter than the library: a CALL whose unique id can be read is
        always answered, with a CALLERROR if it is malformed; anything else malformed is
        logged and dropped (there is nobody to answer)."""
        try:
            frame = json.loads(raw_msg)
        except (ValueError, TypeError):
            LOG.warning("dropped a frame that is not JSON: %.200r", raw_msg)
            return
        if not isinstance(frame, list) or not frame:
            LOG.warning("dropped a frame that is not an OCPP-J array: %.200r", raw_msg)
            return
        type_id = frame[0]
        unique_id = frame[1] if len(frame) > 1 and isinstance(frame[1], str) else None
        if type_id in (3, 4) and unique_id is not None:
            well_formed = ((type_id == 3 and len(frame) == 3 and isinstance(frame[2], dict))
                           or (type_id == 4 and len(frame) == 5))
            if well_formed:
                if unique_id in self._awaiting:
                    self._answered.add(unique_id)
                    hook = self._awaiting[unique_id]
                    if hook is not None and type_id == 3:
                        hook(frame[2])
                await super().route_message(raw_msg)
            else:
                LOG.warning("dropped a malformed response: %.200r", raw_msg)
            return
        if unique_id is None:
            LOG.warning("dropped a frame without a readable unique id: %.200r", raw_msg)
            return
        if (type_id != 2 or len(frame) != 4 or not isinstance(frame[2], str)
                or not isinstance(frame[3], dict)):
            cause = "a CALL is [2, uniqueId, action, {payload}]"
            await self._send_error(unique_id, FormationViolationError(details={"cause": cause}))
            return
        if frame[2] == Action.reset and "silent_on_reset" in self.cp.faults:
            return
        message = Call(unique_id, frame[2], frame[3])
        try:
            await self._handle_call(message)
        except OCPPError as error:
            await self._send_error(unique_id, error)

    async def _send_error(self, unique_id: str, error: OCPPError) -> None:
        error_type = V16_ERRORS.get(error.code)
        if error_type is not None:
            error = error_type(details=error.details)
        cause = error.details.get("cause") if isinstance(error.details, dict) else None
        details = {"cause": str(cause)[:500]} if cause else {}
        LOG.info("answering %s with CALLERROR %s", unique_id, error.code)
        await self._send(CallError(unique_id, error.code, error.description, details).to_json())

    # -- effects -------------------------------------------------------------------------------

    def _later(self, unique_id: str, effect: Effect) -> None:
        self._effects[unique_id] = effect

    def _run_effect(self, unique_id: str) -> None:
        effect = self._effects.pop(unique_id, None)
        if effect is not None:
            try:
                effect()
            except Exception:  # the charge point stays up whatever one consequence does
                LOG.exception("effect of %s failed", unique_id)

    def _require(self, profile: Profile) -> None:
        if not self.cp.pics.supports(profile):
            raise OcppNotImplemented(details={"cause": f"feature profile {profile} not supported"})

    # -- Core --------------------------------------------------------------------------------

    @on(Action.change_availability)
    def on_change_availability(self, connector_id: int, type: str, call_unique_id: str,
                               **_: Any) -> call_result.ChangeAvailability:
        model = self.cp.model
        if connector_id not in model.connectors:
            return call_result.ChangeAvailability(AvailabilityStatus.rejected)
        affected = list(model.connectors) if connector_id == 0 else [connector_id]
        wanted = AvailabilityType(type)
        busy = any(model.connectors[i].transaction for i in affected)

        def apply() -> None:
            for i in affected:
                model.nv.availability[i] = wanted
            self.cp.refresh_status()

        self._later(call_unique_id, apply)
        if busy and wanted == AvailabilityType.inoperative:
            return call_result.ChangeAvailability(AvailabilityStatus.scheduled)
        return call_result.ChangeAvailability(AvailabilityStatus.accepted)

    @after(Action.change_availability)
    def after_change_availability(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    @on(Action.change_configuration)
    def on_change_configuration(self, key: str, value: str, call_unique_id: str,
                                **_: Any) -> call_result.ChangeConfiguration:
        config = self.cp.model.config
        if (self.cp.registration == RegistrationStatus.pending
                and "pending_rejects_configuration" in self.cp.faults):
            return call_result.ChangeConfiguration(ConfigurationStatus.rejected)
        status = config.check(key, value)
        if key in SECURITY_KEYS and status == ConfigurationStatus.accepted:
            status = self.cp.security_change(key, value)
        if status == ConfigurationStatus.not_supported and "unknown_key_accepted" in self.cp.faults:
            status = ConfigurationStatus.accepted  # nothing is stored: the key does not exist
        known = config.lookup([key])[0]
        if (status == ConfigurationStatus.rejected and known and not known[0].readonly
                and "invalid_configuration_value_accepted" in self.cp.faults):
            status = ConfigurationStatus.accepted  # Configuration.change still refuses to store it
        if status == ConfigurationStatus.accepted and (
                "change_configuration_not_stored" not in self.cp.faults):
            self._later(call_unique_id, lambda: self.cp.change_configuration(key, value))
        return call_result.ChangeConfiguration(status)

    @after(Action.change_configuration)
    def after_change_configuration(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    @on(Action.clear_cache)
    def on_clear_cache(self, **_: Any) -> call_result.ClearCache:
        if not self.cp.pics.capabilities.authorization_cache:
            return call_result.ClearCache(ClearCacheStatus.rejected)
        if "cache_not_cleared" not in self.cp.faults:
            self.cp.model.nv.cache.clear()
        return call_result.ClearCache(ClearCacheStatus.accepted)

    @on(Action.data_transfer)
    def on_data_transfer(self, vendor_id: str, message_id: str | None = None,
                         data: str | None = None, **_: Any) -> call_result.DataTransfer:
        if vendor_id != VENDOR_ID:
            if "data_transfer_accepts_unknown_vendor" in self.cp.faults:
                return call_result.DataTransfer(DataTransferStatus.accepted)
            return call_result.DataTransfer(DataTransferStatus.unknown_vendor_id)
        if message_id != ECHO_MESSAGE:
            return call_result.DataTransfer(DataTransferStatus.unknown_message_id)
        return call_result.DataTransfer(DataTransferStatus.accepted, data=data)

    @on(Action.get_configuration)
    def on_get_configuration(self, key: list[str] | None = None,
                             **_: Any) -> call_result.GetConfiguration:
        config = self.cp.model.config
        faults = self.cp.faults
        unknown: list[str] | None = None
        if key:
            limit = config.get_int("GetConfigurationMaxKeys", len(key))
            if len(key) > limit:
                raise OccurenceConstraintViolationError(
                    details={"cause": f"more than GetConfigurationMaxKeys ({limit}) keys"})
            known, unknown = config.lookup(key)
            unknown = unknown + [k.name for k in known if k.name in WRITE_ONLY]
            known = [k for k in known if k.name not in WRITE_ONLY]
            if "unknown_key_not_reported" in faults:
                unknown = None
        else:
            known = [k for k in config.all_keys() if k.name not in WRITE_ONLY]
            if "missing_configuration_key" in faults:
                known = [k for k in known if k.name != "MeterValueSampleInterval"]
        entries = []
        for item in known:
            readonly, value = item.readonly, item.value
            if item.name == "HeartbeatInterval" and "wrong_readonly_flag" in faults:
                readonly = True
            if item.name == "SupportedFeatureProfiles" and (
                    "unsupported_profiles_misreported" in faults):
                value = "Core"
            entries.append({"key": item.name, "readonly": readonly, "value": value})
        return call_result.GetConfiguration(configuration_key=entries, unknown_key=unknown)

    @on(Action.remote_start_transaction)
    def on_remote_start_transaction(self, id_tag: str, call_unique_id: str,
                                    connector_id: int | None = None,
                                    charging_profile: dict[str, Any] | None = None,
                                    **_: Any) -> call_result.RemoteStartTransaction:
        rejected = call_result.RemoteStartTransaction(RemoteStartStopStatus.rejected)
        model = self.cp.model
        if ("remote_start_rejected" in self.cp.faults
                or self.cp.registration != RegistrationStatus.accepted):
            return rejected
        profile = None
        if charging_profile is not None:
            wrong_purpose = (charging_profile.get("charging_profile_purpose")
                             != ChargingProfilePurposeType.tx_profile
                             and "remote_start_any_profile_purpose_accepted" not in self.cp.faults)
            if (not self.cp.pics.supports(Profile.SMART_CHARGING) or wrong_purpose
                    or charging_profile.get("transaction_id") is not None):
                return rejected
            profile = ChargingProfile.from_payload(connector_id or 0, charging_profile)
            if "remote_start_profile_ignored" in self.cp.faults:
                profile = None
        if connector_id == 0 and "remote_start_connector_zero_accepted" in self.cp.faults:
            connector_id = None
        if connector_id is None:
            connector_id = self.cp.choose_connector(id_tag)
        elif "remote_start_first_free_connector" in self.cp.faults:
            connector_id = next((cid for cid in model.connector_ids() if model.free(cid)), connector_id)
        if connector_id is None or connector_id == 0 or connector_id not in model.connectors:
            return rejected
        connector = model.connectors[connector_id]
        if connector.transaction and "remote_start_busy_accepted" in self.cp.faults:
            return call_result.RemoteStartTransaction(RemoteStartStopStatus.accepted)
        if (connector.transaction or connector.authorization or connector.finishing
                or model.faulted(connector_id) or model.inoperative(connector_id)):
            return rejected
        reservation = model.reservation_for_start(connector_id, id_tag)
        if reservation and reservation.id_tag != id_tag and not reservation.parent_id_tag:
            return rejected
        self._later(call_unique_id,
                    lambda: self.cp.remote_start(connector_id, id_tag, profile))
        return call_result.RemoteStartTransaction(RemoteStartStopStatus.accepted)

    @after(Action.remote_start_transaction)
    def after_remote_start_transaction(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    @on(Action.remote_stop_transaction)
    def on_remote_stop_transaction(self, transaction_id: int, call_unique_id: str,
                                   **_: Any) -> call_result.RemoteStopTransaction:
        tx = self.cp.model.find_transaction(transaction_id)
        if tx is None and "remote_stop_any_transaction" in self.cp.faults:
            tx = next(iter(self.cp.model.transactions()), None)
        if tx is None:
            return call_result.RemoteStopTransaction(RemoteStartStopStatus.rejected)
        if "remote_stop_ignored" not in self.cp.faults:
            reason = (Reason.local if "remote_stop_wrong_reason" in self.cp.faults
                      else Reason.remote)
            self._later(call_unique_id,
                        lambda: self.cp.stop_transaction(tx.connector_id, reason))
        return call_result.RemoteStopTransaction(RemoteStartStopStatus.accepted)

    @after(Action.remote_stop_transaction)
    def after_remote_stop_transaction(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    @on(Action.reset)
    def on_reset(self, type: str, call_unique_id: str, **_: Any) -> call_result.Reset:
        self._later(call_unique_id, lambda: self.cp.reset(type))
        return call_result.Reset(ResetStatus.accepted)

    @after(Action.reset)
    def after_reset(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    @on(Action.unlock_connector)
    def on_unlock_connector(self, connector_id: int, call_unique_id: str,
                            **_: Any) -> call_result.UnlockConnector:
        model, faults = self.cp.model, self.cp.faults
        if connector_id not in model.connector_ids():
            if "unlock_unknown_connector_unlocked" in faults:
                return call_result.UnlockConnector(UnlockStatus.unlocked)
            return call_result.UnlockConnector(UnlockStatus.not_supported)
        if self.cp.pics.capabilities.fixed_cable and "fixed_cable_unlock_accepted" not in faults:
            return call_result.UnlockConnector(UnlockStatus.not_supported)
        if not self.cp.pics.capabilities.connector_lock and "lockless_unlock_accepted" not in faults:
            return call_result.UnlockConnector(UnlockStatus.not_supported)  # nothing to unlock
        connector = model.connectors[connector_id]
        if connector.transaction and "unlock_keeps_transaction" in faults:
            return call_result.UnlockConnector(UnlockStatus.unlocked)
        if not connector.transaction and "unlock_idle_fails" in faults:
            return call_result.UnlockConnector(UnlockStatus.unlock_failed)
        self._later(call_unique_id, lambda: self.cp.unlock_connector(connector_id))
        if connector.unlock_failure and "unlock_failure_hidden" not in faults:
            return call_result.UnlockConnector(UnlockStatus.unlock_failed)
        return call_result.UnlockConnector(UnlockStatus.unlocked)

    @after(Action.unlock_connector)
    def after_unlock_connector(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    # -- FirmwareManagement ---------------------------------------------------------------------

    @on(Action.update_firmware)
    def on_update_firmware(self, location: str, retrieve_date: str, call_unique_id: str,
                           retries: int | None = None, retry_interval: int | None = None,
                           **_: Any) -> call_result.UpdateFirmware:
        self._require(Profile.FIRMWARE_MANAGEMENT)
        self._later(call_unique_id, lambda: self.cp.update_firmware(
            location, parse_time(retrieve_date), retries or 0, retry_interval or 0))
        return call_result.UpdateFirmware()

    @after(Action.update_firmware)
    def after_update_firmware(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    @on(Action.get_diagnostics)
    def on_get_diagnostics(self, location: str, call_unique_id: str,
                           retries: int | None = None, retry_interval: int | None = None,
                           **_: Any) -> call_result.GetDiagnostics:
        self._require(Profile.FIRMWARE_MANAGEMENT)
        stamp = now().strftime("%Y%m%dT%H%M%SZ")
        file_name = f"diagnostics-{self.cp.charge_point_id}-{stamp}.txt"
        self._later(call_unique_id, lambda: self.cp.get_diagnostics(
            location, file_name, retries or 0, retry_interval or 0))
        return call_result.GetDiagnostics(file_name=file_name)

    @after(Action.get_diagnostics)
    def after_get_diagnostics(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    # -- LocalAuthListManagement --------------------------------------------------------------

    def _local_list_in_use(self) -> bool:
        """The profile is supported and LocalAuthListEnabled is true: -1 and NotSupported
        otherwise (OCPP 1.6 section 5.10; OCTT TC_042_1 and TC_043_1)."""
        return (self.cp.pics.supports(Profile.LOCAL_AUTH_LIST_MANAGEMENT)
                and self.cp.model.config.get_bool("LocalAuthListEnabled"))

    @on(Action.get_local_list_version)
    def on_get_local_list_version(self, **_: Any) -> call_result.GetLocalListVersion:
        if not self.cp.pics.supports(Profile.LOCAL_AUTH_LIST_MANAGEMENT):
            return call_result.GetLocalListVersion(list_version=-1)
        if not self._local_list_in_use() and (
                "disabled_local_list_version_reported" not in self.cp.faults):
            return call_result.GetLocalListVersion(list_version=-1)
        return call_result.GetLocalListVersion(list_version=self.cp.model.nv.local_list.version)

    @on(Action.send_local_list)
    def on_send_local_list(self, list_version: int, update_type: str,
                           local_authorization_list: list[dict[str, Any]] | None = None,
                           **_: Any) -> call_result.SendLocalList:
        if not self._local_list_in_use() and "disabled_local_list_accepted" not in self.cp.faults:
            return call_result.SendLocalList(UpdateStatus.not_supported)
        if self.cp.local_list_failure:
            hidden = "local_list_failure_hidden" in self.cp.faults
            return call_result.SendLocalList(UpdateStatus.accepted if hidden
                                             else UpdateStatus.failed)
        config = self.cp.model.config
        local_list = self.cp.model.nv.local_list
        old_version = local_list.version
        status = local_list.update(
            list_version, update_type, local_authorization_list or [],
            config.get_int("SendLocalListMaxLength", 100),
            config.get_int("LocalAuthListMaxLength", 100),
            check_version="local_list_version_mismatch_accepted" not in self.cp.faults)
        if "local_list_version_not_updated" in self.cp.faults:
            local_list.version = old_version
        if (status == UpdateStatus.accepted and not len(local_list)
                and "empty_local_list_version_kept" in self.cp.faults):
            local_list.version = list_version
        return call_result.SendLocalList(status)

    # -- Reservation -----------------------------------------------------------------------------

    @on(Action.reserve_now)
    def on_reserve_now(self, connector_id: int, expiry_date: str, id_tag: str,
                       reservation_id: int, call_unique_id: str,
                       parent_id_tag: str | None = None, **_: Any) -> call_result.ReserveNow:
        self._require(Profile.RESERVATION)
        status = self._reservation_status(connector_id, reservation_id)
        if status == ReservationStatus.accepted:
            reservation = Reservation(reservation_id, connector_id, id_tag,
                                      parse_time(expiry_date), parent_id_tag)
            self._later(call_unique_id, lambda: self.cp.reserve(reservation))
        return call_result.ReserveNow(status)

    def _reservation_status(self, connector_id: int, reservation_id: int) -> ReservationStatus:
        status = self._reservation_refusal(connector_id, reservation_id)
        ignored_by = RESERVATION_REFUSALS_IGNORED.get(status)
        if ignored_by is not None and ignored_by in self.cp.faults:
            return ReservationStatus.accepted
        return status

    def _reservation_refusal(self, connector_id: int, reservation_id: int) -> ReservationStatus:
        model = self.cp.model
        refusing = (self.cp.reservation_refusal
                    and "reservation_refusal_ignored" not in self.cp.faults)
        if refusing or connector_id not in model.connectors:
            return ReservationStatus.rejected
        others = {r.connector_id for r in model.reservations.values()
                  if r.reservation_id != reservation_id}
        if "second_reservation_accepted" in self.cp.faults:
            others = set()  # a new reservation simply replaces the one in place
        if connector_id == 0:
            if not model.config.get_bool("ReserveConnectorZeroSupported"):
                return ReservationStatus.rejected
            ids = model.connector_ids()
            if model.connectors[0].fault or all(model.faulted(i) for i in ids):
                return ReservationStatus.faulted
            if all(model.inoperative(i) for i in ids):
                return ReservationStatus.unavailable
            free = [i for i in ids if model.free(i)]
            if not free or 0 in others:
                return ReservationStatus.occupied
            return ReservationStatus.accepted
        connector = model.connectors[connector_id]
        if model.faulted(connector_id):
            return ReservationStatus.faulted
        if model.inoperative(connector_id):
            return ReservationStatus.unavailable
        if (connector.transaction or connector.authorization or connector.plugged
                or connector.finishing or connector_id in others):
            return ReservationStatus.occupied
        return ReservationStatus.accepted

    @after(Action.reserve_now)
    def after_reserve_now(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    @on(Action.cancel_reservation)
    def on_cancel_reservation(self, reservation_id: int, call_unique_id: str,
                              **_: Any) -> call_result.CancelReservation:
        self._require(Profile.RESERVATION)
        held = list(self.cp.model.reservations)
        if "cancel_reservation_any_id" in self.cp.faults and held:
            cancelled = held  # whatever reservationId was asked for
        elif reservation_id in held:
            cancelled = [reservation_id]
        else:
            return call_result.CancelReservation(CancelReservationStatus.rejected)

        def cancel() -> None:
            for held_id in cancelled:
                self.cp.cancel_reservation(held_id)

        if "cancel_reservation_kept" not in self.cp.faults:
            self._later(call_unique_id, cancel)
        return call_result.CancelReservation(CancelReservationStatus.accepted)

    @after(Action.cancel_reservation)
    def after_cancel_reservation(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    # -- RemoteTrigger ---------------------------------------------------------------------------

    @on(Action.trigger_message)
    def on_trigger_message(self, requested_message: str, call_unique_id: str,
                           connector_id: int | None = None,
                           **_: Any) -> call_result.TriggerMessage:
        self._require(Profile.REMOTE_TRIGGER)
        unknown_connector = (connector_id is not None
                             and connector_id not in self.cp.model.connectors)
        if unknown_connector and "trigger_unknown_connector_accepted" in self.cp.faults:
            return call_result.TriggerMessage(TriggerMessageStatus.accepted)  # sends nothing
        if (self.cp.trigger_refusal or self.cp.registration == RegistrationStatus.rejected
                or unknown_connector):
            return call_result.TriggerMessage(TriggerMessageStatus.rejected)
        if "trigger_not_sent" not in self.cp.faults:
            self._later(call_unique_id, lambda: self.cp.trigger(requested_message, connector_id))
        return call_result.TriggerMessage(TriggerMessageStatus.accepted)

    @after(Action.trigger_message)
    def after_trigger_message(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    # -- Security (white paper) ------------------------------------------------------------------

    @on(Action.extended_trigger_message)
    def on_extended_trigger_message(self, requested_message: str, call_unique_id: str,
                                    **_: Any) -> call_result.ExtendedTriggerMessage:
        if self.cp.registration == RegistrationStatus.rejected:
            return call_result.ExtendedTriggerMessage(status="Rejected")
        if requested_message != "SignChargePointCertificate":
            return call_result.ExtendedTriggerMessage(status="NotImplemented")
        self._later(call_unique_id, self.cp.send_csr)
        return call_result.ExtendedTriggerMessage(status="Accepted")

    @after(Action.extended_trigger_message)
    def after_extended_trigger_message(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    @on(Action.certificate_signed)
    def on_certificate_signed(self, certificate_chain: str, call_unique_id: str,
                              **_: Any) -> call_result.CertificateSigned:
        status, effect = self.cp.certificate_signed(certificate_chain)
        self._later(call_unique_id, effect)
        return call_result.CertificateSigned(status=status)

    @after(Action.certificate_signed)
    def after_certificate_signed(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    @on(Action.get_log)
    def on_get_log(self, log_type: str, request_id: int, log: dict[str, Any], call_unique_id: str,
                   retries: int | None = None, retry_interval: int | None = None,
                   **_: Any) -> call_result.GetLog:
        self._require(Profile.SECURITY)
        status, file_name = self.cp.get_log(log_type)
        if file_name is not None:
            self._later(call_unique_id, lambda: self.cp.start_log_upload(
                request_id, log["remote_location"], file_name, retries or 0, retry_interval or 0))
        return call_result.GetLog(status=status, filename=file_name)

    @after(Action.get_log)
    def after_get_log(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    # -- SmartCharging ---------------------------------------------------------------------------

    @on(Action.set_charging_profile)
    def on_set_charging_profile(self, connector_id: int, cs_charging_profiles: dict[str, Any],
                                call_unique_id: str,
                                **_: Any) -> call_result.SetChargingProfile:
        self._require(Profile.SMART_CHARGING)
        rejected = call_result.SetChargingProfile(ChargingProfileStatus.rejected)
        model = self.cp.model
        config = model.config
        if connector_id not in model.connectors:
            return rejected
        profile = ChargingProfile.from_payload(connector_id, cs_charging_profiles)
        if profile.purpose == ChargingProfilePurposeType.charge_point_max_profile:
            if connector_id != 0:
                return rejected
        elif profile.purpose == ChargingProfilePurposeType.tx_profile:
            tx = model.connectors[connector_id].transaction if connector_id else None
            if tx is None:
                if "tx_profile_without_transaction_accepted" not in self.cp.faults:
                    return rejected
            elif (profile.transaction_id not in (None, tx.transaction_id)
                  and "tx_profile_wrong_transaction_accepted" not in self.cp.faults):
                return rejected
            else:
                profile = profile.bind(tx.transaction_id)
        allowed_units = {"Current": "A", "Power": "W"}
        units = {allowed_units.get(u, u)
                 for u in config.get_list("ChargingScheduleAllowedChargingRateUnit")}
        if (profile.stack_level > config.get_int("ChargeProfileMaxStackLevel")
                or len(profile.periods) > config.get_int("ChargingScheduleMaxPeriods")
                or profile.unit not in units
                or not model.nv.profiles.fits(profile,
                                              config.get_int("MaxChargingProfilesInstalled"))):
            return rejected
        self._later(call_unique_id, lambda: self.cp.install_profile(profile))
        return call_result.SetChargingProfile(ChargingProfileStatus.accepted)

    @after(Action.set_charging_profile)
    def after_set_charging_profile(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    @on(Action.clear_charging_profile)
    def on_clear_charging_profile(self, call_unique_id: str, id: int | None = None,
                                  connector_id: int | None = None,
                                  charging_profile_purpose: str | None = None,
                                  stack_level: int | None = None,
                                  **_: Any) -> call_result.ClearChargingProfile:
        self._require(Profile.SMART_CHARGING)
        selection = Selection(id, connector_id, charging_profile_purpose, stack_level)
        if not self.cp.model.nv.profiles.matching(selection):
            return call_result.ClearChargingProfile(ClearChargingProfileStatus.unknown)
        if "clear_charging_profile_ignored" not in self.cp.faults:
            self._later(call_unique_id, lambda: self.cp.clear_profiles(selection))
        return call_result.ClearChargingProfile(ClearChargingProfileStatus.accepted)

    @after(Action.clear_charging_profile)
    def after_clear_charging_profile(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)

    @on(Action.get_composite_schedule)
    def on_get_composite_schedule(self, connector_id: int, duration: int,
                                  charging_rate_unit: str | None = None,
                                  **_: Any) -> call_result.GetCompositeSchedule:
        self._require(Profile.SMART_CHARGING)
        model = self.cp.model
        units = [{"Current": "A", "Power": "W"}.get(u, u)
                 for u in model.config.get_list("ChargingScheduleAllowedChargingRateUnit")]
        unit = charging_rate_unit or (units[0] if units else "A")
        if connector_id not in model.connectors or unit not in units:
            return call_result.GetCompositeSchedule(GetCompositeScheduleStatus.rejected)
        start = now()
        tx = model.connectors[connector_id].transaction
        periods = model.nv.profiles.composite(
            connector_id, start, duration, unit, tx.started_at if tx else None,
            transaction_id=tx.transaction_id if tx else None, faults=self.cp.faults)
        schedule = {
            "duration": duration,
            "start_schedule": format_time(start),
            "charging_rate_unit": unit,
            "charging_schedule_period": [
                {"start_period": p.start, "limit": p.limit}
                | ({"number_phases": p.phases} if p.phases is not None else {})
                for p in periods
            ],
        }
        return call_result.GetCompositeSchedule(
            GetCompositeScheduleStatus.accepted, connector_id=connector_id,
            schedule_start=format_time(start), charging_schedule=schedule)


CLOCK_AHEAD = timedelta(minutes=5)  # planted fault clock_ahead


def _clock_ahead(payload: Any) -> Any:
    """The CALL as a charge point whose clock runs CLOCK_AHEAD fast stamps it."""
    if not dataclasses.is_dataclass(payload) or isinstance(payload, type):
        return payload
    changes: dict[str, Any] = {}
    stamp = getattr(payload, "timestamp", None)
    if isinstance(stamp, str):
        changes["timestamp"] = format_time(parse_time(stamp) + CLOCK_AHEAD)
    for name in ("meter_value", "transaction_data"):
        values = getattr(payload, name, None)
        if isinstance(values, list):
            changes[name] = [
                {**v, "timestamp": format_time(parse_time(v["timestamp"]) + CLOCK_AHEAD)}
                if isinstance(v, dict) and "timestamp" in v else v
                for v in values
            ]
    return dataclasses.replace(payload, **changes)
