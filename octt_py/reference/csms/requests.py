"""Complete the CSMS-initiated CALLs the operator asks for.

The harness (or a person at the control API) names an action and maybe a few fields; the CSMS
fills every other required field the way a CSMS operator's tool would, from the PICS and from
what the CSMS knows (the charge point's running transaction, its last reservation ...), and
checks the result against the OCPP 1.6 schema before anything goes on the wire.
"""

from __future__ import annotations

import secrets
import string

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from octt_py.pics import Pics
from octt_py.reference.control import ActionRejected
from octt_py.reference.csms.clock import rfc3339
from octt_py.validation import Kind, default_schemas

CONFIGURED_CONNECTOR = 1  # the official cases' <Configured connectorId>
VENDOR_ID = "org.octt-py"
FIRMWARE_LOCATION = "http://127.0.0.1/firmware/octt-reference.bin"
UPLOAD_LOCATION = "ftp://127.0.0.1/upload/"
PROFILE_VALIDITY = timedelta(days=1)  # validTo - validFrom of default charging profiles


@dataclass(frozen=True)
class RequestContext:
    """What the CSMS knows about one charge point when it prepares a CALL for it."""

    pics: Pics
    now: datetime
    current_transaction_id: int | None
    last_reservation_id: int | None
    local_list_version: int
    local_list: list[dict[str, Any]]
    allocate_id: Callable[[], int]  # fresh reservation / request / profile ids
    # Where the CSMS hosts firmware and takes uploads (its own file servers, when running).
    firmware_location: str = FIRMWARE_LOCATION
    upload_location: str = UPLOAD_LOCATION

    def id_tag_info(self, id_tag: str) -> dict[str, Any] | None:
        """What the CSMS knows of ``id_tag`` (its local-list entry's idTagInfo), None if unknown."""
        for entry in self.local_list:
            if entry["idTag"] == id_tag:
                return copy.deepcopy(entry.get("idTagInfo"))
        return None


Payload = dict[str, Any]


def complete_request(action: str, given: Payload, context: RequestContext) -> Payload:
    """``given`` with every missing required field filled; ValueError if still invalid."""
    payload = copy.deepcopy(given)
    _FILLERS[action](payload, context)
    violations = default_schemas().validate(action, Kind.REQUEST, payload)
    if violations:
        raise ValueError("; ".join(str(v) for v in violations))
    return payload


def _require(payload: Payload, key: str, action: str) -> None:
    if key not in payload:
        raise ValueError(f"{action} needs {key!r}: the CSMS has no sensible default for it")


def _nested(payload: Payload, key: str) -> Payload | None:
    """The sub-object to fill, created if absent; None when the caller put a non-object there."""
    value = payload.setdefault(key, {})
    return value if isinstance(value, dict) else None


def _current_transaction(context: RequestContext, action: str) -> int:
    if context.current_transaction_id is None:
        raise ActionRejected(f"{action}: the charge point has no transaction in progress")
    return context.current_transaction_id


def _limit(unit: str) -> float:
    """6 A or 6000 W, the limit of the official smart-charging cases (TC_056)."""
    return 6.0 if unit == "A" else 6000.0


def _charging_profile(profile: Payload, context: RequestContext, purpose: str, kind: str) -> None:
    if "chargingProfileId" not in profile:
        profile["chargingProfileId"] = context.allocate_id()
    profile.setdefault("stackLevel", 0)
    profile.setdefault("chargingProfilePurpose", purpose)
    kind = profile.setdefault("chargingProfileKind", kind)
    if kind == "Absolute":
        profile.setdefault("validFrom", rfc3339(context.now))
        profile.setdefault("validTo", rfc3339(context.now + PROFILE_VALIDITY))
    schedule = _nested(profile, "chargingSchedule")
    if schedule is None:
        return
    units = context.pics.capabilities.charging_rate_units or ("A",)
    unit = schedule.setdefault("chargingRateUnit", units[0])
    if kind == "Absolute":
        schedule.setdefault("startSchedule", rfc3339(context.now))
        schedule.setdefault("duration", int(PROFILE_VALIDITY.total_seconds()))
    schedule.setdefault("chargingSchedulePeriod", [{"startPeriod": 0, "limit": _limit(unit)}])


