"""Security white paper, certificate signing by request of the Central System (TC_074_CS,
TC_077_CS): the harness plays the Central System and its Certificate Authority Server.

ExtendedTriggerMessage SignChargePointCertificate → the charge point generates a key pair and
sends SignCertificate with a CSR, which the harness checks (signature, CN = serial number, O =
CpoName, key length) → the harness signs it with the run's CentralSystemRootCertificate (or,
for TC_077, with a CA the charge point does not trust) and sends CertificateSigned.
"""

from __future__ import annotations

from cryptography import x509

from octt_py.pki.authority import Authority, pem
from octt_py.pki.inspect import RSA_PSS_RULE, csr_problems, pss_signed
from octt_py.roles.csms.security import SecuritySteps
from octt_py.trace import FindingKind
from octt_py.verdict import Fail, NotApplicable


class SigningSteps(SecuritySteps):

    async def requested_csr(self) -> x509.CertificateSigningRequest:
        """Steps 1-4: ExtendedTriggerMessage SignChargePointCertificate (Accepted), then the
        charge point's SignCertificate, its CSR checked; the harness answers Accepted."""
        if self.pki is None:
            raise NotApplicable("the run has no test PKI to sign the charge point's certificate with")
        cp = self.cp
        self.step("1. ExtendedTriggerMessage requestedMessage = SignChargePointCertificate")
        reply = await cp.call("ExtendedTriggerMessage", {"requestedMessage": "SignChargePointCertificate"})
        status = reply.payload.get("status")
        self.step("2. ExtendedTriggerMessage answered Accepted")
        if status != "Accepted":
            raise Fail(f"ExtendedTriggerMessage SignChargePointCertificate was answered {status}, not Accepted")
        self.step("3-4. SignCertificate with a CSR: signature, CN = serial number, O = CpoName, key length")
        request = await cp.expect("SignCertificate")
        csr, problems = csr_problems(str(request.payload.get("csr", "")), self.pics.identity.serial_number,
                                     self.pics.security.cpo_name)
        if csr is None or problems:
            raise Fail("SignCertificate: " + "; ".join(problems))
        if (warning := pss_signed(csr, "the CSR")) is not None:
            cp.trace.finding(FindingKind.PROTOCOL, warning, extended=True, rule=RSA_PSS_RULE)
        return csr

    async def certificate_signed(self, chain: list[x509.Certificate], wanted: str) -> None:
        """Steps 5-6: CertificateSigned with ``chain`` (leaf first), answered ``wanted``."""
        self.step(f"5-6. CertificateSigned, answered {wanted}")
        reply = await self.cp.call("CertificateSigned", {"certificateChain": "".join(pem(c) for c in chain)})
        status = reply.payload.get("status")
        if status != wanted:
            raise Fail(f"CertificateSigned was answered {status}, not {wanted}")

    def signed(self, csr: x509.CertificateSigningRequest, authority: Authority | None = None) -> x509.Certificate:
        """The charge point certificate for ``csr``, by the run's CentralSystemRootCertificate
        unless another ``authority`` is given."""
        assert self.pki is not None
        return (authority or self.pki.central_system_root).sign_csr(csr)
