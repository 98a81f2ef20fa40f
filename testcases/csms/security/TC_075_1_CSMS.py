"""TC_075_1_CSMS — Install a certificate on the Charge Point - ManufacturerRootCertificate."""

from octt_py.pics import Profile
from octt_py.pki.roots import MANUFACTURER_ROOT, new_root
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.charge_point.security import chosen_profile, needs_profile
from octt_py.testcase import case


@case("TC_075_1_CSMS", "Install a certificate on the Charge Point - ManufacturerRootCertificate",
      Profile.SECURITY, requires=(needs_profile(2, 3),))
async def test_TC_075_1_CSMS(cp: FakeChargePoint) -> None:
    """The Central System installs a new ManufacturerRootCertificate on the charge point.

    Steps:
    1-2. [Make the CSMS install the configured root certificate as ManufacturerRootCertificate]:
       InstallCertificate certificateType ManufacturerRootCertificate with that certificate; the
       charge point's store takes it (one PEM X.509 CA certificate, valid now) and answers
       Accepted.
    3-4. [Make the CSMS ask for the installed ManufacturerRootCertificates]:
       GetInstalledCertificateIds certificateType ManufacturerRootCertificate; the charge point
       answers Accepted with the hash data of its store, the new certificate included.

    Choice: the configured root certificate is one the harness makes for the case (the test
    PKI's way of "the tester configured the root certificate"). The charge point connects at
    security profile 2 or 3, which the prerequisite names.
    """
    await cp.booted_at(chosen_profile(cp.pics, 2, 3))
    root = new_root(MANUFACTURER_ROOT)
    await cp.install_requested(root)
    await cp.installed_ids_requested(MANUFACTURER_ROOT)
