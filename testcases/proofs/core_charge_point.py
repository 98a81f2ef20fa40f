"""Core profile, charge point DUT: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_001_CS", "boot_ignores_rejected", "while Rejected the charge point sent"),
    Proof("TC_001_CS", "no_status_after_boot", "expected StatusNotification (connectorId=0"),
    Proof("TC_001_CS", "no_heartbeat", "expected Heartbeat within 2 s"),
    Proof("TC_002_CS", "pending_rejects_configuration", "answered ChangeConfiguration MeterValueSampleInterval with Rejected"),
    Proof("TC_002_CS", "no_status_after_boot", "expected StatusNotification (connectorId=0"),
    Proof("TC_002_CS", "pending_authorizes_presented_tag",
          "extended protocol nonconformance: while Pending the charge point sent Authorize for the id tag", strict=True),
    Proof("TC_003_CS", "skip_authorize", "expected Authorize"),
    Proof("TC_003_CS", "charging_without_start", "expected StartTransaction"),
    Proof("TC_004_1_CS", "charging_without_start", "expected StartTransaction"),
    Proof("TC_004_1_CS", "second_call_while_outstanding", "OCPP-J allows one outstanding CALL per direction"),
    Proof("TC_010_CS", "remote_start_rejected", "answered RemoteStartTransaction with Rejected"),
    Proof("TC_012_CS", "remote_stop_wrong_reason", "has reason Local, not Remote"),
    Proof("TC_012_CS", "remote_stop_ignored", "expected StopTransaction"),
    Proof("TC_012_CS", "skips_finishing", "StatusNotification (connectorId=1, status='Finishing')"),
    Proof("TC_019_CS", "missing_configuration_key", "GetConfiguration lacks MeterValueSampleInterval"),
    Proof("TC_019_CS", "wrong_readonly_flag", "HeartbeatInterval is reported readonly=True"),
    Proof("TC_019_CS", "unsupported_profiles_misreported", "SupportedFeatureProfiles is ['Core']"),
    Proof("TC_019_CS", "unknown_key_not_reported",
          "extended protocol nonconformance: GetConfiguration for the unknown key OcttUnknownKey answered unknownKey []",
          strict=True),
    Proof("TC_021_CS", "change_configuration_not_stored", "MeterValueSampleInterval reads"),
)
