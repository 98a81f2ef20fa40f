"""The planted faults of the reference CSMS.

Each one breaks exactly one thing a ``_CSMS`` case (or the harness's own robustness) checks, so
that the case's self-test can prove it fails for the right reason. The CSMS code asks
``"name" in faults`` at the single place where it deviates.
"""

from __future__ import annotations

from octt_py.reference.faults import Fault


def _csms(name: str, family: str, description: str) -> Fault:
    return Fault(name=name, dut="csms", family=family, description=description)


CSMS_FAULTS: tuple[Fault, ...] = (
    # boot
    _csms("boot_rejected", "boot", "answers every BootNotification with status Rejected"),
    _csms(
        "boot_rejected_on_reconnect",
        "boot",
        "answers Rejected to a BootNotification on any connection but the charge point's first "
        "(the boot after a reset or a power cycle)",
    ),
    _csms(
        "boot_invalid_current_time",
        "boot",
        "BootNotification.conf currentTime is not RFC 3339 ('27/10/2017 19:10:11')",
    ),
    _csms(
        "crossing_call_held",
        "ocpp-j",
        "answers a CALL that arrives while one of its own is unanswered only after that one is "
        "answered (one lock for both directions), so crossing CALLs wait out the timeout",
    ),
    _csms(
        "malformed_frame_on_boot",
        "ocpp-j",
        "answers BootNotification with the non-OCPP-J frame [3]",
    ),
    # heartbeat
    _csms(
        "heartbeat_invalid_time",
        "heartbeat",
        "Heartbeat.conf currentTime is '222222017-10-27T19:10:11Z'",
    ),
    # authorization
    _csms(
        "authorize_valid_as_invalid", "authorization", "answers valid (Accepted) id tags Invalid"
    ),
    _csms("authorize_blocked_as_accepted", "authorization", "answers blocked id tags Accepted"),
    _csms("authorize_expired_as_accepted", "authorization", "answers expired id tags Accepted"),
    _csms(
        "authorize_unknown_as_accepted",
        "authorization",
        "answers unknown (Invalid) id tags Accepted",
    ),
    _csms("slow_authorize", "authorization", "delays every Authorize.conf by 3 s"),
    # transactions
    _csms(
        "start_transaction_rejected",
        "transaction",
        "StartTransaction.conf idTagInfo is Invalid for valid (Accepted) id tags",
    ),
    _csms(
        "reuses_transaction_id",
        "transaction",
        "gives every StartTransaction the same transactionId",
    ),
    _csms(
        "invalid_replayed_start_rejected",
        "transaction",
        "answers Invalid to a StartTransaction whose timestamp is more than 1 min old "
        "(an offline transaction replayed after reconnect)",
    ),
    _csms(
        "offline_start_accepted",
        "transaction",
        "answers Accepted to a StartTransaction whose timestamp is more than 1 min old, "
        "whatever its id tag (offline transactions taken on trust)",
    ),
    _csms(
        "start_transaction_requires_authorize",
        "transaction",
        "answers Invalid to StartTransaction from a charge point that has sent no Authorize "
        "(it ignores ids the charge point authorized from its cache)",
    ),
    _csms("stop_transaction_no_response", "transaction", "never answers StopTransaction"),
    # status notifications
    _csms(
        "status_available_after_preparing_rejected",
        "status",
        "answers CALLERROR GenericError to StatusNotification Available on a connector that "
        "was Preparing (a session cancelled by the connection timeout)",
    ),
    _csms(
        "status_error_code_rejected",
        "status",
        "answers CALLERROR InternalError to a StatusNotification whose errorCode is not NoError",
    ),
    # CSMS-initiated operations
    _csms(
        "ignores_operator",
        "remote",
        "csms_send reports 'sent' but the CALL never goes out",
    ),
    _csms(
        "remote_stop_wrong_transaction",
        "remote",
        "RemoteStopTransaction carries transactionId + 1000",
    ),
    _csms(
        "remote_start_wrong_connector",
        "remote",
        "RemoteStartTransaction carries connectorId + 1",
    ),
    _csms(
        "remote_start_connector_one",
        "remote",
        "RemoteStartTransaction always names connector 1, whichever connector the operator chose "
        "(a back office that only knows single-connector stations)",
    ),
    _csms("reset_wrong_type", "remote", "Reset carries the other type (Hard <-> Soft)"),
    _csms("unlock_wrong_connector", "remote", "UnlockConnector carries connectorId + 1"),
    _csms(
        "drops_connection_on_refusal",
        "remote",
        "closes the connection when a charge point answers a CSMS-initiated CALL with a "
        "refusal (Rejected, NotSupported, UnlockFailed, Occupied ..., or local list version -1)",
    ),
    _csms(
        "change_configuration_wrong_value",
        "configuration",
        "ChangeConfiguration carries the requested value with '0' appended",
    ),
    _csms(
        "get_configuration_with_keys",
        "configuration",
        "GetConfiguration for all keys is sent with key ['HeartbeatInterval']",
    ),
    _csms(
        "get_configuration_all_keys",
        "configuration",
        "GetConfiguration for specific keys is sent without a key list (asks for all keys)",
    ),
    _csms(
        "send_local_list_without_id_tag_info",
        "local-auth-list",
        "SendLocalList entries carry no idTagInfo",
    ),
    _csms(
        "send_local_list_always_differential",
        "local-auth-list",
        "every SendLocalList goes out with updateType Differential, a full list too",
    ),
    _csms(
        "local_list_version_not_incremented",
        "local-auth-list",
        "SendLocalList carries listVersion one lower than it should: the version of the list "
        "before it, so an update never raises the version",
    ),
    # firmware management
    _csms(
        "firmware_location_missing",
        "firmware",
        "UpdateFirmware names a firmware file its own file server does not have (404 / 550)",
    ),
    _csms(
        "firmware_failure_status_error",
        "firmware",
        "answers FirmwareStatusNotification DownloadFailed or InstallationFailed with "
        "CALLERROR InternalError",
    ),
    _csms(
        "diagnostics_location_read_only",
        "firmware",
        "GetDiagnostics names a folder of its file server that refuses uploads (the firmware "
        "folder)",
    ),
    _csms(
        "diagnostics_failure_status_error",
        "firmware",
        "answers DiagnosticsStatusNotification UploadFailed with CALLERROR InternalError",
    ),
    # reservation
    _csms("reserve_now_wrong_connector", "reservation", "ReserveNow carries connectorId + 1"),
    _csms(
        "reserve_now_expiry_an_hour_early",
        "reservation",
        "ReserveNow expiryDate is one hour earlier than it should be (a local-time slip), so "
        "the reservation has expired before it is made",
    ),
    _csms(
        "reserve_now_expiry_without_offset",
        "reservation",
        "ReserveNow expiryDate is the local wall-clock time without a UTC offset",
    ),
    _csms(
        "reserve_now_without_parent_id_tag",
        "reservation",
        "ReserveNow never carries the reserved id tag's parentIdTag",
    ),
    _csms(
        "reserved_start_needs_same_id_tag",
        "reservation",
        "answers Invalid to a StartTransaction for a reservation made for another id tag, "
        "even one with the same parentIdTag",
    ),
    _csms(
        "cancel_reservation_wrong_id",
        "reservation",
        "CancelReservation carries reservationId + 1",
    ),
    # remote trigger
    _csms(
        "trigger_message_wrong_connector",
        "remote-trigger",
        "TriggerMessage for a connector carries connectorId + 1",
    ),
    _csms(
        "data_transfer_accepts_unknown_vendor",
        "data-transfer",
        "answers DataTransfer from an unknown vendorId Accepted",
    ),
    _csms(
        "data_transfer_callerror",
        "data-transfer",
        "answers DataTransfer with CALLERROR NotImplemented instead of a DataTransfer.conf",
    ),
    # smart charging
    _csms(
        "tx_default_profile_with_transaction_id",
        "smart-charging",
        "a TxDefaultProfile it sends carries transactionId 1 (only a TxProfile may have one)",
    ),
    _csms(
        "tx_profile_wrong_transaction_id",
        "smart-charging",
        "SetChargingProfile TxProfile carries the running transactionId + 1",
    ),
    _csms(
        "remote_start_profile_with_transaction_id",
        "smart-charging",
        "the charging profile of RemoteStartTransaction carries transactionId 1",
    ),
    _csms(
        "remote_start_profile_not_tx_profile",
        "smart-charging",
        "the charging profile of RemoteStartTransaction has purpose TxDefaultProfile",
    ),
    _csms(
        "charging_profile_stack_level_too_high",
        "smart-charging",
        "every charging profile it sends has stackLevel ChargeProfileMaxStackLevel + 1",
    ),
    _csms(
        "charging_schedule_late_first_period",
        "smart-charging",
        "the first chargingSchedulePeriod of every profile starts at 60 instead of 0",
    ),
    _csms(
        "charging_profile_unit_not_allowed",
        "smart-charging",
        "sends charging schedules in a unit the charge point's "
        "ChargingScheduleAllowedChargingRateUnit does not allow",
    ),
    _csms(
        "get_composite_schedule_wrong_connector",
        "smart-charging",
        "GetCompositeSchedule carries connectorId + 1",
    ),
    _csms(
        "clear_charging_profile_wrong_id",
        "smart-charging",
        "ClearChargingProfile by id carries the id + 1",
    ),
    # OCPP-J and transport
    _csms(
        "answers_unknown_action",
        "ocpp-j",
        "answers a CALL with an unknown action with an empty CALLRESULT, not a CALLERROR",
    ),
    _csms(
        "reuses_unique_id",
        "ocpp-j",
        "every CSMS-initiated CALL of a connection reuses the first CALL's unique id",
    ),
    _csms(
        "accepts_any_subprotocol",
        "transport",
        "keeps a connection that did not offer ocpp1.6 instead of closing it",
    ),
    _csms(
        "ignores_basic_auth",
        "transport",
        "accepts a connection without or with wrong HTTP Basic credentials",
    ),
    _csms(
        "authorization_key_not_stored",
        "transport",
        "sends a new AuthorizationKey but keeps checking Basic auth against the old one",
    ),
    _csms(
        "no_static_rsa_suites",
        "transport",
        "serves TLS with the default ECDHE-only cipher list: no TLS_RSA_WITH_AES_*_GCM suites",
    ),
    _csms(
        "client_certificate_cn_must_be_id",
        "transport",
        "refuses a client certificate whose CN is not the charge point id (it is the serial number)",
    ),
    _csms(
        "signs_with_wrong_ca",
        "security",
        "signs a charge point's CSR with the ManufacturerRootCertificate's key, a CA the charge point "
        "does not trust for its connection",
    ),
    _csms(
        "returns_certificate_on_file",
        "security",
        "answers a CSR with the charge point certificate it has on file, not one for the CSR's new key",
    ),
    _csms(
        "security_event_2_0_1_names_only",
        "security",
        "knows security events by their OCPP 2.0.1 names only: answers InvalidCentralSystemCertificate, "
        "InvalidChargePointCertificate and the other white-paper names 2.0.1 renamed with a CALLERROR",
    ),
    _csms(
        "crash_on_same_id_reconnect",
        "transport",
        "stops listening (and drops every connection) when a charge point reconnects with "
        "the same id while connected or within 1 s of dropping",
    ),
    # security (white paper)
    _csms(
        "log_status_not_implemented",
        "security",
        "answers LogStatusNotification with CALLERROR NotImplemented: it sends GetLog but has no "
        "handler for the notifications that follow",
    ),
    _csms(
        "accepts_old_profile_after_upgrade",
        "security",
        "upgrades a charge point with ChangeConfiguration SecurityProfile but keeps accepting its "
        "connections at the old profile",
    ),
    _csms(
        "get_log_diagnostics_type",
        "security",
        "GetLog asks for logType DiagnosticsLog when the operator asks for the security log",
    ),
)

