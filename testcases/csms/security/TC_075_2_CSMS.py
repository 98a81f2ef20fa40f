"""TC_075_2_CSMS — Install a certificate on the Charge Point - CentralSystemRootCertificate."""

from octt_py.pics import Profile
from octt_py.pki.roots import CENTRAL_SYSTEM_ROOT, new_root
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.charge_point.security import chosen_profile, needs_profile
from octt_py.testcase import case


@case("TC_075_2_CSMS", "Install a certificate on the Charge Point - CentralSystemRootCertificate",
      Profile.SECURITY, requires=(needs_profile(2, 3),))
async def test_TC_075_2_CSMS(cp: FakeChargePoint) -> None:
    """The Central System installs a new CentralSystemRootCertificate on the charge point.

    Steps:
    1-2. [Make the CSMS install the configured root certificate as CentralSystemRootCertificate]:
       InstallCertificate certificateType CentralSystemRootCertificate with that certificate; the
       charge point's store takes it (one PEM X.509 CA certificate, valid now) and answers
       Accepted.
    3-4. [Make the CSMS ask for the installed CentralSystemRootCertificates]:
       GetInstalledCertificateIds certificateType CentralSystemRootCertificate; the charge point
       answers Accepted with the hash data of its store, the new certificate included.

    Choice: the configured root certificate is one the harness makes for the case (the test
    PKI's way of "the tester configured the root certificate"): self-signed, since the fake
    charge point acts without AdditionalRootCertificateCheck, and added beside the root its
    connection trusts, which stays. The charge point connects at
    security profile 2 or 3, which the prerequisite names.
    """
    await cp.booted_at(chosen_profile(cp.pics, 2, 3))
    root = new_root(CENTRAL_SYSTEM_ROOT)
    await cp.install_requested(root)
    await cp.installed_ids_requested(CENTRAL_SYSTEM_ROOT)
