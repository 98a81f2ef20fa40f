"""Security white paper, the charge point's certificate renewal: ExtendedTriggerMessage
SignChargePointCertificate → a new key pair and SignCertificate with its CSR → CertificateSigned
(TC_074, TC_077).

A CertificateSigned chain is installed only when its leaf is for the pending key and the chain
verifies up to the CentralSystemRootCertificate the charge point trusts; the charge point then
reconnects with it. Otherwise it is Rejected and reported with SecurityEventNotification
InvalidChargePointCertificate.

Planted faults served here: ``csr_wrong_cn``, ``csr_signed_rsa_pss``,
``certificate_chain_not_verified``.
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from ocpp.v16 import call

from octt_py.pki.authority import PrivateKey, key_pem, new_key, pem
from octt_py.pki.inspect import issued_by, load_pem_chain, validity_problem
from octt_py.reference.charge_point.clock import format_time, now
from octt_py.reference.charge_point.connection import ConnectionBehaviour
from octt_py.reference.charge_point.outbox import Message


class SigningBehaviour(ConnectionBehaviour):
    """Certificate renewal: CSR out, signed certificate verified and installed."""

    _pending_key: PrivateKey | None = None  # the key of the CSR last sent
    _renewed: tuple[str, str] | None = None  # the installed certificate and key files

    def send_csr(self) -> None:
        """ExtendedTriggerMessage SignChargePointCertificate: a new key pair, its CSR sent."""
        key: PrivateKey = new_key()
        if "csr_signed_rsa_pss" in self.faults:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._pending_key = key
        cn = self.charge_point_id if "csr_wrong_cn" in self.faults else self.pics.identity.serial_number
        attributes = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
        if self.pics.security.cpo_name:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.pics.security.cpo_name))
        builder = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attributes))
        if isinstance(key, rsa.RSAPrivateKey):  # csr_signed_rsa_pss: RSASSA-PSS, not SHA256withRSA
            csr = builder.sign(key, hashes.SHA256(), rsa_padding=padding.PSS(padding.MGF1(hashes.SHA256()), 32))
        else:
            csr = builder.sign(key, hashes.SHA256())
        text = csr.public_bytes(serialization.Encoding.PEM).decode()
        self.outbox.put(Message("SignCertificate", lambda: call.SignCertificate(csr=text)))

    def certificate_signed(self, chain: str) -> tuple[str, Callable[[], None]]:
        """The CertificateSigned status for ``chain`` and what follows once it is answered:
        the security event, or the new certificate used from a new connection at once."""
        leaf, key = self._verified_leaf(chain), self._pending_key
        if leaf is None or key is None or self.pki is None:
            return "Rejected", self._invalid_certificate_reported
        cert_file, key_file = self.pki.folder / "cp-renewed.pem", self.pki.folder / "cp-renewed.key"
        cert_file.write_text(pem(leaf))
        key_file.write_text(key_pem(key))
        self._renewed = str(cert_file), str(key_file)
        return "Accepted", self._reconnect_renewed

    def _invalid_certificate_reported(self) -> None:
        self.outbox.put(Message("SecurityEventNotification", lambda: call.SecurityEventNotification(
            type="InvalidChargePointCertificate", timestamp=format_time(now()), tech_info=None)))

    def _reconnect_renewed(self) -> None:
        if self.security_profile == 3 and self._ws is not None:
            self._spawn(self._ws.close())

    def client_certificate_files(self) -> tuple[str, str]:
        return self._renewed or super().client_certificate_files()

    def _verified_leaf(self, chain: str) -> x509.Certificate | None:
        try:
            certificates = load_pem_chain(chain)
        except ValueError:
            return None
        if not certificates:
            return None
        if "certificate_chain_not_verified" in self.faults:
            return certificates[0]
        key, pki = self._pending_key, self.pki
        if pki is None or key is None or certificates[0].public_key() != key.public_key():
            return None
        issuers = [*certificates[1:], pki.central_system_root.certificate]
        for certificate, issuer in zip(certificates, issuers, strict=True):
            if validity_problem(certificate) is not None or not issued_by(certificate, issuer):
                return None
        return certificates[0]
