"""TC_044_2_CS — Firmware Update - Download Failed."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs

# The download attempts the CSMS allows: the first and one retry a second later.
RETRIES = 1
RETRY_INTERVAL = 1


@case("TC_044_2_CS", "Firmware Update - Download Failed", Profile.FIRMWARE_MANAGEMENT,
      requires=(needs(lambda p: bool(FakeCsms.file_schemes(p, served=False)),
                      "the PICS declares no firmware URL scheme the harness can write a location "
                      "for (http, https, ftp)"),))
async def test_TC_044_2_CS(csms: FakeCsms) -> None:
    """A firmware download from a location that cannot be reached is reported DownloadFailed.

    Steps:
    1. The CSMS sends UpdateFirmware with a location where nothing listens, retrieveDate now,
       retries 1 and retryInterval 1; the charge point answers UpdateFirmware.conf.
    2. FirmwareStatusNotification Downloading (optional; once per attempt or not at all).
    3. FirmwareStatusNotification DownloadFailed, as the next firmware status other than
       Downloading, within the triggered function timeout plus the retry interval.

    Official rule: the official table (Charge Point side, step 3) marks Downloading "optional,
    because the download may fail immediately"; only DownloadFailed is required (ocpplab
    tc-044-2-cs).

    Choice: the catalogue's "unreachable/bad location" is made real with a location on the
    harness's listen_host whose port was just released (connection refused), in a scheme the
    PICS declares (HTTP preferred). OCPP 1.6 §5.19 leaves retries to the charge point when
    UpdateFirmware has none, which could stretch the case indefinitely; the CSMS therefore
    allows one retry after 1 s, and the wait for DownloadFailed includes it. No file server
    runs in this case.
    """
    timing = csms.timing
    await csms.booted()
    location = csms.unreachable_location(csms.file_scheme("http", served=False), "/firmware/octt-firmware.bin")
    csms.step("1. UpdateFirmware with a location where nothing listens")
    await csms.update_firmware(location, retries=RETRIES, retryInterval=RETRY_INTERVAL)
    csms.step("2-3. FirmwareStatusNotification Downloading (optional), then DownloadFailed")
    await csms.firmware_status("DownloadFailed", after="UpdateFirmware", repeats="Downloading",
                               timeout=timing.triggered_function_timeout + RETRIES * RETRY_INTERVAL)
