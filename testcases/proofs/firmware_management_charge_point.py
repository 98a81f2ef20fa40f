"""Firmware Management profile, charge point DUT: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_044_1_CS", "firmware_not_downloaded", "the charge point did not download the firmware from http://"),
    # The same case over FTP only (PICS variant): the download is proven whatever the scheme.
    Proof("TC_044_1_CS", "firmware_not_downloaded", "the charge point did not download the firmware from ftp://",
          {"firmware_url_schemes": ("ftp",)}),
    Proof("TC_044_1_CS", "firmware_no_installing_status",
          "after Downloaded the charge point sent FirmwareStatusNotification Installed; expected Installing"),
    Proof("TC_044_1_CS", "firmware_installed_before_reboot",
          "FirmwareStatusNotification Installed came before the reboot"),
    Proof("TC_044_2_CS", "firmware_download_failure_unreported",
          "expected FirmwareStatusNotification (status DownloadFailed)"),
    Proof("TC_044_3_CS", "firmware_install_failure_reported_installed",
          "after the reboot the charge point sent FirmwareStatusNotification Installed; expected InstallationFailed"),
    Proof("TC_044_3_CS", "firmware_not_downloaded", "the charge point did not download the firmware from ftp://"),
    Proof("TC_045_1_CS", "diagnostics_not_uploaded", "the charge point did not upload its diagnostics to ftp://"),
    # The same case over HTTP only (PICS variant).
    Proof("TC_045_1_CS", "diagnostics_not_uploaded", "the charge point did not upload its diagnostics to http://",
          {"firmware_url_schemes": ("http",)}),
    Proof("TC_045_2_CS", "diagnostics_upload_failure_reported_uploaded",
          "after Uploading the charge point sent DiagnosticsStatusNotification Uploaded; expected UploadFailed"),
    Proof("TC_045_2_CS", "diagnostics_uploading_unreported",
          "after GetDiagnostics the charge point sent DiagnosticsStatusNotification UploadFailed; expected Uploading "
          "(the official TC_045_2 table checks Uploading (step 3) before UploadFailed (step 5)"),
    Proof("TC_045_1_CS", "diagnostics_uploading_unreported",
          "after GetDiagnostics the charge point sent DiagnosticsStatusNotification Uploaded; expected Uploading"),
)
