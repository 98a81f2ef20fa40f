"""Security white paper (edition 4), signed firmware for the fake CSMS: TC_080_CS, TC_081_CS.

SignedUpdateFirmware with a firmware image the harness serves itself (``FirmwareSteps``), the
firmware signing certificate of the run's test PKI (issued by its ManufacturerRootCertificate,
which the charge point holds or is given first: memory state CertificateInstalled) and a signature made with that certificate's key
(``octt_py.pki.firmware``); then the SignedFirmwareStatusNotifications that must follow, each
with the request's requestId.
"""

from __future__ import annotations

import secrets
import time

from octt_py.files import DOWNLOAD, FileServers, shown_url
from octt_py.pki import TestPki
from octt_py.pki.authority import pem
from octt_py.pki.firmware import sign_firmware
from octt_py.pki.hashdata import HASH_ALGORITHMS
from octt_py.pki.roots import MANUFACTURER_ROOT, Root
from octt_py.roles.common import now_rfc3339
from octt_py.roles.csms.certificates import CertificateSteps
from octt_py.roles.csms.firmware import FirmwareSteps
from octt_py.session import IncomingCall, match
from octt_py.verdict import Fail, Inconclusive

SIGNED_STATUS = "SignedFirmwareStatusNotification"
INSTALLING = ("Installing", "InstallRebooting", "Installed")


