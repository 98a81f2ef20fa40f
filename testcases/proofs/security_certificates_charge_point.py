"""Security white paper, charge point DUT, certificate management: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_075_1_CS", "single_trust_store",
          "GetInstalledCertificateIds ManufacturerRootCertificate does not list the installed certificate"),
    Proof("TC_075_1_CS", "certificate_key_hash_over_spki", "issuerKeyHash differs from the harness's own calculation"),
    Proof("TC_075_2_CS", "certificate_key_hash_over_spki", "issuerKeyHash differs from the harness's own calculation"),
    Proof("TC_075_2_CS", "certificate_key_hash_over_spki", "issuerKeyHash differs from the harness's own calculation",
          pics_overrides={"additional_root_certificate_check": True}),
    Proof("TC_076_CS", "delete_certificate_kept",
          "GetInstalledCertificateIds ManufacturerRootCertificate still lists the deleted certificate"),
)
