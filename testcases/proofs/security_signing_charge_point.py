"""Security white paper, charge point DUT, certificate signing: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_074_CS", "csr_wrong_cn", "not the charge point's serial number"),
    Proof("TC_077_CS", "certificate_chain_not_verified", "CertificateSigned was answered Accepted, not Rejected"),
)
