"""TC_078_CS — Invalid CentralSystemCertificate Security Event."""

import time

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import chosen_profile, needs_profile
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail, NotApplicable


@case("TC_078_CS", "Invalid CentralSystemCertificate Security Event", Profile.SECURITY,
      requires=(needs_profile(2, 3),))
async def test_TC_078_CS(csms: FakeCsms) -> None:
    """The charge point refuses a Central System whose server certificate is invalid and reports
    it once it is connected to the valid one again (profile 2 or 3).

    Steps:
    1. The Central System aborts the connection.
    2-3. The charge point reconnects: ClientHello, the valid server certificate (the reconnection
       time is recorded).
    4. The Central System aborts the connection.
    5-6. The charge point reconnects: the Central System answers with an invalid server
       certificate.
    7. The charge point deems it invalid and terminates the connection: no HTTP upgrade over it.
    8. The charge point reconnects and gets the valid server certificate again.
    9-10. The charge point sends SecurityEventNotification type InvalidCentralSystemCertificate.

    Choice: steps 4-7 run once for each of three invalid certificates (signed by an unknown CA,
    expired, issued for another host name): the kinds the OCPP 2.0.1 test case for the same rule
    (TC_A_05_CS) names, so that a charge point that skips one of the checks fails. The official
    tool waits twice the reconnection time before switching back, as it cannot always see a
    failed attempt; the harness accepts every connection itself and sees each attempt end, so it
    switches as soon as the refused attempt is over, each wait bounded by the PICS reboot
    timeout. "AllowCSMSTLSWildcards is false" is not set: no certificate presented here is a
    wildcard one.
    """
    if csms.pki is None:
        raise NotApplicable("the run has no test PKI to make invalid server certificates with")
    profile = chosen_profile(csms.pics, 2, 3)
    await csms.at_security_profile(profile)
    csms.step("1-3. The Central System aborts the connection; the charge point reconnects (valid certificate)")
    aborted = time.monotonic_ns()
    attempt = await csms.connects_at(profile)
    if not attempt.accepted:
        raise Fail(f"the charge point did not reconnect with the valid server certificate: {attempt.error or 'refused'}")
    csms.trace.note(f"the charge point reconnected {(attempt.at_ns - aborted) / 1e6:.0f} ms after the abort")
    await csms.refuses_invalid_server_certificates()
    csms.step("9-10. SecurityEventNotification type InvalidCentralSystemCertificate")
    await csms.cp.expect(match("SecurityEventNotification", type="InvalidCentralSystemCertificate"))
