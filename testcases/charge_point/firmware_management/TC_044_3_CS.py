"""TC_044_3_CS — Firmware Update - Installation Failed."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs


@case("TC_044_3_CS", "Firmware Update - Installation Failed", Profile.FIRMWARE_MANAGEMENT,
      requires=(needs(lambda p: bool(FakeCsms.file_schemes(p)),
                      "the PICS declares no firmware URL scheme the harness can serve "
                      "(http, ftp; https needs connection.tls_cert_file and tls_key_file)"),))
async def test_TC_044_3_CS(csms: FakeCsms) -> None:
    """A firmware whose installation fails is downloaded, installed across a reboot and
    reported InstallationFailed, not Installed.

    Steps:
    1. [Prepare the charge point so that installing the firmware fails.] The harness serves a
       firmware image (FTP when the PICS declares it). The CSMS sends UpdateFirmware with its
       location and retrieveDate now; the charge point answers UpdateFirmware.conf.
    2. FirmwareStatusNotification Downloading; the charge point downloads the whole image
       from the harness's server; FirmwareStatusNotification Downloaded.
    3. FirmwareStatusNotification Installing, before the reboot (connectors Unavailable
       allowed, not required: the official table says the charge point MAY set them so, as in
       TC_044_1).
    4. The charge point reboots: BootNotification (answered Accepted), StatusNotification
       Available for every connector.
    5. FirmwareStatusNotification InstallationFailed, after the reboot.

    Choice: the failure is a test-rig condition (operator action firmware_install_failure),
    switched off again after the case. The catalogue puts the reboot before the final status,
    as in TC_044_1, and so does this case: a charge point that tried to install and came back
    on its old firmware reports the outcome once it is up again (OCPP 1.6 §4.5). The download is
    real and checked as in TC_044_1; FTP is preferred here so that both schemes get exercised
    (TC_044_1 prefers HTTP).
    """
    await csms.booted()
    scheme = csms.file_scheme("ftp")
    csms.step("1. [Prepare the charge point so that installing the firmware fails]")
    async with csms.switched("firmware_install_failure"), csms.serving_files(scheme) as files:
        csms.step("1-2. UpdateFirmware; Downloading, the real download, Downloaded")
        await csms.firmware_downloaded(files, scheme)
        csms.step("3-5. Installing, the reboot, Available, InstallationFailed")
        await csms.firmware_installed("InstallationFailed")
