"""Core profile, charge point DUT (meter values, power failure, offline, configuration keys,
faults, data transfer): faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_032_1_CS", "power_loss_wrong_reason", "has reason Reboot, not PowerLoss", {"backup_power": True}),
    Proof("TC_032_2_CS", "power_loss_wrong_reason", "has reason Reboot, not PowerLoss"),
    Proof("TC_034_CS", "availability_not_persisted", "reports Available, not Unavailable"),
    Proof("TC_036_CS", "offline_queue_reordered", "are not in chronological order"),
    Proof("TC_036_CS", "offline_meter_values_dropped", "s apart; the interval is 1 s"),
    Proof("TC_037_1_CS", "offline_authorization_ignored", "expected StartTransaction"),
    Proof("TC_037_2_CS", "invalid_id_keeps_charging", "expected StatusNotification (connectorId=1, status='SuspendedEVSE')"),
    Proof("TC_037_3_CS", "stop_on_invalid_id_ignored", "expected StopTransaction"),
    Proof("TC_038_CS", "offline_stop_not_queued", "expected StopTransaction"),
    Proof("TC_039_CS", "offline_stop_not_queued", "expected StopTransaction"),
    Proof("TC_039_CS", "offline_authorization_ignored", "expected StartTransaction"),
    Proof("TC_040_1_CS", "unknown_key_accepted", "was answered Accepted, not NotSupported"),
    Proof("TC_040_2_CS", "invalid_configuration_value_accepted", "was answered Accepted, not Rejected"),
    Proof("TC_041_CS", "charges_while_faulted", "the DUT sent StartTransaction"),
    Proof("TC_041_CS", "faulted_without_error_code", "StatusNotification Faulted carries errorCode NoError"),
    Proof("TC_062_CS", "data_transfer_accepts_unknown_vendor", "was answered Accepted"),
    Proof("TC_070_CS", "meter_values_wrong_context", "has context Sample.Clock; expected Sample.Periodic"),
    Proof("TC_070_CS", "meter_values_schema_violation", "is not of type 'string'"),
    Proof("TC_071_CS", "clock_aligned_off_boundary", "is not on a 2 s boundary"),
)
