"""TC_074_CS — Update Charge Point Certificate by request of Central System."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import needs_profile
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_074_CS", "Update Charge Point Certificate by request of Central System", Profile.SECURITY,
      requires=(needs_profile(3),))
async def test_TC_074_CS(csms: FakeCsms) -> None:
    """The charge point renews its certificate when the Central System asks, and uses it.

    Steps:
    1-2. ExtendedTriggerMessage SignChargePointCertificate, answered Accepted.
    3-4. The charge point generates a key pair and sends SignCertificate with a CSR: its
       signature verifies, CN = the charge point's serial number, O = CpoName, an RSA key of at
       least 2048 bits or an EC key of at least 224 bits; the harness answers Accepted.
    5-6. The harness (as Certificate Authority Server) signs the CSR with the
       CentralSystemRootCertificate; CertificateSigned is answered Accepted.
    7. The charge point reconnects and presents the new certificate in the TLS handshake.

    Choice: run at profile 3 (official prerequisite). The new certificate is recognised by its
    serial number, which only the harness's signature gave it.
    """
    await csms.at_security_profile(3)
    csr = await csms.requested_csr()
    signed = csms.signed(csr)
    seen, before, registered = len(csms.server.handshakes), csms.cp.link, csms.is_booted
    await csms.certificate_signed([signed], "Accepted")
    csms.step("7. The charge point reconnects with the new client certificate")
    attempt = await csms.next_attempt(seen, before, registered)
    peer = attempt.peer_certificate
    if peer is None:
        raise Fail(f"the charge point reconnected without a client certificate: {attempt.error or 'none sent'}")
    if peer.serial_number != signed.serial_number:
        raise Fail("the charge point reconnected with another client certificate than the one just signed")
    if not attempt.accepted:
        raise Fail(f"the reconnection with the new certificate was not upgraded: {attempt.error or 'refused'}")
