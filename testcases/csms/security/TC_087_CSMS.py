"""TC_087_CSMS — TLS - Client-side certificate - valid certificate."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.charge_point.security import needs_profile
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_087_CSMS", "TLS - Client-side certificate - valid certificate", Profile.SECURITY,
      requires=(needs_profile(3),))
async def test_TC_087_CSMS(cp: FakeChargePoint) -> None:
    """The Central System accepts a charge point that identifies itself with a valid client
    certificate (profile 3).

    Steps:
    1-4. The charge point sends a ClientHello, the Central System its server certificate; the
       charge point sends its client certificate (CN = its serial number, O = CpoName, from the
       CA the CSMS trusts), Certificate Verify and Finished.
    5-6. The HTTP upgrade request (no Basic auth at profile 3): the Central System upgrades.
    7-10. BootNotification (Accepted) and a StatusNotification for every connector.
    """
    cp.step("1-6. TLS handshake with the charge point certificate; the CSMS must upgrade the connection")
    attempt = await cp.attempt(3)
    await cp.closed(attempt)
    if not attempt.upgraded:
        raise Fail(f"the CSMS refused the charge point with a valid client certificate: {attempt.refusal}")
    cp.step("7-10. Booted at security profile 3")
    await cp.booted_at(3)
