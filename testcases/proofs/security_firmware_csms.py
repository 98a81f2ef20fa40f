"""Security white paper, CSMS DUT, signed firmware: faults of the reference CSMS."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_080_CSMS", "firmware_signature_reencoded",
          "the signature in SignedUpdateFirmware does not verify over the firmware downloaded"),
    Proof("TC_080_CSMS", "signed_firmware_status_plain_enum", "PropertyConstraintViolation"),
    Proof("TC_081_CSMS", "signed_firmware_status_plain_enum", "PropertyConstraintViolation"),
)
