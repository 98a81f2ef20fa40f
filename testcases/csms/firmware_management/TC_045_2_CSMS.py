"""TC_045_2_CSMS — Get Diagnostics - Upload Failed."""

from octt_py.files import CLIENT_SCHEMES, unreachable_url
from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case, needs


@case("TC_045_2_CSMS", "Get Diagnostics - Upload Failed", Profile.FIRMWARE_MANAGEMENT,
      requires=(needs(lambda p: any(s in CLIENT_SCHEMES for s in p.capabilities.firmware_url_schemes),
                      "the PICS declares no file URL scheme the harness can transfer with "
                      "(http, https, ftp)"),))
async def test_TC_045_2_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS handles a diagnostics upload that fails: it acknowledges Uploading and
    UploadFailed.

    Steps:
    1. Reusable state Booted. [Make the CSMS ask for diagnostics, to be uploaded to a location
       where nothing listens.] The CSMS sends GetDiagnostics with that location; the charge
       point answers with a file name.
    2. [The charge point starts uploading] DiagnosticsStatusNotification Uploading; the CSMS
       acknowledges.
    3. [Uploading fails] DiagnosticsStatusNotification UploadFailed; the CSMS acknowledges it
       with a DiagnosticsStatusNotification.conf, not a CALLERROR.

    Choice: the catalogue has "a location that cannot be reached"; the harness makes that real
    by handing the operator a loopback location where nothing listens (a port just released),
    which the request must carry, and by really trying the upload.
    """
    await cp.booted()
    location = unreachable_url(cp.file_scheme, path="/octt/diagnostics/")
    cp.step("1. [Make the CSMS ask for diagnostics, uploaded where nothing listens]")
    request = await cp.diagnostics_requested(location=location)
    cp.step("2-3. Uploading, the failed upload, UploadFailed")
    await cp.upload_fails(request)
