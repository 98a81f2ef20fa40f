"""TC_045_1_CS — Get Diagnostics."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs


@case("TC_045_1_CS", "Get Diagnostics", Profile.FIRMWARE_MANAGEMENT,
      requires=(needs(lambda p: bool(FakeCsms.file_schemes(p)),
                      "the PICS declares no URL scheme the harness can take uploads on "
                      "(http, ftp; https needs connection.tls_cert_file and tls_key_file)"),))
async def test_TC_045_1_CS(csms: FakeCsms) -> None:
    """The charge point really uploads its diagnostics to the location it is given and reports
    Uploading, then Uploaded.

    Steps:
    1. The harness takes uploads (FTP when the PICS declares it). The CSMS sends GetDiagnostics
       with its upload folder as location; the charge point answers with a fileName.
    2. DiagnosticsStatusNotification Uploading.
    3. The diagnostics file arrives at the harness's server: non-empty, named as in the
       GetDiagnostics.conf, within the triggered function timeout of Uploading.
    4. DiagnosticsStatusNotification Uploaded, not before the upload began. Uploading may be
       reported more than once before it: nothing forbids repeating a status.

    Choice: the catalogue's "file actually uploaded to the location" is checked on the
    harness's own file server. The location is a folder, as OCPP 1.6 §5.9 has it ("directory
    path"): an FTP STOR or HTTP PUT/POST of <location>/<fileName>. A charge point that answers
    without a fileName has no diagnostics (§5.9): the case is then inconclusive. startTime,
    stopTime, retries and retryInterval are left out: any diagnostics do, and the first attempt
    must succeed. FTP is preferred so that the HTTP firmware download of TC_044_1 and this
    upload cover both schemes.
    """
    await csms.booted()
    scheme = csms.file_scheme("ftp")
    async with csms.serving_files(scheme) as files:
        csms.step("1-4. GetDiagnostics; Uploading, the real upload, Uploaded")
        await csms.diagnostics_uploaded(files, scheme)
