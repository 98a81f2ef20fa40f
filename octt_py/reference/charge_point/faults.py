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
    _fault("unknown_key_accepted", "configuration",
           "answers ChangeConfiguration of an unknown key Accepted instead of NotSupported"),
    _fault("invalid_configuration_value_accepted", "configuration",
           "answers ChangeConfiguration Accepted for a value its key cannot take"),
    _fault("data_transfer_accepts_unknown_vendor", "data-transfer",
           "answers DataTransfer Accepted whatever the vendorId"),
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
    # reservation
    _fault("reservation_id_missing", "reservation",
           "StartTransaction on a reserved connector omits the reservationId"),
    _fault("reservation_never_expires", "reservation",
           "a reservation stays after its expiryDate"),
    # firmware and diagnostics
    _fault("firmware_no_installing_status", "firmware",
           "skips the FirmwareStatusNotification Installing"),
    _fault("diagnostics_not_uploaded", "diagnostics",
           "reports Uploaded without uploading the diagnostics file"),
    # remote trigger
    _fault("trigger_not_sent", "remote-trigger",
           "answers TriggerMessage Accepted but never sends the requested message"),
    # smart charging
    _fault("composite_ignores_stack_level", "smart-charging",
           "GetCompositeSchedule uses the lowest instead of the highest stack level"),
    _fault("tx_profile_without_transaction_accepted", "smart-charging",
           "accepts a TxProfile on a connector without a transaction"),
)

FAULT_NAMES: frozenset[str] = frozenset(fault.name for fault in FAULTS)
