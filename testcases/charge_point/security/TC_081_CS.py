"""TC_081_CS — Secure Firmware Update - Invalid Signature."""

from octt_py.files import firmware_image
from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs


@case("TC_081_CS", "Secure Firmware Update - Invalid Signature", Profile.SECURITY,
      requires=(needs(lambda p: p.security.signed_firmware, "the PICS declares no signed firmware update"),
                needs(lambda p: p.supports(Profile.FIRMWARE_MANAGEMENT),
                      "the PICS declares no Firmware Management profile"),
                needs(lambda p: bool(FakeCsms.file_schemes(p)),
                      "the PICS declares no firmware URL scheme the harness can serve "
                      "(http, ftp; https needs connection.tls_cert_file and tls_key_file)")))
async def test_TC_081_CS(csms: FakeCsms) -> None:
    """The charge point downloads a firmware whose signature does not verify, reports it and
    does not install it.

    Steps:
    0. Memory state CertificateInstalled: GetInstalledCertificateIds ManufacturerRootCertificate
       lists the run's ManufacturerRootCertificate, else InstallCertificate it (Accepted; it is
       deleted again after the case).
    1-2. The harness serves a firmware image. The CSMS sends SignedUpdateFirmware with its
       location, retrieveDateTime now, the trusted firmware signing certificate and a real
       signature of that certificate's key over another file; the certificate verifies:
       Accepted.
    3-6. SignedFirmwareStatusNotification Downloading; the charge point downloads the whole
       image; Downloaded.
    7-8. SignedFirmwareStatusNotification InvalidSignature.
    9-10. SecurityEventNotification InvalidFirmwareSignature.
    11. The firmware is not installed: for the triggered function timeout no
       SignedFirmwareStatusNotification Installing, InstallRebooting or Installed, and no reboot.

    Choice: the signature is a real one by the trusted signing key, of a different image, so
    that only a charge point that verifies the signature over the file it downloaded finds it
    invalid (a malformed signature would also catch one that only parses it). The security
    event InvalidFirmwareSignature is required: the white paper edition 4 makes it a critical
    security event the charge point must notify (the catalogue notes it after EVerest);
    it may come before or after the InvalidSignature notification. "Not installed" is checked
    by what the charge point reports and does (no installation statuses, no reboot) within the
    PICS triggered function timeout, the bound of every forbidden message in this suite.
    """
    await csms.booted()
    scheme = csms.file_scheme("http")
    async with csms.serving_files(scheme) as files:
        csms.step("1-6. SignedUpdateFirmware with the signature of another file; Downloading, download, Downloaded")
        other = firmware_image("octt-fw-other")
        request_id = await csms.signed_firmware_downloaded(files, scheme, other)
        csms.step("7-11. InvalidSignature, InvalidFirmwareSignature, nothing installed")
        await csms.signed_firmware_refused(request_id)
