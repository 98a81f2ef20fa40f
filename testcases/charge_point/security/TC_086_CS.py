"""TC_086_CS — TLS - server-side certificate - Valid certificate."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import chosen_profile, needs_profile
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_086_CS", "TLS - server-side certificate - Valid certificate", Profile.SECURITY,
      requires=(needs_profile(2, 3),))
async def test_TC_086_CS(csms: FakeCsms) -> None:
    """The charge point accepts the Central System's valid server certificate and sets up a
    secured websocket (profile 2 or 3).

    Steps:
    1. The charge point sends a ClientHello.
    2. Before sending the server certificate: TLS 1.2 or above, and the cipher suites
       (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 and TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384) or
       (TLS_RSA_WITH_AES_128_GCM_SHA256 and TLS_RSA_WITH_AES_256_GCM_SHA384) are offered.
    3-4. The Central System sends the valid server certificate; the handshake completes.
    5. At profile 2, the HTTP upgrade request carries
       ``Authorization: Basic <base64(<ChargePointId>:<AuthorizationKey>)>`` (as TC_085_CS).

    Choice: the offered versions and suites are read from the ClientHello on the harness's own
    socket, so every suite the charge point offers counts, not just the one agreed. The
    test-case document asks for a hex AuthorizationKey of 20 to 40 characters; the white paper
    (edition 4, as edition 2) gives 16 to 20 bytes, i.e. 32 to 40 hex characters, which the
    Basic-auth check follows.
    """
    profile = chosen_profile(csms.pics, 2, 3)
    csms.step("1-4. TLS handshake: ClientHello (TLS >= 1.2, required cipher suites), valid server certificate")
    attempt = await csms.connects_at(profile)
    problems = csms.tls_problems(attempt)
    if profile == 2:
        csms.step("5. HTTP upgrade with Authorization: Basic base64(<ChargePointId>:<AuthorizationKey>)")
        problems += csms.basic_auth_problems(attempt)
    if problems:
        raise Fail("; ".join(problems))
    if not attempt.accepted:
        raise Fail(f"the charge point's connection was not upgraded: {attempt.error or 'refused'}")
