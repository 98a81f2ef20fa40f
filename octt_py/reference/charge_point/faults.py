"""The reference charge point's planted faults.

Each one makes the simulator deviate from OCPP 1.6 in exactly one observable way, so that the
self-test of the case that targets it can prove the case really detects that deviation. The code
asks ``"name" in faults`` at the single place where it misbehaves.
"""

from __future__ import annotations

from octt_py.reference.faults import Fault

DUT = "charge-point"


def _fault(name: str, family: str, description: str) -> Fault:
    return Fault(name=name, dut=DUT, family=family, description=description)


FAULTS: tuple[Fault, ...] = (
    # boot
    _fault("boot_ignores_rejected", "boot",
           "after a Rejected BootNotification sends StatusNotification and Heartbeat anyway and "
           "boots again at once instead of waiting the interval"),
    _fault("no_status_after_boot", "boot",
           "omits the StatusNotification for connector 0 after an Accepted boot"),
    _fault("pending_rejects_configuration", "boot",
           "while the registration is Pending, answers ChangeConfiguration with Rejected"),
    _fault("pending_authorizes_presented_tag", "boot",
           "while the registration is Pending, sends Authorize for an id tag presented to it"),
    _fault("no_heartbeat", "boot", "never sends Heartbeat"),
    # authorization and transactions
    _fault("skip_authorize", "authorization",
           "a presented unknown id tag starts a transaction without Authorize"),
    _fault("stop_ignores_parent_id_tag", "authorization",
           "a different id tag with the transaction's parentIdTag does not stop the transaction"),
    _fault("cache_not_cleared", "authorization",
           "answers ClearCache Accepted but keeps the authorization cache"),
    _fault("connection_timeout_ignored", "transaction",
           "an authorization without plug-in never times out (ConnectionTimeOut ignored)"),
    _fault("start_transaction_connector_one", "transaction",
           "every StartTransaction names connectorId 1, whichever connector the transaction is on"),
    _fault("skips_finishing", "transaction",
           "after a transaction ends with the cable still plugged in, reports Available instead "
           "of Finishing"),
    _fault("charging_without_start", "transaction",
           "reports Charging but never sends StartTransaction"),
    _fault("meter_values_schema_violation", "meter-values",
           "MeterValues carry a sampledValue whose value is a JSON number instead of a string"),
    _fault("meter_values_wrong_context", "meter-values",
           "periodic MeterValues carry context Sample.Clock instead of Sample.Periodic"),
    _fault("clock_aligned_off_boundary", "meter-values",
           "clock-aligned MeterValues fall one second after the ClockAlignedDataInterval boundaries"),
    _fault("invalid_id_keeps_charging", "transaction",
           "with StopTransactionOnInvalidId false, keeps charging (no SuspendedEVSE) after its "
           "StartTransaction was answered Invalid"),
    _fault("stop_on_invalid_id_ignored", "transaction",
           "with StopTransactionOnInvalidId true, only suspends a transaction whose StartTransaction "
           "was answered Invalid instead of stopping it"),
    _fault("charges_while_faulted", "transaction",
           "a faulted connector still starts a transaction"),
    _fault("faulted_without_error_code", "status",
           "reports Faulted with errorCode NoError instead of the error that caused it"),
    # remote actions
    _fault("remote_start_rejected", "remote",
           "answers every RemoteStartTransaction with Rejected"),
    _fault("remote_stop_wrong_reason", "remote",
           "the StopTransaction that follows a RemoteStopTransaction has reason Local"),
    _fault("remote_stop_ignored", "remote",
           "answers RemoteStopTransaction Accepted but never stops the transaction"),
    _fault("unlock_keeps_transaction", "unlock",
           "UnlockConnector during a transaction answers Unlocked without stopping it"),
    _fault("silent_on_reset", "reset", "never answers Reset"),
    _fault("availability_not_persisted", "availability",
           "forgets an Inoperative availability across a reboot"),
    _fault("power_loss_wrong_reason", "power",
           "a transaction interrupted by a power cut is stopped with reason Reboot instead of PowerLoss"),
    # configuration
    _fault("change_configuration_not_stored", "configuration",
           "answers ChangeConfiguration Accepted but keeps the old value"),
    _fault("missing_configuration_key", "configuration",
           "GetConfiguration without a key list omits MeterValueSampleInterval"),
    _fault("wrong_readonly_flag", "configuration", "reports HeartbeatInterval as readonly"),
    _fault("unsupported_profiles_misreported", "configuration",
           "the SupportedFeatureProfiles key lists only Core"),
    _fault("unknown_key_not_reported", "configuration",
           "GetConfiguration leaves the requested keys it does not know out of unknownKey"),
    _fault("unknown_key_accepted", "configuration",
           "answers ChangeConfiguration of an unknown key Accepted instead of NotSupported"),
    _fault("invalid_configuration_value_accepted", "configuration",
           "answers ChangeConfiguration Accepted for a value its key cannot take"),
    _fault("data_transfer_accepts_unknown_vendor", "data-transfer",
           "answers DataTransfer Accepted whatever the vendorId"),
    # sessions, reset and unlock (TC_004_2 ... TC_031)
    _fault("ev_disconnect_wrong_reason", "transaction",
           "the StopTransaction after an EV-side disconnect has reason Local, not EVDisconnected"),
    _fault("ev_disconnect_always_stops", "transaction",
           "an EV-side disconnect stops the transaction although StopTransactionOnEVSideDisconnect "
           "is false"),
    _fault("stop_by_any_id_tag", "authorization",
           "any id tag presented during a transaction stops it, not only the one that started it"),
    _fault("local_list_expiry_ignored", "authorization",
           "authorizes an id tag locally from a Local Authorization List or cache entry that says "
           "Accepted but whose expiryDate has passed"),
    _fault("local_pre_authorize_ignored", "authorization",
           "sends Authorize for an id tag its cache holds as Accepted although LocalPreAuthorize "
           "is true"),
    _fault("authorize_status_ignored", "authorization",
           "starts a transaction for an id tag the Central System answered Invalid in Authorize"),
    _fault("lock_failure_ignored", "transaction",
           "starts the transaction although locking the cable failed, reports no "
           "ConnectorLockFailure"),
    _fault("remote_start_busy_accepted", "remote",
           "answers RemoteStartTransaction Accepted for a connector that has a transaction"),
    _fault("remote_start_first_free_connector", "remote",
           "ignores the connectorId of RemoteStartTransaction and starts on the first free connector"),
    _fault("remote_start_connector_zero_accepted", "remote",
           "answers RemoteStartTransaction for connectorId 0 Accepted and picks a connector"),
    _fault("remote_stop_any_transaction", "remote",
           "answers RemoteStopTransaction with an unknown transactionId Accepted and stops the "
           "running transaction"),
    _fault("reset_stop_wrong_reason", "reset",
           "a Reset during a transaction stops it with reason Other, not HardReset or SoftReset"),
    _fault("unlock_idle_fails", "unlock",
           "answers UnlockConnector on a connector without a transaction with UnlockFailed"),
    _fault("unlock_failure_hidden", "unlock", "answers Unlocked when unlocking failed"),
    _fault("unlock_unknown_connector_unlocked", "unlock",
           "answers UnlockConnector for a connector it does not have with Unlocked"),
    _fault("fixed_cable_unlock_accepted", "unlock",
           "with a fixed cable, unlocks (and stops a transaction) on UnlockConnector instead of "
           "answering NotSupported"),
    _fault("lockless_unlock_accepted", "unlock",
           "with a socket that has no lock, answers UnlockConnector Unlocked (and stops a "
           "transaction) instead of NotSupported"),
    # OCPP-J discipline
    _fault("second_call_while_outstanding", "ocpp-j",
           "sends StatusNotification Charging while its StartTransaction is still unanswered"),
    _fault("reuses_unique_id", "ocpp-j",
           "every CALL after the first reuses the unique id of the previous CALL"),
    # offline
    _fault("offline_queue_reordered", "offline",
           "replays the queued transaction messages newest first after a reconnect"),
    _fault("offline_meter_values_dropped", "offline",
           "drops the MeterValues sampled while offline instead of queueing them"),
    _fault("offline_stop_not_queued", "offline",
           "drops a StopTransaction made while offline instead of queueing it"),
    _fault("offline_authorization_ignored", "offline",
           "while offline refuses every id tag, even one in the local list or cache"),
    # local authorization list
    _fault("local_list_version_not_updated", "local-auth-list",
           "SendLocalList is Accepted but GetLocalListVersion keeps reporting the old version"),
    _fault("disabled_local_list_version_reported", "local-auth-list",
           "with LocalAuthListEnabled false, GetLocalListVersion reports the list's version "
           "instead of -1"),
    _fault("disabled_local_list_accepted", "local-auth-list",
           "with no local list in use (no Local Auth List Management profile, or LocalAuthListEnabled "
           "false), answers SendLocalList Accepted instead of NotSupported"),
    _fault("empty_local_list_version_kept", "local-auth-list",
           "after a SendLocalList that leaves the list empty, GetLocalListVersion reports that "
           "update's listVersion instead of 0"),
    _fault("local_list_version_mismatch_accepted", "local-auth-list",
           "accepts a Differential SendLocalList whose listVersion is not above the current one "
           "instead of answering VersionMismatch"),
    _fault("local_list_failure_hidden", "local-auth-list",
           "answers SendLocalList Accepted when storing the list failed, instead of Failed"),
    # reservation
    _fault("reservation_id_missing", "reservation",
           "StartTransaction on a reserved connector omits the reservationId"),
    _fault("reservation_never_expires", "reservation",
           "a reservation stays after its expiryDate"),
    _fault("reservation_accepts_faulted", "reservation",
           "answers ReserveNow Accepted for a faulted connector or charge point instead of Faulted"),
    _fault("reservation_accepts_occupied", "reservation",
           "answers ReserveNow Accepted for an occupied connector (or charge point) instead of "
           "Occupied"),
    _fault("reservation_accepts_unavailable", "reservation",
           "answers ReserveNow Accepted for an Inoperative connector or charge point instead of "
           "Unavailable"),
    _fault("second_reservation_accepted", "reservation",
           "answers ReserveNow Accepted for a connector that already holds another reservation "
           "instead of Occupied"),
    _fault("reservation_refusal_ignored", "reservation",
           "answers ReserveNow Accepted although configured to refuse reservations (Rejected)"),
    _fault("reservation_ignores_id_tag", "reservation",
           "a reserved connector asks the Central System about any presented id tag instead of "
           "refusing other tags locally"),
    _fault("reservation_ignores_parent_id_tag", "reservation",
           "a reserved connector refuses a different id tag with the reservation's parentIdTag"),
    _fault("cancel_reservation_kept", "reservation",
           "answers CancelReservation Accepted but keeps the reservation"),
    _fault("cancel_reservation_any_id", "reservation",
           "answers CancelReservation for an unknown reservationId Accepted and cancels the "
           "reservations it holds"),
    # firmware and diagnostics
    _fault("firmware_no_installing_status", "firmware",
           "skips the FirmwareStatusNotification Installing"),
    _fault("firmware_not_downloaded", "firmware",
           "reports Downloading and Downloaded without fetching the firmware from the location"),
    _fault("firmware_installed_before_reboot", "firmware",
           "sends the final FirmwareStatusNotification (Installed / InstallationFailed) before "
           "the reboot instead of after it"),
    _fault("firmware_download_failure_unreported", "firmware",
           "after a failed download sends no FirmwareStatusNotification DownloadFailed"),
    _fault("firmware_install_failure_reported_installed", "firmware",
           "reports Installed although the installation failed"),
    _fault("signature_verified_unreported", "firmware",
           "after a signed firmware download goes from Downloaded straight to Installing, "
           "without SignedFirmwareStatusNotification SignatureVerified"),
    _fault("invalid_firmware_signature_installed", "firmware",
           "reports InvalidSignature for signed firmware whose signature fails, then installs it anyway"),
    _fault("diagnostics_not_uploaded", "diagnostics",
           "reports Uploaded without uploading the diagnostics file"),
    _fault("diagnostics_upload_failure_reported_uploaded", "diagnostics",
           "reports Uploaded although the upload failed"),
    _fault("diagnostics_uploading_unreported", "diagnostics",
           "reports only the outcome of a diagnostics upload (Uploaded or UploadFailed), never Uploading"),
    # remote trigger
    _fault("trigger_not_sent", "remote-trigger",
           "answers TriggerMessage Accepted but never sends the requested message"),
    _fault("trigger_unknown_connector_accepted", "remote-trigger",
           "answers TriggerMessage for a connector it does not have Accepted instead of Rejected"),
    # smart charging
    _fault("composite_ignores_stack_level", "smart-charging",
           "GetCompositeSchedule uses the lowest instead of the highest stack level"),
    _fault("tx_profile_without_transaction_accepted", "smart-charging",
           "accepts a TxProfile on a connector without a transaction"),
    _fault("tx_profile_wrong_transaction_accepted", "smart-charging",
           "accepts a TxProfile whose transactionId is not the running transaction's"),
    _fault("remote_start_any_profile_purpose_accepted", "smart-charging",
           "accepts RemoteStartTransaction with a charging profile of any purpose, not only "
           "TxProfile"),
    _fault("remote_start_profile_ignored", "smart-charging",
           "accepts RemoteStartTransaction with a TxProfile but never applies the profile"),
    _fault("clear_charging_profile_ignored", "smart-charging",
           "answers ClearChargingProfile Accepted but keeps the profiles"),
    _fault("composite_ignores_valid_to", "smart-charging",
           "a charging profile stays in force after its validTo"),
    _fault("composite_ignores_charge_point_max", "smart-charging",
           "the composite schedule of a connector leaves out the ChargePointMaxProfile"),
    _fault("composite_wrong_unit_conversion", "smart-charging",
           "converts between A and W as if every schedule were single-phase"),
    _fault("tx_profile_stacked_with_tx_default", "smart-charging",
           "a TxProfile overrules a TxDefaultProfile only where its stack level is higher"),
    _fault("tx_default_ignored_during_transaction", "smart-charging",
           "a TxDefaultProfile set during a transaction only applies to later transactions"),
    # security (white paper)
    _fault("basic_auth_wrong_username", "security",
           "sends its serial number, not its charge point id, as the Basic-auth username"),
    _fault("only_cbc_suites", "security",
           "offers TLS 1.2 with CBC cipher suites only (no AES-GCM)"),
    _fault("client_certificate_wrong_cn", "security",
           "presents a client certificate whose CN is its charge point id, not its serial number"),
    _fault("downgrade_accepted", "security",
           "accepts ChangeConfiguration SecurityProfile to a lower profile"),
    _fault("authorization_key_not_applied", "security",
           "accepts a new AuthorizationKey but keeps connecting with the old one"),
    _fault("server_certificate_dates_not_checked", "security",
           "trusts a server certificate outside its validity dates (it does not trust its own clock)"),
    _fault("server_hostname_not_checked", "security",
           "trusts a server certificate issued for another host name (no hostname check)"),
    _fault("csr_wrong_cn", "security",
           "puts its charge point id, not its serial number, in the CSR's CN"),
    _fault("csr_signed_rsa_pss", "security",
           "signs its CSR (an RSA 2048 key) with RSASSA-PSS, which the real OCTT does not take"),
    _fault("certificate_chain_not_verified", "security",
           "accepts CertificateSigned without verifying the chain against its CentralSystemRootCertificate"),
    _fault("security_profile_fallback", "security",
           "after an upgrade of SecurityProfile, goes back to the profile it had before as soon as "
           "a connection at the new one fails"),
    _fault("security_profile_not_applied", "security",
           "answers ChangeConfiguration SecurityProfile (an upgrade) Accepted but keeps connecting "
           "with the profile it had"),
    _fault("security_log_empty", "security",
           "answers GetLog SecurityLog Accepted and uploads an empty file: its log was never written"),
    _fault("log_status_wrong_request_id", "security",
           "LogStatusNotification carries its own upload counter (1, 2, ...) as requestId, not the "
           "GetLog's requestId"),
)

