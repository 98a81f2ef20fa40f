"""Security white paper, the Central System as the charge point's Certificate Authority Server:
the CSR of a SignCertificate is signed with the run's CentralSystemRootCertificate and sent back
in CertificateSigned (TC_074, TC_077).

Planted faults served here: ``signs_with_wrong_ca``, ``returns_certificate_on_file``.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm

from octt_py.pki import TestPki
from octt_py.pki.authority import pem
from octt_py.reference.faults import FaultSwitches


def signed_chain(csr_text: str, pki: TestPki | None, faults: FaultSwitches) -> str | None:
    """The certificateChain (PEM, leaf first) for a CSR, or None when the CSMS cannot sign it:
    no CA of its own, not a PKCS#10 request, or a signature its key does not verify."""
    if pki is None:
        return None
    try:
        csr = x509.load_pem_x509_csr(csr_text.encode())
        if not csr.is_signature_valid:
            return None
        if "returns_certificate_on_file" in faults:
            return pem(pki.charge_point.certificate)
        authority = pki.manufacturer_root if "signs_with_wrong_ca" in faults else pki.central_system_root
        return pem(authority.sign_csr(csr))
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return None
