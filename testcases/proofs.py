"""Which planted fault of the reference DUTs each case catches, and the reason it must give.

Every case is proven both ways by the harness's own tests (tests/test_cases_proven.py): it passes
against the clean reference DUT and fails against each fault listed for it here, with a reason
containing the text given. ``docs/faults.md`` is generated from this table (`octt faults
--table`) and a test keeps it current.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Proof:
    case_id: str
    fault: str
    reason: str  # a fragment the verdict's reason must contain


PROOFS: tuple[Proof, ...] = (
    # Core, charge point DUT
    Proof("TC_001_CS", "boot_ignores_rejected", "while Rejected the charge point sent"),
    Proof("TC_001_CS", "no_status_after_boot", "expected StatusNotification (connectorId=0"),
    Proof("TC_001_CS", "no_heartbeat", "expected Heartbeat"),
    Proof("TC_002_CS", "pending_rejects_configuration", "answered ChangeConfiguration MeterValueSampleInterval with Rejected"),
    Proof("TC_003_CS", "skip_authorize", "expected Authorize"),
    Proof("TC_003_CS", "charging_without_start", "expected StartTransaction"),
    Proof("TC_004_1_CS", "charging_without_start", "expected StartTransaction"),
    Proof("TC_004_1_CS", "second_call_while_outstanding", "OCPP-J allows one outstanding CALL per direction"),
    Proof("TC_010_CS", "remote_start_rejected", "answered RemoteStartTransaction with Rejected"),
    Proof("TC_012_CS", "remote_stop_wrong_reason", "has reason Local, not Remote"),
    Proof("TC_012_CS", "remote_stop_ignored", "expected StopTransaction"),
    Proof("TC_019_CS", "missing_configuration_key", "GetConfiguration lacks MeterValueSampleInterval"),
    Proof("TC_019_CS", "wrong_readonly_flag", "HeartbeatInterval is reported readonly=True"),
    Proof("TC_019_CS", "unsupported_profiles_misreported", "SupportedFeatureProfiles is ['Core']"),
    Proof("TC_021_CS", "change_configuration_not_stored", "MeterValueSampleInterval reads"),
    # Core, CSMS DUT
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


def fault_table() -> str:
    """The Markdown table of docs/faults.md: each planted fault and the cases that catch it."""
    from octt_py.reference.catalogue import all_faults

    catching: dict[str, list[str]] = {}
    for proof in PROOFS:
        catching.setdefault(proof.fault, []).append(proof.case_id)
    lines = [
        "| reference DUT | fault | family | what it does | caught by |",
        "|---|---|---|---|---|",
    ]
    for fault in all_faults():
        cases = ", ".join(catching.get(fault.name, [])) or "— (no case yet)"
        lines.append(f"| {fault.dut} | `{fault.name}` | {fault.family} | {fault.description} | {cases} |")
    caught = sum(1 for fault in all_faults() if fault.name in catching)
    lines.append("")
    lines.append(f"{caught} of {len(all_faults())} planted faults are caught by at least one case.")
    return "\n".join(lines) + "\n"
