"""TC_081_CSMS — Secure Firmware Update - Invalid Signature."""

from octt_py.files import CLIENT_SCHEMES
from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case, needs
from octt_py.verdict import Inconclusive


@case("TC_081_CSMS", "Secure Firmware Update - Invalid Signature", Profile.SECURITY,
      requires=(needs(lambda p: p.security.signed_firmware, "the PICS declares no signed firmware update"),
                needs(lambda p: p.supports(Profile.FIRMWARE_MANAGEMENT),
                      "the PICS declares no Firmware Management profile"),
                needs(lambda p: any(s in CLIENT_SCHEMES for s in p.capabilities.firmware_url_schemes),
                      "the PICS declares no firmware URL scheme the harness can transfer with "
                      "(http, https, ftp)")))
async def test_TC_081_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS handles a charge point that finds the signature of a firmware invalid: it
    acknowledges InvalidSignature and the security event InvalidFirmwareSignature.

    Steps:
    1-2. Reusable state Booted. [Make the CSMS send SignedUpdateFirmware] with the firmware the
       harness serves, the trusted firmware signing certificate and a signature the harness
       offers that was made over another file; the certificate verifies: Accepted.
    3-6. SignedFirmwareStatusNotification Downloading; the real download; Downloaded.
    7-8. The signature does not verify over the file: SignedFirmwareStatusNotification
       InvalidSignature, answered.
    9-10. SecurityEventNotification InvalidFirmwareSignature, answered. The firmware is not
       installed: nothing more is reported.

    Choice: the invalid signature is the test data the operator hands the CSMS, a real
    signature of the trusted key over another file, and the fake charge point really checks
    it, as in TC_080_CSMS; a signature that does verify (the CSMS replaced it with the right
    one) leaves the case inconclusive: the scenario was not reached. The security event is
    the white paper edition 4's critical event for this, sent after InvalidSignature.
    """
    await cp.booted()
    cp.step("1-2. [Make the CSMS send SignedUpdateFirmware]: a firmware with an invalid signature")
    request = await cp.signed_firmware_requested(valid_signature=False)
    cp.step("3-6. Downloading, the download itself, Downloaded; the signature is verified")
    got, valid = await cp.downloads_signed_firmware(request)
    if valid:
        raise Inconclusive(f"the signature the CSMS sent verifies over the firmware from {got.url}: "
                           "it did not send the invalid signature of the test data")
    cp.step("7-10. InvalidSignature, InvalidFirmwareSignature")
    await cp.signed_status("InvalidSignature", request)
    await cp.security_event("InvalidFirmwareSignature")
