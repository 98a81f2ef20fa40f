"""TC_076_CS — Delete a specific certificate from the Charge Point."""

from octt_py.pics import Profile
from octt_py.pki.roots import MANUFACTURER_ROOT
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import needs_profile
from octt_py.testcase import case


@case("TC_076_CS", "Delete a specific certificate from the Charge Point", Profile.SECURITY,
      requires=(needs_profile(2, 3),))
async def test_TC_076_CS(csms: FakeCsms) -> None:
    """The charge point deletes the certificate the Central System names by its hash data.

    Before: memory state CertificateInstalled — InstallCertificate of a root certificate the
    harness has just made, answered Accepted.
    Steps:
    1-2. GetInstalledCertificateIds lists it (hash data checked as in TC_075_1_CS).
    3-4. DeleteCertificate with the harness's own hash data of it, computed with the
       hashAlgorithm the charge point reported at step 2; answered Accepted.
    5-6. GetInstalledCertificateIds no longer lists it, by the harness's own calculation.

    Choice: the certificate is a ManufacturerRootCertificate, so that deleting it touches
    nothing the connection relies on (a new CentralSystemRootCertificate may, with
    AdditionalRootCertificateCheck, take the place of the one in use). The charge point stays
    at the security profile it uses; the prerequisite asks only that it supports 2 or 3.
    """
    root = csms.new_root(MANUFACTURER_ROOT)
    await csms.install_certificate(root, "Before: memory state CertificateInstalled")
    listed = await csms.lists_installed(root, "1-2")
    await csms.delete_certificate(root, listed.hash_algorithm, "3-4")
    await csms.no_longer_lists(root, "5-6")
