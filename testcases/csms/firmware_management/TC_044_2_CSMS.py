"""TC_044_2_CSMS — Firmware Update - Download Failed."""

from octt_py.files import CLIENT_SCHEMES, unreachable_url
from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case, needs


@case("TC_044_2_CSMS", "Firmware Update - Download Failed", Profile.FIRMWARE_MANAGEMENT,
      requires=(needs(lambda p: any(s in CLIENT_SCHEMES for s in p.capabilities.firmware_url_schemes),
                      "the PICS declares no firmware URL scheme the harness can transfer with "
                      "(http, https, ftp)"),))
async def test_TC_044_2_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS handles a firmware download that fails: it acknowledges Downloading and
    DownloadFailed.

    Steps:
    1. Reusable state Booted. [Make the CSMS update the firmware from a location where nothing
       listens.] The CSMS sends UpdateFirmware with that location; the charge point answers.
    2. [The charge point starts downloading] FirmwareStatusNotification Downloading; the CSMS
       acknowledges.
    3. [Downloading fails] FirmwareStatusNotification DownloadFailed; the CSMS acknowledges it
       with a FirmwareStatusNotification.conf, not a CALLERROR.

    Choice: the official table keeps the test-data location and lets the tool pretend the
    download failed. Here the failure is real: the operator gives the CSMS a location on
    loopback where nothing listens (a port just released), the charge point really tries it
    and reports what happened. The request must carry the location the operator gave.
    """
    await cp.booted()
    location = unreachable_url(cp.file_scheme, path="/octt/firmware.bin")
    cp.step("1. [Make the CSMS update the firmware from a location where nothing listens]")
    request = await cp.firmware_update_requested(location=location)
    cp.step("2-3. Downloading, the failed download, DownloadFailed")
    await cp.download_fails(request)
