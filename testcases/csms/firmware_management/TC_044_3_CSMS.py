"""TC_044_3_CSMS — Firmware Update - Installation Failed."""

from octt_py.files import CLIENT_SCHEMES
from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case, needs


@case("TC_044_3_CSMS", "Firmware Update - Installation Failed", Profile.FIRMWARE_MANAGEMENT,
      requires=(needs(lambda p: any(s in CLIENT_SCHEMES for s in p.capabilities.firmware_url_schemes),
                      "the PICS declares no firmware URL scheme the harness can transfer with "
                      "(http, https, ftp)"),))
async def test_TC_044_3_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS handles a firmware update whose installation fails: it acknowledges every
    status up to InstallationFailed.

    Steps:
    1. Reusable state Booted. [Make the CSMS update the firmware.] The CSMS sends UpdateFirmware;
       the charge point answers UpdateFirmware.conf.
    2. FirmwareStatusNotification Downloading; the firmware is downloaded for real;
       FirmwareStatusNotification Downloaded.
    3. StatusNotification Unavailable for connector 0 and every connector.
    4. FirmwareStatusNotification Installing.
    5. The charge point restarts: BootNotification, answered Accepted; StatusNotification
       Available for connector 0 and every connector.
    6. [The installation failed] FirmwareStatusNotification InstallationFailed; the CSMS
       acknowledges it with a FirmwareStatusNotification.conf, not a CALLERROR.

    Choice: as in TC_044_1 the download is real (the location must deliver a non-empty file);
    the installation failure is the charge point's own, so it is simply reported.
    """
    await cp.booted()
    cp.step("1. [Make the CSMS update the firmware]: UpdateFirmware")
    request = await cp.firmware_update_requested()
    cp.step("2. Downloading, the download itself, Downloaded")
    await cp.downloads_firmware(request)
    cp.step("3-6. Unavailable, Installing, restart, Available, InstallationFailed")
    await cp.installs_firmware("InstallationFailed")