class SignedFirmwareSteps(FirmwareSteps, CertificateSteps):
    pki: TestPki | None

    async def manufacturer_root_installed(self) -> None:
        """Memory state CertificateInstalled for the run's ManufacturerRootCertificate, which
        issued the firmware signing certificate: GetInstalledCertificateIds lists it, else it is
        installed (InstallCertificate, Accepted) and deleted again after the case."""
        certificate = self._test_pki().manufacturer_root.certificate
        root = Root(MANUFACTURER_ROOT, certificate, certificate)
        listed = await self.installed_certificate_ids(MANUFACTURER_ROOT, "0")
        if any(d.hash_algorithm in HASH_ALGORITHMS and d.same_certificate(root.hash_data(d.hash_algorithm))
               for d in listed):
            return
        await self.install_certificate(root, "0")

    async def signed_update_firmware(self, files: FileServers, scheme: str, signed: bytes) -> int:
        """SignedUpdateFirmware for the image ``files`` serves over ``scheme``, retrieveDateTime
        now, the firmware signing certificate and its signature over ``signed`` (the image
        itself, or another file for an invalid signature); must be answered Accepted. Returns
        the requestId."""
        request_id = secrets.randbelow(1 << 30) + 1
        location = files.firmware_url(scheme)
        signing = self._test_pki().firmware_signing
        self.step(f"SignedUpdateFirmware, requestId {request_id}, location {shown_url(location)}, "
                  "the firmware signing certificate and a signature")
        firmware = {"location": location, "retrieveDateTime": now_rfc3339(),
                    "signingCertificate": pem(signing.certificate),
                    "signature": sign_firmware(signing.key, signed)}
        reply = (await self.cp.call("SignedUpdateFirmware", {"requestId": request_id, "firmware": firmware})).payload
        if reply.get("status") != "Accepted":
            raise Fail(f"SignedUpdateFirmware with a trusted signing certificate was answered {reply.get('status')}, "
                       "not Accepted")
        return request_id

    def _test_pki(self) -> TestPki:
        if self.pki is None:
            raise Inconclusive("the harness has no test PKI (security.certificates is \"files\"): "
                               "it holds no firmware signing certificate to sign the firmware with")
        return self.pki

    async def signed_status(self, request_id: int, expected: str, *, after: str,
                            timeout: float | None = None, repeats: str | None = None) -> IncomingCall:
        """The next SignedFirmwareStatusNotification, which must report ``expected`` with the
        SignedUpdateFirmware's requestId (see ``FirmwareSteps._next_status``)."""
        got = await self._next_status(SIGNED_STATUS, expected, after, timeout, repeats, "")
        if got.payload.get("requestId") != request_id:
            raise Fail(f"SignedFirmwareStatusNotification {expected} has requestId {got.payload.get('requestId')}; "
                       f"the SignedUpdateFirmware had {request_id}")
        return got

    async def signed_firmware_downloaded(self, files: FileServers, scheme: str, signed: bytes) -> int:
        """The memory state (``manufacturer_root_installed``), SignedUpdateFirmware
        (``signed_update_firmware``); Downloading; the charge point
        really downloads the whole image from the harness's server within the PICS triggered
        function timeout; Downloaded, not before the download began. Returns the requestId."""
        await self.manufacturer_root_installed()
        request_id = await self.signed_update_firmware(files, scheme, signed)
        shown = shown_url(files.firmware_url(scheme))
        self.step("SignedFirmwareStatusNotification Downloading")
        downloading = await self.signed_status(request_id, "Downloading", after="SignedUpdateFirmware")
        self.step(f"The charge point downloads the firmware from {shown}")
        got = await self._transferred(files, DOWNLOAD, f"download the firmware from {shown}", downloading)
        if got.path != files.firmware_path or got.sha256 != files.firmware_sha256:
            raise Fail(f"the charge point downloaded {got.path} ({got.size} bytes), not the firmware image at {shown}")
        self.step("SignedFirmwareStatusNotification Downloaded")
        downloaded = await self.signed_status(request_id, "Downloaded", after="Downloading")
        if downloaded.at_ns < got.started * 1e9:
            raise Fail(f"the charge point reported Downloaded before it began to download the firmware from {shown}")
        return request_id

    async def signed_firmware_installed(self, request_id: int) -> None:
        """After SignatureVerified: Installing and InstallRebooting before the reboot; the reboot
        (BootNotification Accepted within the PICS reboot timeout, StatusNotification Available
        for every connector); then, in any order, SignedFirmwareStatusNotification Installed
        and SecurityEventNotification FirmwareUpdated, after the reboot."""
        self.step("SignedFirmwareStatusNotification Installing (connectors Unavailable allowed, not required)")
        await self.signed_status(request_id, "Installing", after="SignatureVerified")
        self.step("SignedFirmwareStatusNotification InstallRebooting")
        rebooting = await self.signed_status(request_id, "InstallRebooting", after="Installing")
        self.step("The charge point reboots: BootNotification, Accepted")
        boot = await self.cp.expect("BootNotification", timeout=self.timing.reboot_timeout)
        await self.booted()
        if rebooting.at_ns > boot.at_ns:
            raise Fail("SignedFirmwareStatusNotification InstallRebooting came after the reboot; it must come before it")
        self.step("StatusNotification Available for every connector after the reboot")
        for connector, status in (await self.statuses_after(boot)).items():
            if status != "Available":
                raise Fail(f"after the firmware reboot connector {connector} reports {status}, not Available")
        self.step("SignedFirmwareStatusNotification Installed and SecurityEventNotification FirmwareUpdated")
        limit = self.timing.triggered_function_timeout
        deadline = time.monotonic() + limit
        await self.signed_status(request_id, "Installed", after="the reboot", repeats="InstallRebooting",
                                 timeout=limit)
        await self.cp.expect(match("SecurityEventNotification", type="FirmwareUpdated"), since=boot.at_ns,
                             timeout=max(deadline - time.monotonic(), 0.0), stated=limit)

    async def signed_firmware_refused(self, request_id: int) -> None:
        """After Downloaded of a firmware whose signature does not verify: InvalidSignature and
        SecurityEventNotification InvalidFirmwareSignature, in any order; then, for the PICS
        triggered function timeout, nothing that installs it: no SignedFirmwareStatusNotification
        Installing, InstallRebooting or Installed, no reboot (BootNotification)."""
        self.step("SignedFirmwareStatusNotification InvalidSignature")
        await self.signed_status(request_id, "InvalidSignature", after="Downloaded")
        self.step("SecurityEventNotification InvalidFirmwareSignature")
        await self.cp.expect(match("SecurityEventNotification", type="InvalidFirmwareSignature"))
        limit = self.timing.triggered_function_timeout
        self.step(f"The firmware is not installed: no Installing, Installed or reboot within {limit:g} s")
        installs = match(SIGNED_STATUS, where=lambda p: p.get("status") in INSTALLING,
                         label="status Installing, InstallRebooting or Installed")
        try:
            await self.cp.expect_none(installs, during=limit)
            await self.cp.expect_none("BootNotification", during=0)
        except Fail as exc:
            raise Fail(f"the charge point went on to install the firmware whose signature it found invalid: {exc}") from None
