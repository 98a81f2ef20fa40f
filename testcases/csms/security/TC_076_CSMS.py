"""TC_076_CSMS — Delete a specific certificate from the Charge Point."""

from octt_py.pics import Profile
from octt_py.pki.roots import CENTRAL_SYSTEM_ROOT, new_root
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.charge_point.certificates import REPORTED_HASH_ALGORITHM
from octt_py.roles.charge_point.security import chosen_profile, needs_profile
from octt_py.testcase import case


@case("TC_076_CSMS", "Delete a specific certificate from the Charge Point", Profile.SECURITY,
      requires=(needs_profile(2, 3),))
async def test_TC_076_CSMS(cp: FakeChargePoint) -> None:
    """The Central System deletes the certificate it installed, by the charge point's hash
    algorithm.

    Steps:
    1-2. [Make the CSMS install CentralSystemRootCertificate 2]: InstallCertificate, taken by the
       charge point's store (as in TC_075_2_CSMS); Accepted.
    3-4. [Make the CSMS delete it]: first GetInstalledCertificateIds certificateType
       CentralSystemRootCertificate, which the charge point answers with the hash data of its
       store, computed with SHA384.
    5-6. DeleteCertificate: its certificateHashData must name CentralSystemRootCertificate 2,
       computed with the hashAlgorithm reported at step 4 (checked against the harness's own
       calculation); the charge point deletes it and answers Accepted.

    Choice: the fake charge point reports SHA384 (a HashAlgorithmEnumType value), not SHA256,
    so that a CSMS that ignores the reported algorithm is caught. The optional steps 7-8
    (GetInstalledCertificateIds again) are left out: they check nothing of the CSMS.
    """
    await cp.booted_at(chosen_profile(cp.pics, 2, 3))
    root = new_root(CENTRAL_SYSTEM_ROOT)
    await cp.install_requested(root)
    await cp.installed_ids_requested(CENTRAL_SYSTEM_ROOT)
    cp.step(f"The charge point reported hash data with {REPORTED_HASH_ALGORITHM}")
    await cp.delete_requested(root)
