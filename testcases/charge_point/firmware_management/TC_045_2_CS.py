"""TC_045_2_CS — Get Diagnostics - Upload Failed."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs
from octt_py.verdict import Inconclusive

# The upload attempts the CSMS allows: the first and one retry a second later.
RETRIES = 1
RETRY_INTERVAL = 1
UPLOADING_FIRST = ("the official TC_045_2 table checks Uploading (step 3) before UploadFailed (step 5), "
                   "also for an upload that fails at once")


@case("TC_045_2_CS", "Get Diagnostics - Upload Failed", Profile.FIRMWARE_MANAGEMENT,
      requires=(needs(lambda p: bool(FakeCsms.file_schemes(p, served=False)),
                      "the PICS declares no URL scheme the harness can write a location for "
                      "(http, https, ftp)"),))
async def test_TC_045_2_CS(csms: FakeCsms) -> None:
    """A diagnostics upload to a location that cannot be reached is reported UploadFailed.

    Steps:
    1. The CSMS sends GetDiagnostics with a location where nothing listens, retries 1 and
       retryInterval 1; the charge point answers GetDiagnostics.conf.
    2. DiagnosticsStatusNotification Uploading.
    3. DiagnosticsStatusNotification UploadFailed, as the next diagnostics status (Uploading
       again, for the retry, is no other status), within the triggered function timeout plus
       the retry interval.

    Official rule: real charge points dispute step 2 for an upload that fails at once; the
    official table has it (Charge Point side tool validations: step 3 "The status is
    Uploading", step 5 "The status is UploadFailed"; ocpplab tc-045-2-csms, same validations as
    tc-045-1-cs), so a charge point that reports only UploadFailed fails, and the reason says
    why.

    Choice: "a location that cannot be reached" is a folder on the harness's listen_host whose
    port was just released (connection refused), in a scheme the PICS declares (HTTP preferred;
    TC_045_1 prefers FTP). A charge point that answers without a fileName has no diagnostics
    (OCPP 1.6 §5.9) and nothing to upload: the case is then inconclusive. OCPP leaves retries
    to the charge point when the request has none; the CSMS allows one retry after 1 s so that
    the case stays bounded. No file server runs in this case.
    """
    timing = csms.timing
    await csms.booted()
    location = csms.unreachable_location(csms.file_scheme("http", served=False), "/upload/")
    csms.step("1. GetDiagnostics with a location where nothing listens")
    file_name = await csms.get_diagnostics(location, retries=RETRIES, retryInterval=RETRY_INTERVAL)
    if file_name is None:
        raise Inconclusive("the charge point answered GetDiagnostics without a fileName: it has no diagnostics to upload")
    csms.step("2. DiagnosticsStatusNotification Uploading")
    await csms.diagnostics_status("Uploading", after="GetDiagnostics", why=UPLOADING_FIRST)
    csms.step("3. DiagnosticsStatusNotification UploadFailed")
    await csms.diagnostics_status("UploadFailed", after="Uploading",
                                  timeout=timing.triggered_function_timeout + RETRIES * RETRY_INTERVAL)
