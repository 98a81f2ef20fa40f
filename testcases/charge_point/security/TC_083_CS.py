"""TC_083_CS — Upgrade security profile."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import chosen_profile
from octt_py.testcase import case, needs


@case("TC_083_CS", "Upgrade security profile", Profile.SECURITY,
      requires=(needs(lambda p: any(p.security.supports(n) and p.security.supports(n + 1) for n in (1, 2)),
                      "the PICS declares no security profile 1 or 2 with the next one up supported ([security])"),))
async def test_TC_083_CS(csms: FakeCsms) -> None:
    """The charge point moves to the next higher security profile when the Central System sets
    it, and does not fall back to the old one.

    Steps:
    Before: connected at security profile 1 or 2; memory state CertificateInstalled (at 1) or
    RenewChargePointCertificate (at 2).
    1-2. ChangeConfiguration SecurityProfile = <current + 1>, answered Accepted.
    3-4. Reset Hard, answered Accepted.
    5-6. The charge point reconnects at the new profile (TLS at 2, TLS with its client
       certificate at 3: the one just renewed) and sends BootNotification; Accepted.
    7-8. StatusNotification for connector 0 and every connector.
    Upgrading from 1 to 2 only:
    15-16. The Central System closes the connection and serves only security profile 1 for
       <long operation timeout>; the charge point does NOT reconnect at profile 1 (plain ws).
    17-18. The Central System serves security profile 2 again; the charge point reconnects with
       TLS.

    Choice: the white paper (edition 4, as edition 2) allows no way back to a lower security
    profile; a charge point that falls back when the new one fails to connect reopens what the
    upgrade closed, which steps 15-16 catch. The harness's single port serves one profile at a
    time and records every attempt, a refused one too, so "restarts the WebSocket server" is
    switching the profile it serves. The PICS has no long operation timeout: the reboot
    timeout, the harness's bound on a charge point reconnecting, stands in for it. The profile
    is the PICS's current one when it is 1 or 2, else the first of them the PICS supports with
    the next one up. CertificateInstalled: GetInstalledCertificateIds, and InstallCertificate of the
    run's CentralSystemRootCertificate only when it is not listed (deleted again after the case);
    with the lab's own certificates both memory states are taken as given. After the case the charge point is configured back to the PICS's
    profile by the operator (a technician's local setting, as in TC_084): the white paper
    forbids doing it remotely.
    """
    profile = chosen_profile(csms.pics, *(n for n in (1, 2) if csms.pics.security.supports(n + 1)))
    await csms.at_security_profile(profile)
    await csms.upgrade_prepared(profile)
    await csms.profile_upgraded(profile)
    if profile == 1:
        await csms.no_fallback(profile)
