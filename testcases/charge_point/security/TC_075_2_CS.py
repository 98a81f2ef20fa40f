"""TC_075_2_CS — Install a certificate on the Charge Point - CentralSystemRootCertificate."""

from octt_py.pics import Profile
from octt_py.pki.roots import CENTRAL_SYSTEM_ROOT
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import needs_profile
from octt_py.testcase import case


@case("TC_075_2_CS", "Install a certificate on the Charge Point - CentralSystemRootCertificate",
      Profile.SECURITY, requires=(needs_profile(2, 3),))
async def test_TC_075_2_CS(csms: FakeCsms) -> None:
    """The charge point installs a new CentralSystemRootCertificate and reports it.

    Steps:
    1-2. InstallCertificate certificateType CentralSystemRootCertificate with a root certificate
       the harness has just made (PEM): self-signed, or, when the PICS declares
       AdditionalRootCertificateCheck, signed by the installed CentralSystemRootCertificate as
       the white paper then requires; answered Accepted.
    3-4. GetInstalledCertificateIds certificateType CentralSystemRootCertificate: Accepted, and
       its certificateHashData lists the new certificate, checked against the harness's own
       calculation with the hashAlgorithm the charge point chose.

    Choice: the charge point stays at the security profile it uses (the official prerequisite
    asks only that it supports 2 or 3). Hash data as in ``octt_py.pki.hashdata`` (OCSP CertID,
    white paper edition 4); for a cross-signed root its issuer is the installed root. The new
    root only adds to the trust store (the run's root stays): it is deleted again after the
    case.
    """
    root = csms.new_root(CENTRAL_SYSTEM_ROOT)
    await csms.install_certificate(root, "1-2")
    await csms.lists_installed(root, "3-4")
