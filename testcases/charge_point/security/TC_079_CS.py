"""TC_079_CS — Get Security Log."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs


@case("TC_079_CS", "Get Security Log", Profile.SECURITY,
      requires=(needs(lambda p: bool(FakeCsms.file_schemes(p)),
                      "the PICS declares no URL scheme the harness can take uploads on "
                      "(http, ftp; https needs connection.tls_cert_file and tls_key_file)"),))
async def test_TC_079_CS(csms: FakeCsms) -> None:
    """The charge point uploads its security log to the location the Central System names and
    reports Uploading, then Uploaded, for that request.

    Steps:
    1. The harness takes uploads (FTP when the PICS declares it). The Central System sends
       GetLog logType SecurityLog, a fresh requestId, log.remoteLocation its upload folder.
    2. The charge point answers GetLog Accepted.
    3-4. [The charge point starts uploading] LogStatusNotification Uploading, requestId the
       GetLog's.
    The security log arrives at the harness's file server: non-empty, named as in the
    GetLog.conf's filename (when given), within the triggered function timeout of Uploading.
    5-6. [The upload is done] LogStatusNotification Uploaded, requestId the GetLog's, not before
       the upload began. Uploading may come again before it (a retry); it carries the requestId
       too.

    Choice: the official expected result "the security log was uploaded to log.remoteLocation"
    is checked on the harness's own loopback file server. remoteLocation is a folder and the
    file lands at <remoteLocation>/<filename>, as GetDiagnostics does in OCPP 1.6 §5.9: the
    white paper (edition 4, as edition 2) leaves the form of the URL open. The white paper
    makes the format of the log the charge point's own, so the case asks only that the file is
    not empty: every charge point has at least its own start-up in its security log. FTP is
    preferred as the white paper recommends it for log uploads. The requestId is drawn at
    random above 100 000, so a charge point that reports an upload counter of its own shows.
    retries and retryInterval are left out: the first attempt must succeed.
    """
    await csms.booted()
    scheme = csms.file_scheme("ftp")
    async with csms.serving_files(scheme) as files:
        await csms.security_log_uploaded(files, scheme)
