"""TC_077_CS — Invalid ChargePointCertificate Security Event."""

from octt_py.pics import Profile
from octt_py.pki.authority import Authority
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import needs_profile
from octt_py.session import match
from octt_py.testcase import case


@case("TC_077_CS", "Invalid ChargePointCertificate Security Event", Profile.SECURITY,
      requires=(needs_profile(3),))
async def test_TC_077_CS(csms: FakeCsms) -> None:
    """The charge point rejects a signed certificate that does not verify and reports it.

    Steps:
    1-2. ExtendedTriggerMessage SignChargePointCertificate, answered Accepted.
    3-4. The charge point sends SignCertificate with a CSR (checked as in TC_074_CS); Accepted.
    5-6. CertificateSigned with a certificate for that CSR signed by a CA the charge point does
       not trust; the charge point verifies it and answers Rejected.
    7-8. The charge point sends SecurityEventNotification type InvalidChargePointCertificate.

    Choice: the certificate is invalid by its issuer, not by its syntax, so that a charge point
    that only parses the PEM fails; the white paper (edition 4) asks the charge point to verify
    the chain up to its CentralSystemRootCertificate. Run at profile 3, as the official
    prerequisite says.
    """
    await csms.at_security_profile(3)
    csr = await csms.requested_csr()
    untrusted = Authority.create("octt-py untrusted CA")
    await csms.certificate_signed([csms.signed(csr, untrusted)], "Rejected")
    csms.step("7-8. SecurityEventNotification type InvalidChargePointCertificate")
    await csms.cp.expect(match("SecurityEventNotification", type="InvalidChargePointCertificate"))
