"""TC_074_CSMS — Update Charge Point Certificate by request of Central System."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.charge_point.security import needs_profile
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_074_CSMS", "Update Charge Point Certificate by request of Central System", Profile.SECURITY,
      requires=(needs_profile(3),))
async def test_TC_074_CSMS(cp: FakeChargePoint) -> None:
    """The Central System renews the charge point's certificate: it asks for a CSR, signs it and
    accepts the charge point with the new certificate.

    Steps:
    1-2. [Make the CSMS send ExtendedTriggerMessage]: requestedMessage SignChargePointCertificate,
       connectorId omitted; the charge point answers Accepted.
    3-4. The charge point generates a new key pair and sends SignCertificate with its CSR; the
       CSMS answers Accepted.
    5-6. The CSMS sends CertificateSigned. The chain is PEM X.509, leaf first; the leaf is for
       the CSR's key, its CN is the charge point's serial number; every certificate is within
       its validity dates and issued by the next, the last by the CentralSystemRootCertificate
       the charge point trusts. The charge point answers Accepted.
    7-8. The charge point reconnects with the new certificate; the CSMS accepts the connection.

    Choice: the CentralSystemRootCertificate the charge point trusts is the PICS's
    ``tls_ca_file``, the one it checks the CSMS's server certificate with, as the white paper
    has the charge point verify a signed certificate against its installed
    CentralSystemRootCertificate. A chain that does not verify is answered Rejected, as a
    charge point would, and fails the case with what is wrong with it.
    """
    cp.trusted_roots()  # the PICS names the CentralSystemRootCertificate the charge point trusts
    await cp.booted_at(3)
    await cp.renewal_requested()
    key = await cp.csr_sent(cp.verdict_on)
    request = await cp.certificate_signed()
    if problems := cp.signed_problems(request, key):
        raise Fail("CertificateSigned: " + "; ".join(problems))
    await cp.reconnects_with(str(request.payload["certificateChain"]), key)
