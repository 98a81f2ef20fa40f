"""Security white paper, charge point DUT, signed firmware: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_080_CS", "signature_verified_unreported",
          "after Downloaded the charge point sent SignedFirmwareStatusNotification Installing; expected SignatureVerified"),
    Proof("TC_081_CS", "invalid_firmware_signature_installed",
          "went on to install the firmware whose signature it found invalid"),
)
