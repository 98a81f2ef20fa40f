"""TC_044_1_CS — Firmware Update - Download and Install."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs


@case("TC_044_1_CS", "Firmware Update - Download and Install", Profile.FIRMWARE_MANAGEMENT,
      requires=(needs(lambda p: bool(FakeCsms.file_schemes(p)),
                      "the PICS declares no firmware URL scheme the harness can serve "
                      "(http, ftp; https needs connection.tls_cert_file and tls_key_file)"),))
async def test_TC_044_1_CS(csms: FakeCsms) -> None:
    """The charge point really downloads the firmware it is sent to, installs it across a
    reboot and reports every status of the update in order.

    Steps:
    1. The harness serves a firmware image (HTTP when the PICS declares it). The CSMS sends
       UpdateFirmware with its location and retrieveDate now; the charge point answers
       UpdateFirmware.conf.
    2. FirmwareStatusNotification Downloading.
    3. The charge point downloads the image from the harness's server: the whole file (sha256
       as served), within the triggered function timeout of Downloading.
    4. FirmwareStatusNotification Downloaded, not before the download began.
    5. FirmwareStatusNotification Installing, before the reboot.
    6. The charge point reboots: BootNotification (answered Accepted, within the reboot
       timeout), StatusNotification Available for every connector.
    7. FirmwareStatusNotification Installed, after the reboot.

    Official rule: real charge points differ on setting the connectors Unavailable for the
    installation; the official table leaves it to them ("Before downloading the firmware the
    Charge Point MAY set all connectors to Unavailable"; ocpplab tc-044-1-cs), so the case
    allows Unavailable reports but does not ask for them.

    Choice: the catalogue's order Downloading, Downloaded, Installing, Installed is checked
    strictly: each FirmwareStatusNotification must be the next one, a repeat of the one before
    aside (OCPP 1.6 §4.5, §5.19). "Location
    from the test data" becomes a location the harness serves itself, so that the download is
    proven by the file server's log, not by the charge point's word. retries and
    retryInterval are left out: the first attempt must succeed. The file server runs only for
    this case and is stopped after it.
    """
    await csms.booted()
    scheme = csms.file_scheme("http")
    async with csms.serving_files(scheme) as files:
        csms.step("1-4. UpdateFirmware; Downloading, the real download, Downloaded")
        await csms.firmware_downloaded(files, scheme)
        csms.step("5-7. Installing, the reboot, Available, Installed")
        await csms.firmware_installed("Installed")
