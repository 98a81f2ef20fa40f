"""Firmware Management profile, CSMS DUT: faults of the reference CSMS."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_045_1_CSMS", "crossing_call_held", "did not take the charge point's DiagnosticsStatusNotification"),
    Proof("TC_044_1_CSMS", "firmware_location_missing", "could not download the firmware from"),
    Proof("TC_044_1_CSMS", "ignores_operator", "expected UpdateFirmware"),
    Proof("TC_044_2_CSMS", "firmware_failure_status_error", "FirmwareStatusNotification answered with CALLERROR"),
    Proof("TC_044_3_CSMS", "firmware_location_missing", "could not download the firmware from"),
    Proof("TC_044_3_CSMS", "firmware_failure_status_error", "FirmwareStatusNotification answered with CALLERROR"),
    Proof("TC_045_1_CSMS", "diagnostics_location_read_only", "could not upload its diagnostics to"),
    Proof("TC_045_1_CSMS", "ignores_operator", "expected GetDiagnostics"),
    Proof("TC_045_2_CSMS", "diagnostics_failure_status_error", "DiagnosticsStatusNotification answered with CALLERROR"),
)
