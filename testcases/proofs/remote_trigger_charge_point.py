"""Remote Trigger profile, charge point DUT: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_054_CS", "trigger_not_sent", "expected MeterValues (connectorId=1)"),
    Proof("TC_055_CS", "trigger_unknown_connector_accepted",
          "TriggerMessage MeterValues for connector 3, which the charge point does not have, was answered Accepted"),
)
