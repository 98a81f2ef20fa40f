"""Security white paper, charge point DUT, certificate signing: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_074_CS", "csr_wrong_cn", "not the charge point's serial number"),
    # Extended: valid X.509, but the OCTT is documented to take only SHA256withRSA.
    Proof("TC_074_CS", "csr_signed_rsa_pss", "the CSR is signed with RSASSA-PSS", strict=True),
    Proof("TC_077_CS", "certificate_chain_not_verified", "CertificateSigned was answered Accepted, not Rejected"),
)
