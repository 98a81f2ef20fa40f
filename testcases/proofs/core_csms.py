"""Core profile, CSMS DUT: faults of the reference CSMS."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_001_CSMS", "boot_rejected", "answered BootNotification with status 'Rejected'"),
    Proof("TC_001_CSMS", "boot_invalid_current_time", "schema nonconformance: BootNotification response /currentTime"),
    Proof("TC_001_CSMS", "heartbeat_invalid_time", "schema nonconformance: Heartbeat response /currentTime"),
    Proof("TC_001_CSMS", "malformed_frame_on_boot", "not a valid OCPP-J message"),
    Proof("TC_003_CSMS", "authorize_valid_as_invalid", "answered Authorize for TAG-VALID-1 with 'Invalid'"),
    Proof("TC_003_CSMS", "start_transaction_rejected", "answered StartTransaction with idTagInfo status"),
    Proof("TC_003_CSMS", "slow_authorize", "timing nonconformance: Authorize answered in"),
    Proof("TC_004_1_CSMS", "authorize_valid_as_invalid", "answered Authorize for TAG-VALID-1 with 'Invalid'"),
    Proof("TC_010_CSMS", "ignores_operator", "expected RemoteStartTransaction"),
    Proof("TC_010_CSMS", "remote_start_wrong_connector", "RemoteStartTransaction is for connector 2"),
    Proof("TC_012_CSMS", "remote_stop_wrong_transaction", "RemoteStopTransaction names transaction"),
    Proof("TC_019_1_CSMS", "get_configuration_with_keys", "to retrieve all keys it must name none"),
    Proof("TC_021_CSMS", "change_configuration_wrong_value", "the operator asked for MeterValueSampleInterval"),
)
