"""Security white paper, charge point DUT, signed firmware: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_080_CS", "signature_verified_unreported",
          "after Downloaded the charge point sent SignedFirmwareStatusNotification Installing; expected SignatureVerified"),
)
