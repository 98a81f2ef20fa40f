"""Security white paper, the charge point's certificate signing: CertificateSigned (TC_077).

A CertificateSigned chain is installed only when its leaf verifies up to the
CentralSystemRootCertificate the charge point trusts; otherwise it is Rejected and the charge
point reports SecurityEventNotification InvalidChargePointCertificate.

Planted fault served here: ``certificate_chain_not_verified``.
"""

from __future__ import annotations

from ocpp.v16 import call

from octt_py.pki.inspect import issued_by, load_pem_chain, validity_problem
from octt_py.reference.charge_point.clock import format_time, now
from octt_py.reference.charge_point.connection import ConnectionBehaviour
from octt_py.reference.charge_point.outbox import Message


class SigningBehaviour(ConnectionBehaviour):
    """CertificateSigned: verify, then install or reject and report."""

    def certificate_signed(self, chain: str) -> str:
        """The CertificateSigned status for ``chain``."""
        if "certificate_chain_not_verified" in self.faults or self._chain_verifies(chain):
            return "Accepted"
        self.outbox.put(Message("SecurityEventNotification", lambda: call.SecurityEventNotification(
            type="InvalidChargePointCertificate", timestamp=format_time(now()), tech_info=None)))
        return "Rejected"

    def _chain_verifies(self, chain: str) -> bool:
        pki = self.pki
        try:
            certificates = load_pem_chain(chain)
        except ValueError:
            return False
        if pki is None or not certificates:
            return False
        issuers = [*certificates[1:], pki.central_system_root.certificate]
        for certificate, issuer in zip(certificates, issuers, strict=True):
            if validity_problem(certificate) is not None or not issued_by(certificate, issuer):
                return False
        return True
