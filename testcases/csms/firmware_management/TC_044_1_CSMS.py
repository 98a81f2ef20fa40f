"""TC_044_1_CSMS — Firmware Update - Download and Install."""

from octt_py.files import CLIENT_SCHEMES
from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case, needs


@case("TC_044_1_CSMS", "Firmware Update - Download and Install", Profile.FIRMWARE_MANAGEMENT,
      requires=(needs(lambda p: any(s in CLIENT_SCHEMES for s in p.capabilities.firmware_url_schemes),
                      "the PICS declares no firmware URL scheme the harness can transfer with "
                      "(http, https, ftp)"),))
async def test_TC_044_1_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS updates a charge point's firmware: the firmware it points at really downloads,
    and it acknowledges every status of the download, the installation and the restart.

    Steps:
    1. Reusable state Booted. [Make the CSMS update the firmware.] The CSMS sends UpdateFirmware;
       the charge point answers UpdateFirmware.conf.
    2. [At retrieveDate the charge point starts downloading] FirmwareStatusNotification
       Downloading; the CSMS acknowledges.
    3. The charge point downloads the firmware from the location, for real, and reports
       FirmwareStatusNotification Downloaded.
    4. StatusNotification Unavailable for connector 0 and every connector.
    5. [The charge point starts installing] FirmwareStatusNotification Installing.
    6. The charge point restarts: BootNotification, answered Accepted; StatusNotification
       Available for connector 0 and every connector.
    7. FirmwareStatusNotification Installed.

    Choice: the official check "location is the firmware URL of the test data" is replaced by
    what it is for: the harness downloads the location and fails the case (after reporting
    DownloadFailed) when nothing, or an empty file, comes back. A location with a scheme the
    PICS does not declare (capabilities.firmware_url_schemes), or a retrieveDate further ahead
    than the triggered function timeout, leaves the case inconclusive. "All connectors" in the
    status steps is read as connector 0 and each connector, as after a boot.
    """
    await cp.booted()
    cp.step("1. [Make the CSMS update the firmware]: UpdateFirmware")
    request = await cp.firmware_update_requested()
    cp.step("2-3. Downloading, the download itself, Downloaded")
    await cp.downloads_firmware(request)
    cp.step("4-7. Unavailable, Installing, restart, Available, Installed")
    await cp.installs_firmware("Installed")