def _cancel_reservation(payload: Payload, context: RequestContext) -> None:
    if "reservationId" not in payload:
        if context.last_reservation_id is None:
            raise ActionRejected("CancelReservation: this CSMS has made no reservation to cancel")
        payload["reservationId"] = context.last_reservation_id


def _change_availability(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("connectorId", CONFIGURED_CONNECTOR)
    payload.setdefault("type", "Inoperative")


def _change_configuration(payload: Payload, context: RequestContext) -> None:
    timing = context.pics.timing
    intervals = {
        "HeartbeatInterval": timing.heartbeat_interval,
        "MeterValueSampleInterval": timing.meter_value_sample_interval,
        "ClockAlignedDataInterval": timing.clock_aligned_data_interval,
        "ConnectionTimeOut": timing.connection_timeout,
    }
    key = payload.setdefault("key", "MeterValueSampleInterval")
    if key == "AuthorizationKey" and "value" not in payload:
        # white paper: a new random key of 20 bytes, hex-encoded (printable bytes here, so
        # that charge points storing the key as text work too)
        alphabet = string.ascii_letters + string.digits
        payload["value"] = "".join(secrets.choice(alphabet) for _ in range(20)).encode().hex()
    if "value" not in payload:
        if key not in intervals:
            raise ValueError(f"ChangeConfiguration of {key!r} needs a 'value'")
        payload["value"] = str(intervals[key])


def _data_transfer(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("vendorId", VENDOR_ID)


def _get_composite_schedule(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("connectorId", CONFIGURED_CONNECTOR)
    payload.setdefault("duration", 400)
    units = context.pics.capabilities.charging_rate_units
    if units:
        payload.setdefault("chargingRateUnit", units[0])


def _get_diagnostics(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("location", context.upload_location)


def _remote_start_transaction(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("idTag", context.pics.id_tags.valid)
    payload.setdefault("connectorId", CONFIGURED_CONNECTOR)
    if "chargingProfile" in payload:  # TC_059: a TxProfile without transactionId
        profile = _nested(payload, "chargingProfile")
        if profile is not None:
            _charging_profile(profile, context, "TxProfile", "Relative")


def _remote_stop_transaction(payload: Payload, context: RequestContext) -> None:
    if "transactionId" not in payload:
        payload["transactionId"] = _current_transaction(context, "RemoteStopTransaction")


def _reserve_now(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("connectorId", CONFIGURED_CONNECTOR)
    expiry = context.now + timedelta(seconds=context.pics.timing.reservation_expiry)
    payload.setdefault("expiryDate", rfc3339(expiry))
    id_tag = payload.setdefault("idTag", context.pics.id_tags.valid)
    if "reservationId" not in payload:
        payload["reservationId"] = context.allocate_id()
    # OCPP 1.6 §5.13: with the reserved tag's parent, the charge point can also let another tag
    # of the same group use the reservation (TC_053).
    known = context.id_tag_info(id_tag) if isinstance(id_tag, str) else None
    parent = (known or {}).get("parentIdTag")
    if parent and "parentIdTag" not in payload:
        payload["parentIdTag"] = parent


def _reset(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("type", "Soft")


def _send_local_list(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("listVersion", context.local_list_version + 1)
    payload.setdefault("updateType", "Full")
    payload.setdefault("localAuthorizationList", copy.deepcopy(context.local_list))
    # An entry the operator names by its idTag alone gets what the CSMS knows of the tag; an
    # entry for a tag the CSMS does not know stays bare, which in a Differential update removes
    # it from the charge point's list (OCPP 1.6 §5.15).
    entries = payload["localAuthorizationList"]
    for entry in entries if isinstance(entries, list) else ():
        named = entry.get("idTag") if isinstance(entry, dict) else None
        if isinstance(named, str) and "idTagInfo" not in entry:
            info = context.id_tag_info(named)
            if info is not None:
                entry["idTagInfo"] = info


def _set_charging_profile(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("connectorId", CONFIGURED_CONNECTOR)
    profile = _nested(payload, "csChargingProfiles")
    if profile is None:
        return
    _charging_profile(profile, context, "TxDefaultProfile", "Absolute")
    if profile["chargingProfilePurpose"] == "TxProfile" and "transactionId" not in profile:
        profile["transactionId"] = _current_transaction(context, "SetChargingProfile TxProfile")


def _trigger_message(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("requestedMessage", "Heartbeat")


def _unlock_connector(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("connectorId", CONFIGURED_CONNECTOR)


def _update_firmware(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("location", context.firmware_location)
    payload.setdefault("retrieveDate", rfc3339(context.now))


def _certificate_signed(payload: Payload, context: RequestContext) -> None:
    _require(payload, "certificateChain", "CertificateSigned")


def _delete_certificate(payload: Payload, context: RequestContext) -> None:
    _require(payload, "certificateHashData", "DeleteCertificate")


def _extended_trigger_message(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("requestedMessage", "SignChargePointCertificate")


def _get_installed_certificate_ids(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("certificateType", "CentralSystemRootCertificate")


def _get_log(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("logType", "SecurityLog")
    if "requestId" not in payload:
        payload["requestId"] = context.allocate_id()
    log = _nested(payload, "log")
    if log is not None:
        log.setdefault("remoteLocation", context.upload_location)


def _install_certificate(payload: Payload, context: RequestContext) -> None:
    payload.setdefault("certificateType", "CentralSystemRootCertificate")
    _require(payload, "certificate", "InstallCertificate")


def _signed_update_firmware(payload: Payload, context: RequestContext) -> None:
    if "requestId" not in payload:
        payload["requestId"] = context.allocate_id()
    firmware = _nested(payload, "firmware")
    if firmware is not None:
        firmware.setdefault("location", context.firmware_location)
        firmware.setdefault("retrieveDateTime", rfc3339(context.now))
        _require(firmware, "signingCertificate", "SignedUpdateFirmware firmware")
        _require(firmware, "signature", "SignedUpdateFirmware firmware")


def _no_required_fields(payload: Payload, context: RequestContext) -> None:
    """ClearCache, ClearChargingProfile, GetConfiguration, GetLocalListVersion."""


_FILLERS: dict[str, Callable[[Payload, RequestContext], None]] = {
    "CancelReservation": _cancel_reservation,
    "ChangeAvailability": _change_availability,
    "ChangeConfiguration": _change_configuration,
    "ClearCache": _no_required_fields,
    "ClearChargingProfile": _no_required_fields,
    "DataTransfer": _data_transfer,
    "GetCompositeSchedule": _get_composite_schedule,
    "GetConfiguration": _no_required_fields,
    "GetDiagnostics": _get_diagnostics,
    "GetLocalListVersion": _no_required_fields,
    "RemoteStartTransaction": _remote_start_transaction,
    "RemoteStopTransaction": _remote_stop_transaction,
    "ReserveNow": _reserve_now,
    "Reset": _reset,
    "SendLocalList": _send_local_list,
    "SetChargingProfile": _set_charging_profile,
    "TriggerMessage": _trigger_message,
    "UnlockConnector": _unlock_connector,
    "UpdateFirmware": _update_firmware,
    # OCPP 1.6 security extension
    "CertificateSigned": _certificate_signed,
    "DeleteCertificate": _delete_certificate,
    "ExtendedTriggerMessage": _extended_trigger_message,
    "GetInstalledCertificateIds": _get_installed_certificate_ids,
    "GetLog": _get_log,
    "InstallCertificate": _install_certificate,
    "SignedUpdateFirmware": _signed_update_firmware,
}

CSMS_INITIATED_ACTIONS = frozenset(_FILLERS)
