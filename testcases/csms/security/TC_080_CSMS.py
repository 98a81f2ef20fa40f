"""TC_080_CSMS — Secure Firmware Update."""

from octt_py.files import CLIENT_SCHEMES
from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case, needs
from octt_py.verdict import Fail


@case("TC_080_CSMS", "Secure Firmware Update", Profile.SECURITY,
      requires=(needs(lambda p: p.security.signed_firmware, "the PICS declares no signed firmware update"),
                needs(lambda p: p.supports(Profile.FIRMWARE_MANAGEMENT),
                      "the PICS declares no Firmware Management profile"),
                needs(lambda p: any(s in CLIENT_SCHEMES for s in p.capabilities.firmware_url_schemes),
                      "the PICS declares no firmware URL scheme the harness can transfer with "
                      "(http, https, ftp)")))
async def test_TC_080_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS updates a charge point's firmware securely: what it sends really downloads and
    its signature verifies, and it acknowledges every status of the update.

    Steps:
    1-2. Reusable state Booted. [Make the CSMS send SignedUpdateFirmware] with the firmware the
       harness serves, the firmware signing certificate and the signature the harness offers;
       the charge point checks the signingCertificate against its ManufacturerRootCertificate:
       Accepted.
    3-6. SignedFirmwareStatusNotification Downloading; the charge point really downloads the
       location; Downloaded. The signature the CSMS sent must verify over the downloaded file.
    7-8. SignedFirmwareStatusNotification SignatureVerified.
    9-12. StatusNotification Unavailable for every connector; SignedFirmwareStatusNotification
       Installing, then InstallRebooting.
    13-14. The charge point reboots: BootNotification Accepted, Available for every connector.
    15-16. SignedFirmwareStatusNotification Installed; SecurityEventNotification FirmwareUpdated.
    Every notification carries the request's requestId; the CSMS answers each.

    Choice: the official table only has the CSMS acknowledge what the tool reports; following
    the white paper edition 4, the fake charge point does what a charge point must with what
    the CSMS really sends (it verifies the certificate chain and the signature over the whole
    file with SHA-256), so that a CSMS that mangles the signature fails here, with the reason,
    instead of at the first real charge point. The charge point sends InvalidSignature in that
    case, as a real one would, before the case fails. The CSMS may use its own location, if
    the firmware there is what the offered signature was made over.
    """
    await cp.booted()
    cp.step("1-2. [Make the CSMS send SignedUpdateFirmware]: the signed firmware")
    request = await cp.signed_firmware_requested(valid_signature=True)
    cp.step("3-6. Downloading, the download itself, Downloaded; the signature is verified")
    got, valid = await cp.downloads_signed_firmware(request)
    if not valid:
        await cp.signed_status("InvalidSignature", request)
        raise Fail(f"the signature in SignedUpdateFirmware does not verify over the firmware downloaded from "
                   f"{got.url} with its signingCertificate")
    cp.step("7-16. SignatureVerified, Unavailable, Installing, InstallRebooting, reboot, Installed, FirmwareUpdated")
    await cp.installs_signed_firmware(request)