# Consistency across messages (issue 12 §3): the extended rules of octt_py/checks.
CONSISTENCY_FAULTS: tuple[Fault, ...] = (
    _csms("boot_accepted_interval_zero", "boot", "answers BootNotification Accepted with interval 0"),
    _csms(
        "clock_minutes_behind",
        "clock",
        "its clock runs 3 minutes behind: BootNotification.conf and Heartbeat.conf currentTime",
    ),
    _csms(
        "get_configuration_before_boot_answer",
        "boot",
        "on a BootNotification, first sends GetConfiguration (all keys) and only then answers the boot",
    ),
    _csms(
        "stop_transaction_tag_invalid",
        "transaction",
        "StopTransaction.conf idTagInfo is Invalid for a valid id tag: the tag's session is closed "
        "before its status is looked up",
    ),
    _csms(
        "remote_start_default_id_tag",
        "remote",
        "RemoteStartTransaction carries the operator account's default id tag (the PICS's second "
        "valid tag), not the one asked for",
    ),
    _csms(
        "start_transaction_unknown_tag_accepted",
        "transaction",
        "answers StartTransaction Accepted for an id tag it does not know (it trusts the charge "
        "point's own authorization)",
    ),
)

# Certificate management (white paper: TC_075_x, TC_076).
CERTIFICATE_STORE_FAULTS: tuple[Fault, ...] = (
    _csms(
        "firmware_signature_reencoded",
        "firmware",
        "base64-encodes the firmware signature of a SignedUpdateFirmware once more (it stores the "
        "base64 text as bytes), so the signature no longer verifies",
    ),
    _csms(
        "signed_firmware_status_plain_enum",
        "firmware",
        "knows only FirmwareStatusNotification's statuses: answers CALLERROR "
        "PropertyConstraintViolation to SignedFirmwareStatusNotification SignatureVerified, "
        "InvalidSignature, InstallRebooting and the other signed-only statuses",
    ),
    _csms(
        "install_certificate_without_pem_armour",
        "certificates",
        "sends InstallCertificate with the certificate's base64 body only, without the PEM "
        "BEGIN/END CERTIFICATE lines",
    ),
    _csms(
        "installed_ids_type_fixed",
        "certificates",
        "always asks GetInstalledCertificateIds for CentralSystemRootCertificate, whatever type "
        "the operator chose",
    ),
    _csms(
        "delete_certificate_sha256_only",
        "certificates",
        "computes DeleteCertificate's hash data with SHA256, not with the hashAlgorithm the "
        "charge point reported in GetInstalledCertificateIds",
    ),
    _csms(
        "delete_certificate_key_hash_over_spki",
        "certificates",
        "computes DeleteCertificate's issuerKeyHash over the issuer's whole SubjectPublicKeyInfo",
    ),
)

CSMS_FAULTS = CSMS_FAULTS + CONSISTENCY_FAULTS + CERTIFICATE_STORE_FAULTS
