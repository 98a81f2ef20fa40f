"""Security white paper, CSMS DUT, certificate management: faults of the reference CSMS."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_075_1_CSMS", "installed_ids_type_fixed",
          "GetInstalledCertificateIds has certificateType CentralSystemRootCertificate, not ManufacturerRootCertificate"),
    Proof("TC_075_2_CSMS", "install_certificate_without_pem_armour",
          "the charge point rejected the InstallCertificate certificate: it is not PEM"),
    Proof("TC_076_CSMS", "delete_certificate_sha256_only",
          "DeleteCertificate uses hashAlgorithm SHA256, not SHA384"),
    Proof("TC_076_CSMS", "delete_certificate_key_hash_over_spki",
          "its issuerKeyHash differs from the harness's own calculation"),
)
