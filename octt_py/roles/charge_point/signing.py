"""Security white paper steps of the fake charge point, certificates (TC_074_CSMS, TC_077_CSMS,
TC_078_CSMS): the renewal of its certificate by request of the Central System, and the security
events a charge point reports when a certificate is invalid.

The fake charge point does what a charge point does: on ExtendedTriggerMessage
SignChargePointCertificate it generates a new EC P-256 key pair and sends SignCertificate with a
real CSR (CN = its serial number, O = CpoName); the CertificateSigned that follows is checked as
a charge point checks it before installing it (``pki.inspect.chain_problems``: PEM, key match,
CN, validity, the chain up to the CentralSystemRootCertificate it trusts, the PICS's
``tls_ca_file``) and, when valid, used for a new connection at profile 3.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from octt_py.pki.authority import PrivateKey, key_pem, new_key
from octt_py.pki.inspect import chain_problems
from octt_py.roles.charge_point.security import SecuritySteps
from octt_py.session import IncomingCall, Payload
from octt_py.verdict import Fail, NotApplicable


class SigningSteps(SecuritySteps):

    _roots: tuple[str, list[x509.Certificate]] | None = None  # (tls_ca_file, its certificates)

    def trusted_roots(self) -> list[x509.Certificate]:
        """The CentralSystemRootCertificates the fake charge point trusts (PICS tls_ca_file),
        read once; a case calls this before its steps, so that a PICS without them makes it
        not applicable before anything is sent."""
        ca_file = self.pics.connection.tls_ca_file
        if self._roots is not None and self._roots[0] == ca_file:
            return self._roots[1]
        if not ca_file:
            raise NotApplicable("the PICS names no tls_ca_file: the charge point trusts no CentralSystemRootCertificate")
        try:
            roots = x509.load_pem_x509_certificates(Path(ca_file).read_bytes())
        except (OSError, ValueError) as exc:
            raise NotApplicable(f"the PICS's tls_ca_file cannot be read as PEM certificates: {exc}") from None
        if not roots:
            raise NotApplicable("the PICS's tls_ca_file holds no certificate")
        self._roots = ca_file, roots
        return roots

    async def renewal_requested(self) -> None:
        """Steps 1-2: [make the CSMS send ExtendedTriggerMessage] requestedMessage
        SignChargePointCertificate, connectorId omitted; the charge point answers Accepted."""
        request = await self.csms_sends("ExtendedTriggerMessage", requestedMessage="SignChargePointCertificate")
        if (requested := request.payload.get("requestedMessage")) != "SignChargePointCertificate":
            raise Fail(f"ExtendedTriggerMessage requests {requested!r}, not SignChargePointCertificate")
        if "connectorId" in request.payload:
            raise Fail("ExtendedTriggerMessage SignChargePointCertificate carries a connectorId; it must be omitted")
        await self.answered(request)

    async def csr_sent(self, answer: Callable[[IncomingCall, PrivateKey], str]) -> PrivateKey:
        """Steps 3-4: a new key pair, SignCertificate with its CSR; the CSMS answers Accepted.
        ``answer`` gives the status the charge point answers the CertificateSigned with."""
        key = new_key()
        self.csms.respond("CertificateSigned", lambda incoming: {"status": answer(incoming, key)}, once=True)
        self.step("3-4. SignCertificate with a CSR for a new key pair: the CSMS must answer Accepted")
        reply = await self.csms.call("SignCertificate", {"csr": self._csr(key)})
        if (status := reply.payload.get("status")) != "Accepted":
            raise Fail(f"the CSMS answered SignCertificate {status!r}, not Accepted")
        return key

    def _csr(self, key: PrivateKey) -> str:
        attributes = [x509.NameAttribute(NameOID.COMMON_NAME, self.pics.identity.serial_number)]
        if self.pics.security.cpo_name:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.pics.security.cpo_name))
        csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attributes)).sign(key, hashes.SHA256())  # type: ignore[arg-type]
        return csr.public_bytes(serialization.Encoding.PEM).decode()

    def signed_problems(self, incoming: IncomingCall, key: PrivateKey) -> list[str]:
        """Why the CertificateSigned chain cannot be installed for ``key`` (none: it can)."""
        return chain_problems(str(incoming.payload.get("certificateChain", "")), key.public_key(),
                              self.pics.identity.serial_number, self.trusted_roots())

    def verdict_on(self, incoming: IncomingCall, key: PrivateKey) -> str:
        """The charge point's answer to CertificateSigned: Accepted if it can install it."""
        return "Rejected" if self.signed_problems(incoming, key) else "Accepted"

    async def certificate_signed(self) -> IncomingCall:
        """Steps 5-6: the CSMS sends CertificateSigned (no operator step: it follows the CSR)."""
        self.step("5-6. The CSMS sends CertificateSigned")
        request = await self.csms.expect("CertificateSigned")
        await self.answered(request)
        return request

    async def reconnects_with(self, chain: str, key: PrivateKey) -> None:
        """Steps 7-8: the charge point reconnects presenting the new certificate (profile 3);
        the CSMS must upgrade the connection."""
        self.step("7-8. The charge point reconnects with the new certificate: the CSMS must accept it")
        await self.disconnect()
        with tempfile.TemporaryDirectory(prefix="octt-renewed-") as folder:
            cert_file, key_file = Path(folder) / "renewed.pem", Path(folder) / "renewed.key"
            cert_file.write_text(chain)
            key_file.write_text(key_pem(key))
            key_file.chmod(0o600)
            attempt = await self.attempt(3, cert_file=str(cert_file), key_file=str(key_file))
        await self.closed(attempt)
        if not attempt.upgraded:
            raise Fail(f"the CSMS refused the connection with the certificate it signed: {attempt.refusal}")
        self.trace.connection("the CSMS upgraded the connection presenting the new certificate")

    async def security_event(self, kind: str) -> None:
        """SecurityEventNotification of ``kind``: the CSMS must answer it (a CALLRESULT)."""
        self.step(f"SecurityEventNotification type {kind}: the CSMS must answer it")
        payload: Payload = {"type": kind, "timestamp": self.timestamp(datetime.now(UTC))}
        await self.csms.call("SecurityEventNotification", payload)
