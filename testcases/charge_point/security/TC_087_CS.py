"""TC_087_CS — TLS - Client-side certificate - valid certificate."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import needs_profile
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_087_CS", "TLS - Client-side certificate - valid certificate", Profile.SECURITY,
      requires=(needs_profile(3),))
async def test_TC_087_CS(csms: FakeCsms) -> None:
    """The charge point identifies itself with a valid client certificate (profile 3).

    Steps:
    1-3. The charge point sends a ClientHello (TLS >= 1.2, required cipher suites); the Central
       System answers with its server certificate and asks for the client's.
    4. Before finishing the handshake: the client certificate is an X.509 certificate with a
       serial number, an RSA/DSA key of at least 2048 bits or an EC key of at least 224 bits,
       and the charge point's serial number as the subject's commonName; it chains to the
       CentralSystemRootCertificate.
    5. The websocket upgrade follows.

    Choice: "transmitted in PEM" is a property of how certificates are stored and installed;
    on the wire TLS carries DER, which is what the harness parses, so it is not judged here.
    """
    csms.step("1-4. TLS handshake with a client certificate: CN = serial number, key length, chain")
    attempt = await csms.connects_at(3)
    problems = csms.tls_problems(attempt)
    if attempt.evidence is not None:
        problems += csms.client_certificate_problems(attempt)
    if problems:
        raise Fail("; ".join(problems))
    if not attempt.accepted:
        raise Fail(f"the charge point's connection was not upgraded: {attempt.error or 'refused'}")
