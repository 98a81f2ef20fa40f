"""TC_079_CSMS — Get Security Log."""

from octt_py.files import CLIENT_SCHEMES
from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case, needs


@case("TC_079_CSMS", "Get Security Log", Profile.SECURITY,
      requires=(needs(lambda p: any(s in CLIENT_SCHEMES for s in p.capabilities.firmware_url_schemes),
                      "the PICS declares no file URL scheme the harness can transfer with "
                      "(http, https, ftp)"),))
async def test_TC_079_CSMS(cp: FakeChargePoint) -> None:
    """The Central System asks a charge point for its security log, names a location that really
    takes the upload, and acknowledges Uploading and Uploaded.

    Steps:
    1. Reusable state Booted. [Make the CSMS ask for the security log.] The CSMS sends GetLog
       with logType SecurityLog and a log.remoteLocation.
    2. The charge point answers Accepted, with the file name it will upload.
    3-4. [The charge point starts uploading] LogStatusNotification Uploading with the GetLog's
       requestId; the CSMS acknowledges. The charge point uploads its security log to the
       remoteLocation, for real (HTTP PUT to <remoteLocation>/<file name>, or FTP STOR there).
    5-6. [The upload is done] LogStatusNotification Uploaded with the GetLog's requestId; the
       CSMS acknowledges.

    Choice: the official "log.remoteLocation is <Configured log location>" is the location the
    operator gives the CSMS; the harness offers the upload folder of its own loopback file
    server, and any location whose server accepts the upload (HTTP 2xx, FTP 226) will do. An
    upload the location refuses is reported UploadFailure and fails the case: the CSMS named a
    location that takes no upload. A location whose scheme the PICS does not declare leaves the
    case inconclusive. The white paper (edition 4) lets the CSMS answer LogStatusNotification
    with an empty confirmation only: a CALLERROR fails the case.
    """
    await cp.booted()
    cp.step("1-2. [Make the CSMS ask for the security log]: GetLog SecurityLog, answered Accepted")
    request = await cp.security_log_requested()
    await cp.uploads_security_log(request)
