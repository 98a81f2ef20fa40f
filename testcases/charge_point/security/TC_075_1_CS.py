"""TC_075_1_CS — Install a certificate on the Charge Point - ManufacturerRootCertificate."""

from octt_py.pics import Profile
from octt_py.pki.roots import MANUFACTURER_ROOT
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import needs_profile
from octt_py.testcase import case


@case("TC_075_1_CS", "Install a certificate on the Charge Point - ManufacturerRootCertificate",
      Profile.SECURITY, requires=(needs_profile(2, 3),))
async def test_TC_075_1_CS(csms: FakeCsms) -> None:
    """The charge point installs a new ManufacturerRootCertificate and reports it.

    Steps:
    1-2. InstallCertificate certificateType ManufacturerRootCertificate with a root certificate
       the harness has just made (PEM); answered Accepted.
    3-4. GetInstalledCertificateIds certificateType ManufacturerRootCertificate: Accepted, and
       its certificateHashData lists the new certificate, checked against the harness's own
       calculation with the hashAlgorithm the charge point chose.

    Choice: the charge point stays at the security profile it uses (the official prerequisite
    asks only that it supports 2 or 3). Hash data as in ``octt_py.pki.hashdata`` (OCSP CertID,
    white paper edition 4). The certificate is deleted again after the case.
    """
    root = csms.new_root(MANUFACTURER_ROOT)
    await csms.install_certificate(root, "1-2")
    await csms.lists_installed(root, "3-4")
