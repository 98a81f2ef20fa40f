"""TC_077_CSMS — Invalid ChargePointCertificate Security Event."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.charge_point.security import needs_profile
from octt_py.testcase import case


@case("TC_077_CSMS", "Invalid ChargePointCertificate Security Event", Profile.SECURITY,
      requires=(needs_profile(3),))
async def test_TC_077_CSMS(cp: FakeChargePoint) -> None:
    """The Central System handles a charge point that rejects the certificate it signed and
    reports InvalidChargePointCertificate.

    Steps:
    1-2. [Make the CSMS send ExtendedTriggerMessage]: requestedMessage SignChargePointCertificate,
       connectorId omitted; the charge point answers Accepted.
    3-4. The charge point sends SignCertificate with a CSR for a new key pair; the CSMS answers
       Accepted.
    5-6. The CSMS sends CertificateSigned; the charge point answers Rejected, whatever it holds.
    7-8. The charge point sends SecurityEventNotification type InvalidChargePointCertificate; the
       CSMS answers it.

    Choice: as the official tool, the fake charge point rejects any certificate here; the chain
    itself is TC_074_CSMS's to judge.
    """
    await cp.booted_at(3)
    await cp.renewal_requested()
    await cp.csr_sent(lambda *_: "Rejected")
    await cp.certificate_signed()
    await cp.security_event("InvalidChargePointCertificate")
