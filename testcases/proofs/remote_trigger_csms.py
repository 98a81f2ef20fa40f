"""Remote Trigger profile, CSMS DUT: faults of the reference CSMS."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_054_CSMS", "trigger_message_wrong_connector", "TriggerMessage MeterValues is for connector 3; the operator asked for connector 2"),
    Proof("TC_054_CSMS", "ignores_operator", "expected TriggerMessage"),
    Proof("TC_055_CSMS", "drops_connection_on_refusal", "did not carry on after TriggerMessage was answered 'Rejected'"),
)