# Consistency across messages (issue 12 §3): the extended rules of octt_py/checks.
CONSISTENCY_FAULTS: tuple[Fault, ...] = (
    _fault("meter_values_session_energy", "meter-values",
           "MeterValues report the energy of the session (counted from 0) as "
           "Energy.Active.Import.Register, while meterStart and meterStop are meter readings"),
    _fault("meter_stop_is_session_energy", "meter-values",
           "meterStop is the energy the session used, not the meter's reading at the stop"),
    _fault("meter_values_local_transaction_id", "transaction",
           "MeterValues carry the charge point's own transaction number instead of the "
           "transactionId the Central System gave"),
    _fault("meter_values_on_connector_zero", "transaction",
           "MeterValues of a transaction are reported for connectorId 0 (the main meter)"),
    _fault("offline_messages_stamped_at_send", "offline",
           "a StartTransaction or StopTransaction queued while offline is stamped when it is "
           "sent, not when the transaction started or stopped"),
    _fault("no_preparing_status", "status",
           "never reports Preparing: a connector goes from Available straight to Charging"),
    _fault("heartbeat_stops_after_first", "boot",
           "sends one Heartbeat after the boot, then none (the timer is not re-armed)"),
    _fault("clock_ahead", "clock",
           "its clock runs 5 minutes ahead: it does not take the Central System's currentTime"),
    _fault("tx_profile_replaces_tx_default", "smart-charging",
           "once a TxProfile is set for a transaction the TxDefaultProfile no longer applies to it, "
           "not even after the TxProfile's schedule ends"),
    _fault("security_event_vendor_types", "security",
           "notifies each change of SecurityProfile or AuthorizationKey with a SecurityEventNotification "
           "of its own type (AuthorizationKeyChanged, SecurityProfileChanged), not the white paper's "
           "ReconfigurationOfSecurityParameters"),
    _fault("security_event_undeclared", "security",
           "sends SecurityEventNotification StartupOfTheDevice after every boot, also when its "
           "PICS declares no Security profile"),
    _fault("configuration_logged", "security",
           "after every connection sends its configuration log, AuthorizationKey and "
           "Authorization header included, in a DataTransfer and in connector 0's "
           "StatusNotification info (over its 50 characters)"),
)

# Certificate management (white paper: InstallCertificate, GetInstalledCertificateIds,
# DeleteCertificate; TC_075_x, TC_076).
CERTIFICATE_STORE_FAULTS: tuple[Fault, ...] = (
    _fault("certificate_key_hash_over_spki", "certificates",
           "computes issuerKeyHash over the issuer's whole SubjectPublicKeyInfo (DER), not over "
           "its public key bits as OCSP's CertID does"),
    _fault("single_trust_store", "certificates",
           "keeps one trust store: a ManufacturerRootCertificate it installs is kept, and reported, "
           "as a CentralSystemRootCertificate"),
    _fault("delete_certificate_kept", "certificates",
           "answers DeleteCertificate Accepted but keeps the certificate"),
)

FAULTS = FAULTS + CONSISTENCY_FAULTS + CERTIFICATE_STORE_FAULTS

FAULT_NAMES: frozenset[str] = frozenset(fault.name for fault in FAULTS)
