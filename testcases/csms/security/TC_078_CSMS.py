"""TC_078_CSMS — Invalid CentralSystemCertificate Security Event."""


from cryptography import x509

from octt_py.pics import Profile
from octt_py.pki.authority import pem
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.charge_point.security import chosen_profile, needs_profile
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_078_CSMS", "Invalid CentralSystemCertificate Security Event", Profile.SECURITY,
      requires=(needs_profile(2, 3),))
async def test_TC_078_CSMS(cp: FakeChargePoint) -> None:
    """The Central System handles a charge point that rejects a CentralSystemRootCertificate and
    reports InvalidCentralSystemCertificate.

    Steps:
    1. [Make the CSMS send InstallCertificate]: certificateType CentralSystemRootCertificate,
       certificate the configured one.
    2. The charge point answers Rejected (whatever certificate comes).
    3-4. The charge point sends SecurityEventNotification type InvalidCentralSystemCertificate;
       the CSMS answers it.

    Choice: the configured certificate is the first of the PICS's ``tls_ca_file``, the
    CentralSystemRootCertificate the charge point already trusts; it is compared as a
    certificate (DER), not as text, since PEM line breaks may differ. The case runs over TLS
    (profile 2 or 3), as its prerequisite asks.
    """
    profile = chosen_profile(cp.pics, 2, 3)
    configured = cp.trusted_roots()[0]
    await cp.booted_at(profile)
    cp.csms.respond("InstallCertificate", {"status": "Rejected"}, once=True)
    request = await cp.csms_sends("InstallCertificate", certificateType="CentralSystemRootCertificate",
                                  certificate=pem(configured))
    if (kind := request.payload.get("certificateType")) != "CentralSystemRootCertificate":
        raise Fail(f"InstallCertificate certificateType is {kind!r}, not CentralSystemRootCertificate")
    try:
        sent = x509.load_pem_x509_certificate(str(request.payload.get("certificate", "")).encode())
    except ValueError:
        raise Fail("InstallCertificate certificate is not a PEM X.509 certificate") from None
    if sent != configured:
        raise Fail(f"InstallCertificate carries {sent.subject.rfc4514_string()[:120]}, not the configured certificate")
    cp.step("2. The charge point answers InstallCertificate Rejected")
    await cp.answered(request)
    await cp.security_event("InvalidCentralSystemCertificate")
