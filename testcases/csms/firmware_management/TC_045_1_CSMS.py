"""TC_045_1_CSMS — Get Diagnostics."""

from octt_py.files import CLIENT_SCHEMES
from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case, needs


@case("TC_045_1_CSMS", "Get Diagnostics", Profile.FIRMWARE_MANAGEMENT,
      requires=(needs(lambda p: any(s in CLIENT_SCHEMES for s in p.capabilities.firmware_url_schemes),
                      "the PICS declares no file URL scheme the harness can transfer with "
                      "(http, https, ftp)"),))
async def test_TC_045_1_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS asks a charge point for its diagnostics, names a location that really takes the
    upload, and acknowledges Uploading and Uploaded.

    Steps:
    1. Reusable state Booted. [Make the CSMS ask for diagnostics.] The CSMS sends GetDiagnostics
       with a location; the charge point answers with the name of the file it will upload.
    2. [The charge point starts uploading] DiagnosticsStatusNotification Uploading; the CSMS
       acknowledges.
    3. The charge point uploads its diagnostics file to the location, for real (HTTP PUT to
       <location>/<file name>, or FTP STOR there).
    4. [The upload is done] DiagnosticsStatusNotification Uploaded; the CSMS acknowledges.

    Choice: the official expected result "the diagnostics log is at the location" is checked
    the only way a charge point can: the upload must be accepted by the location's server
    (HTTP 2xx, FTP 226). An upload the location refuses is reported UploadFailed and fails the
    case. A scheme the PICS does not declare leaves the case inconclusive.
    """
    await cp.booted()
    cp.step("1. [Make the CSMS ask for diagnostics]: GetDiagnostics")
    request = await cp.diagnostics_requested()
    cp.step("2-4. Uploading, the upload itself, Uploaded")
    await cp.uploads_diagnostics(request)
