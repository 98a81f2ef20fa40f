"""TC_077_CS — Install a certificate that is not valid (CertificateSigned)."""

from cryptography.x509.oid import ExtendedKeyUsageOID

from octt_py.pics import Profile
from octt_py.pki.authority import Authority, new_key, pem
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail, NotApplicable


@case("TC_077_CS", "Install a certificate that is not valid", Profile.SECURITY)
async def test_TC_077_CS(csms: FakeCsms) -> None:
    """The charge point rejects a CertificateSigned chain that does not verify and reports it.

    Steps:
    1. The Central System sends CertificateSigned with a chain whose charge point certificate
       (CN = serial number, O = CpoName) is signed by a CA the charge point does not trust.
    2. The charge point answers Rejected.
    3. The charge point sends SecurityEventNotification type InvalidChargePointCertificate,
       with a timestamp; the Central System answers it.

    Choice: the chain is invalid by its issuer (white paper edition 4: the charge point verifies
    the chain up to the CentralSystemRootCertificate), not by its syntax, so that a charge point
    that only parses PEM fails.
    """
    pki = csms.pki
    if pki is None:
        raise NotApplicable("the run has no test PKI, so no charge point certificate can be issued")
    cp = csms.cp
    untrusted = Authority.create("octt-py untrusted CA")
    leaf = untrusted.issue(pki.charge_point.certificate.subject, new_key().public_key(),
                           usage=(ExtendedKeyUsageOID.CLIENT_AUTH,))
    csms.step("1. CertificateSigned with a chain from an untrusted CA")
    reply = await cp.call("CertificateSigned", {"certificateChain": pem(leaf)})
    status = reply.payload.get("status")
    csms.step("2. CertificateSigned answered Rejected")
    if status != "Rejected":
        raise Fail(f"CertificateSigned with an untrusted chain was answered {status}, not Rejected")
    csms.step("3. SecurityEventNotification InvalidChargePointCertificate")
    await cp.expect(match("SecurityEventNotification", type="InvalidChargePointCertificate"))
