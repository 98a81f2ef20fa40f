"""TC_086_CSMS — TLS - server-side certificate - Valid certificate."""

from urllib.parse import urlsplit

from octt_py.pics import Profile
from octt_py.pki.inspect import RSA_PSS_RULE, common_name, key_problem, pss_signed, validity_problem
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.charge_point.security import chosen_profile, needs_profile
from octt_py.testcase import case
from octt_py.trace import FindingKind
from octt_py.verdict import Fail

SUITES = (
    ("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"),
    ("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"),
    ("TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"),
    ("TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"),
)


@case("TC_086_CSMS", "TLS - server-side certificate - Valid certificate", Profile.SECURITY,
      requires=(needs_profile(2, 3),))
async def test_TC_086_CSMS(cp: FakeChargePoint) -> None:
    """The Central System presents a valid server certificate and sets up a secured websocket
    (profile 2 or 3).

    Steps:
    1. The charge point sends a ClientHello.
    2. Before finishing the handshake: TLS 1.2 or above; the Central System supports
       TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 and TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 and
       TLS_RSA_WITH_AES_128_GCM_SHA256 and TLS_RSA_WITH_AES_256_GCM_SHA384; its certificate has
       an RSA/DSA key of at least 2048 bits or an EC key of at least 224 bits, a serial number,
       and the FQDN of the server as the subject's commonName; it is valid now and chains to the
       CA the PICS names (the handshake verifies chain and hostname).
    3-4. The websocket upgrade and Booted.

    Choice: "supports" each suite is proven by a TLS 1.2 handshake offering that suite alone,
    four handshakes in all; a ClientHello that offers all of them would only prove one. "PEM"
    is how certificates are stored; TLS carries DER, which the harness parses. A certificate
    signed with RSASSA-PSS is valid X.509 but, per a public CSMS certification report, not
    accepted by the real OCTT: an extended finding says so.
    """
    profile = chosen_profile(cp.pics, 2, 3)
    cp.step("1-2. TLS handshake: version, server certificate (key, serial, CN = FQDN, validity, chain)")
    found = await cp.connect_at(profile)
    if found is None:
        raise Fail("the connection is not TLS")
    tls, certificate = found
    problems = []
    if tls.version not in ("TLSv1.2", "TLSv1.3"):
        problems.append(f"the CSMS negotiated {tls.version}; TLS 1.2 or above is required")
    if certificate is None:
        problems.append("the CSMS presented no server certificate")
    else:
        host = urlsplit(cp.url_for(profile)).hostname
        if (cn := common_name(certificate.subject)) != host:
            problems.append(f"the server certificate's CN is {cn!r}, not the server's name {host!r}")
        for problem in (key_problem(certificate.public_key()), validity_problem(certificate)):
            if problem is not None:
                problems.append(f"the server certificate: {problem}")
        if not certificate.serial_number:
            problems.append("the server certificate has no serial number")
        if (warning := pss_signed(certificate, "the server certificate")) is not None:
            cp.trace.finding(FindingKind.PROTOCOL, warning, extended=True, rule=RSA_PSS_RULE)
    cp.step("2. The CSMS supports each of the four required cipher suites (one TLS 1.2 handshake each)")
    for name, openssl_name in SUITES:
        refusal = await cp.suite_support(openssl_name)
        cp.trace.note(f"{name}: {'supported' if not refusal else 'not supported: ' + refusal}")
        if refusal:
            problems.append(f"the CSMS does not support {name}")
    if problems:
        raise Fail("; ".join(problems))
    cp.step("3-4. Booted over the secured websocket")
    await cp.booted()
