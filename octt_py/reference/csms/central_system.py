"""The CSMS's shared state and its control actions.

Connections come and go; what the CSMS knows (id tags, boot policy, transactions, every charge
point's record) lives here, and so do the operator actions of the control API: ``csms_send``
(make the CSMS send a CALL) and ``csms_configure`` (prepare the CSMS for a case).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any

from websockets.asyncio.server import ServerConnection
from websockets.frames import CloseCode

from octt_py.files import FIRMWARE_FOLDER, UPLOAD_FOLDER
from octt_py.ocppj import frames
from octt_py.pics import Pics
from octt_py.pki import TestPki
from octt_py.reference.control import ActionRejected, UnknownAction
from octt_py.reference.csms.authorization import IdTagStore
from octt_py.reference.csms.certificates import deviate_certificates
from octt_py.reference.csms.clock import parse_rfc3339, rfc3339, utc_now
from octt_py.reference.csms.connection import CentralSystemConnection
from octt_py.reference.csms.outbox import CsmsCall
from octt_py.reference.csms.records import ChargePointRecord, TransactionLedger
from octt_py.reference.csms.registration import BootPolicy
from octt_py.reference.csms.requests import (
    CSMS_INITIATED_ACTIONS,
    FIRMWARE_LOCATION,
    UPLOAD_LOCATION,
    RequestContext,
    complete_request,
)
from octt_py.reference.faults import FaultSwitches

REPLACED_REASON = "replaced by a newer connection of the same charge point"


class CentralSystem:
    def __init__(self, pics: Pics, faults: FaultSwitches, pki: TestPki | None = None) -> None:
        self.pics = pics
        self.faults = faults
        self.pki = pki  # the CA it signs charge point certificates with (SignCertificate)
        self.id_tags = IdTagStore(pics.id_tags)
        self.boot_policy = BootPolicy(pics.timing)
        self.ledger = TransactionLedger()
        self.basic_auth_password = pics.connection.basic_auth_password
        self._records: dict[str, ChargePointRecord] = {}
        self._connections: dict[str, CentralSystemConnection] = {}
        self._ids = itertools.count(1)  # reservation, request and charging-profile ids
        # Where UpdateFirmware / GetDiagnostics point: the CSMS's own file servers once started.
        self.firmware_location = FIRMWARE_LOCATION
        self.upload_location = UPLOAD_LOCATION
        self._background: set[asyncio.Task[None]] = set()

    def record(self, charge_point_id: str) -> ChargePointRecord:
        return self._records.setdefault(charge_point_id, ChargePointRecord(charge_point_id))

    def recently_connected(self, charge_point_id: str, within: float) -> bool:
        """Connected now, or dropped less than ``within`` seconds ago."""
        if charge_point_id in self._connections:
            return True
        dropped = self.record(charge_point_id).last_disconnect
        return dropped is not None and time.monotonic() - dropped < within

    async def serve(self, charge_point_id: str, websocket: ServerConnection) -> None:
        """Run one charge point's session until it ends.

        A new connection with an id that is already connected replaces the old one, which is
        closed in the background: the charge point has evidently lost the old link, and its new
        BootNotification must not wait for a dead TCP connection's closing handshake.
        """
        connection = CentralSystemConnection(charge_point_id, websocket, self)
        previous = self._connections.get(charge_point_id)
        self._connections[charge_point_id] = connection
        record = self.record(charge_point_id)
        record.connected = True
        record.connections += 1
        if previous is not None:
            self._in_background(previous.close(CloseCode.NORMAL_CLOSURE, REPLACED_REASON))
        try:
            await connection.start()
        finally:
            record.last_disconnect = time.monotonic()
            if self._connections.get(charge_point_id) is connection:
                del self._connections[charge_point_id]
                record.connected = False

    async def close(self) -> None:
        """Wait for background work (closing replaced connections) to finish."""
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    # -- control API ---------------------------------------------------------------------

    async def perform(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
        if name == "csms_send":
            return await self.csms_send(**params)
        if name == "csms_configure":
            return self.csms_configure(**params)
        if name == "csms_provision_id_tags":
            return self.csms_provision_id_tags(**params)
        raise UnknownAction(f"the reference CSMS has no action {name!r}")

    async def csms_send(
        self,
        action: str,
        payload: dict[str, Any] | None = None,
        charge_point_id: str | None = None,
    ) -> dict[str, Any]:
        """Send a CSMS-initiated CALL, completed with defaults; do not wait for the answer."""
        if action not in CSMS_INITIATED_ACTIONS:
            raise UnknownAction(f"{action!r} is not a CSMS-initiated OCPP 1.6 action")
        charge_point_id = charge_point_id or self.pics.identity.charge_point_id
        connection = self._connections.get(charge_point_id)
        if connection is None:
            raise ActionRejected(f"charge point {charge_point_id} is not connected")
        if not isinstance(payload, dict | None):
            raise TypeError("payload must be a JSON object")
        record = self.record(charge_point_id)
        payload = complete_request(action, payload or {}, self._request_context(record))
        self._deviate(action, payload)
        deviate_certificates(self.faults, action, payload, record.calls)
        if action == "ReserveNow":
            record.reservation_id = payload["reservationId"]
        elif action == "SendLocalList":
            record.local_list_version = payload["listVersion"]
        if "ignores_operator" in self.faults:
            call = CsmsCall(frames.new_unique_id(), action, payload, status="suppressed")
            record.calls.append(call)
            return {
                "status": "sent",
                "unique_id": call.unique_id,
                "action": action,
                "payload": payload,
            }
        if (action == "ChangeConfiguration" and payload["key"] == "AuthorizationKey"
                and "authorization_key_not_stored" not in self.faults):
            self.basic_auth_password = payload["value"]  # the charge point's next connection uses it
        if (action == "ChangeConfiguration" and payload["key"] == "SecurityProfile"
                and str(payload["value"]) in ("0", "1", "2", "3")
                and "accepts_old_profile_after_upgrade" not in self.faults):
            record.security_profile = int(payload["value"])  # never again below it (TC_083)
        call = await connection.outbox.submit(action, payload)
        status = "queued" if call.status == "queued" else "sent"
        return {"status": status, "unique_id": call.unique_id, "action": action, "payload": payload}

    def csms_provision_id_tags(
        self,
        id_tags: list[dict[str, Any]],
        unknown: list[str] | None = None,
        charge_point_ids: list[str] | None = None,
    ) -> dict[str, Any]:
        """Register id tags as AuthorizationData entries ({"idTag", "idTagInfo"}) and forget
        the ``unknown`` ones: the operator step that saves a lab from seeding its database."""
        if not isinstance(id_tags, list) or not all(isinstance(e, dict) for e in id_tags):
            raise ValueError('id_tags takes a list of {"idTag": ..., "idTagInfo": {...}}')
        for entry in id_tags:
            info = entry.get("idTagInfo") or {}
            self.id_tags.set(
                str(entry.get("idTag", "")), info.get("status", "Accepted"),
                parent_id_tag=info.get("parentIdTag"), expiry_date=info.get("expiryDate"),
            )
        for id_tag in unknown or []:
            self.id_tags.forget(id_tag)
        return {"id_tags": self.id_tags.snapshot()}

    def csms_configure(
        self, setting: str, value: Any, charge_point_id: str | None = None
    ) -> dict[str, Any]:
        """Prepare the CSMS: boot_status, boot_interval (global or per charge point),
        id_tag_status ({"id_tag", "status"[, "parent_id_tag", "expiry_date"]}),
        basic_auth_password ("" switches the check off) and security_profile (per charge point:
        the lowest profile it may connect with, which a SecurityProfile upgrade raises)."""
        if setting == "boot_status":
            self.boot_policy.set_status(value, charge_point_id)
        elif setting == "boot_interval":
            self.boot_policy.set_interval(value, charge_point_id)
        elif setting == "security_profile":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3:
                raise ValueError("security_profile takes 0 to 3")
            if charge_point_id is None:
                raise ValueError("security_profile is set per charge point: give charge_point_id")
            self.record(charge_point_id).security_profile = value
        elif charge_point_id is not None:
            raise ValueError(f"{setting} applies to every charge point; drop charge_point_id")
        elif setting == "id_tag_status":
            if not isinstance(value, dict):
                raise ValueError('id_tag_status takes {"id_tag": ..., "status": ...}')
            value = {"id_tag": value.get("id_tag"), **self.id_tags.set(**value)}
        elif setting == "basic_auth_password":
            if not isinstance(value, str):
                raise ValueError("basic_auth_password must be a string")
            self.basic_auth_password = value
        else:
            raise ValueError(
                f"unknown setting {setting!r}; known: boot_status, boot_interval, "
                "id_tag_status, basic_auth_password, security_profile"
            )
        return {"setting": setting, "value": value, "charge_point_id": charge_point_id}

    def snapshot(self) -> dict[str, Any]:
        return {
            "connected": sorted(self._connections),
            "charge_points": {cp: r.snapshot() for cp, r in sorted(self._records.items())},
            "transactions": self.ledger.snapshot(),
            "id_tags": self.id_tags.snapshot(),
            "boot_policy": self.boot_policy.snapshot(),
            "basic_auth": bool(self.basic_auth_password),
        }

    # -- helpers ---------------------------------------------------------------------------

    def _request_context(self, record: ChargePointRecord) -> RequestContext:
        current = self.ledger.current(record.charge_point_id)
        return RequestContext(
            pics=self.pics,
            now=utc_now(),
            current_transaction_id=current.transaction_id if current else None,
            last_reservation_id=record.reservation_id,
            local_list_version=record.local_list_version,
            local_list=self.id_tags.local_list(),
            allocate_id=lambda: next(self._ids),
            firmware_location=self.firmware_location,
            upload_location=self.upload_location,
        )

    def _deviate(self, action: str, payload: dict[str, Any]) -> None:
        """Where the planted faults bend an operator's request before it goes out."""
        faults = self.faults
        if "remote_stop_wrong_transaction" in faults and action == "RemoteStopTransaction":
            payload["transactionId"] += 1000
        if "remote_start_wrong_connector" in faults and action == "RemoteStartTransaction":
            payload["connectorId"] += 1
        if "remote_start_connector_one" in faults and action == "RemoteStartTransaction":
            payload["connectorId"] = 1
        if "remote_start_default_id_tag" in faults and action == "RemoteStartTransaction":
            payload["idTag"] = self.pics.id_tags.valid_2
        if "change_configuration_wrong_value" in faults and action == "ChangeConfiguration":
            payload["value"] += "0"
        if (
            "get_configuration_with_keys" in faults
            and action == "GetConfiguration"
            and not payload.get("key")
        ):
            payload["key"] = ["HeartbeatInterval"]
        if "reset_wrong_type" in faults and action == "Reset":
            payload["type"] = "Soft" if payload["type"] == "Hard" else "Hard"
        if "unlock_wrong_connector" in faults and action == "UnlockConnector":
            payload["connectorId"] += 1
        if "get_configuration_all_keys" in faults and action == "GetConfiguration":
            payload.pop("key", None)
        if "send_local_list_without_id_tag_info" in faults and action == "SendLocalList":
            for entry in payload.get("localAuthorizationList", []):
                entry.pop("idTagInfo", None)
        if "send_local_list_always_differential" in faults and action == "SendLocalList":
            payload["updateType"] = "Differential"
        if "local_list_version_not_incremented" in faults and action == "SendLocalList":
            payload["listVersion"] -= 1
        if "reserve_now_wrong_connector" in faults and action == "ReserveNow":
            payload["connectorId"] += 1
        if "reserve_now_expiry_an_hour_early" in faults and action == "ReserveNow":
            expiry = parse_rfc3339(payload["expiryDate"])
            if expiry is not None:
                payload["expiryDate"] = rfc3339(expiry - timedelta(hours=1))
        if "reserve_now_expiry_without_offset" in faults and action == "ReserveNow":
            expiry = parse_rfc3339(payload["expiryDate"])
            if expiry is not None:
                payload["expiryDate"] = expiry.astimezone().replace(tzinfo=None).isoformat(timespec="seconds")
        if "reserve_now_without_parent_id_tag" in faults and action == "ReserveNow":
            payload.pop("parentIdTag", None)
        if "cancel_reservation_wrong_id" in faults and action == "CancelReservation":
            payload["reservationId"] += 1
        if (
            "trigger_message_wrong_connector" in faults
            and action == "TriggerMessage"
            and "connectorId" in payload
        ):
            payload["connectorId"] += 1
        if "firmware_location_missing" in faults and action == "UpdateFirmware":
            payload["location"] = payload["location"].rsplit("/", 1)[0] + "/missing-firmware.bin"
        if "diagnostics_location_read_only" in faults and action == "GetDiagnostics":
            payload["location"] = payload["location"].replace(UPLOAD_FOLDER, FIRMWARE_FOLDER)
        if "get_log_diagnostics_type" in faults and action == "GetLog":
            payload["logType"] = "DiagnosticsLog"
        self._deviate_smart_charging(action, payload)

    def _deviate_smart_charging(self, action: str, payload: dict[str, Any]) -> None:
        """The smart-charging faults: profiles and requests that break OCPP 1.6's rules."""
        faults = self.faults
        profile = payload.get("csChargingProfiles") if action == "SetChargingProfile" else None
        if action == "RemoteStartTransaction":
            profile = payload.get("chargingProfile")
        if isinstance(profile, dict):
            purpose = profile.get("chargingProfilePurpose")
            if "tx_default_profile_with_transaction_id" in faults and purpose == "TxDefaultProfile":
                profile["transactionId"] = 1
            if ("tx_profile_wrong_transaction_id" in faults and action == "SetChargingProfile"
                    and purpose == "TxProfile" and "transactionId" in profile):
                profile["transactionId"] += 1
            if ("remote_start_profile_with_transaction_id" in faults
                    and action == "RemoteStartTransaction"):
                profile["transactionId"] = 1
            if ("remote_start_profile_not_tx_profile" in faults
                    and action == "RemoteStartTransaction"):
                profile["chargingProfilePurpose"] = "TxDefaultProfile"
            if "charging_profile_stack_level_too_high" in faults:
                profile["stackLevel"] = self.pics.capabilities.charge_profile_max_stack_level + 1
            schedule = profile.get("chargingSchedule")
            periods = schedule.get("chargingSchedulePeriod") if isinstance(schedule, dict) else None
            if "charging_schedule_late_first_period" in faults and periods:
                periods[0]["startPeriod"] = 60
            if "charging_profile_unit_not_allowed" in faults and isinstance(schedule, dict):
                allowed = self.pics.capabilities.charging_rate_units
                schedule["chargingRateUnit"] = "W" if "W" not in allowed else "A"
        if "get_composite_schedule_wrong_connector" in faults and action == "GetCompositeSchedule":
            payload["connectorId"] += 1
        if ("clear_charging_profile_wrong_id" in faults and action == "ClearChargingProfile"
                and "id" in payload):
            payload["id"] += 1

    def _in_background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
