"""Security white paper (edition 4), signed firmware for the fake charge point: TC_080_CSMS,
TC_081_CSMS.

The harness offers the CSMS's operator what a manufacturer hands over with a firmware: the
image (on the harness's own file server), the firmware signing certificate of the run's test
PKI and a signature made with its key (``octt_py.pki.firmware``). The fake charge point then
does what a real one does with what the CSMS really sends: it checks the signingCertificate
against its ManufacturerRootCertificates before answering, downloads the location and verifies
the signature over the file it got, and reports each step with SignedFirmwareStatusNotification
and the request's requestId.
"""

from __future__ import annotations

from typing import Any

from cryptography import x509

from octt_py.files import Transfer, firmware_image, shown_url
from octt_py.pki.authority import pem
from octt_py.pki.firmware import (
    firmware_signature_valid,
    sign_firmware,
    signing_certificate_problem,
)
from octt_py.pki.roots import MANUFACTURER_ROOT
from octt_py.roles.charge_point.certificates import CertificateSteps
from octt_py.roles.charge_point.firmware import FirmwareSteps
from octt_py.roles.charge_point.signing import SigningSteps
from octt_py.roles.common import now_rfc3339
from octt_py.session import CallOutcome, IncomingCall, Payload
from octt_py.verdict import Fail, Inconclusive


class SignedFirmwareSteps(FirmwareSteps, CertificateSteps, SigningSteps):
    _signing_problem = ""  # why the last SignedUpdateFirmware's signingCertificate was refused

    async def signed_status(self, status: str, request: IncomingCall) -> CallOutcome:
        """SignedFirmwareStatusNotification ``status`` with the request's requestId, which the
        CSMS must answer with a CALLRESULT."""
        self.step(f"SignedFirmwareStatusNotification {status}")
        payload = {"status": status, "requestId": request.payload["requestId"]}
        outcome = await self.csms.call("SignedFirmwareStatusNotification", payload)
        _ = outcome.payload  # a CALLERROR raises Fail
        return outcome

    async def signed_firmware_requested(self, *, valid_signature: bool) -> IncomingCall:
        """[Make the CSMS send SignedUpdateFirmware] with the harness's firmware image, the
        firmware signing certificate and a signature of its key, over the image itself
        (``valid_signature``) or over another file (the test data's invalid signature); the
        request, answered, once its retrieveDateTime has come. The fake charge point answers
        Accepted when the signingCertificate chains to its ManufacturerRootCertificate, else
        InvalidCertificate, which fails the case."""
        if self.pki is None:
            raise Inconclusive("the harness has no test PKI (security.certificates is \"files\"): "
                               "it holds no firmware signing certificate to offer the CSMS")
        files = await self._file_servers()
        signing = self.pki.firmware_signing
        signed = files.firmware if valid_signature else firmware_image("octt-fw-other")
        firmware = {"location": files.firmware_url(self._hosting_scheme()), "retrieveDateTime": now_rfc3339(),
                    "signingCertificate": pem(signing.certificate), "signature": sign_firmware(signing.key, signed)}
        self.csms.respond("SignedUpdateFirmware", self._signed_update_answer, once=True)
        request = await self.csms_sends("SignedUpdateFirmware", requestId=self.next_id(), firmware=firmware)
        await self.answered(request)
        if self._signing_problem:
            raise Fail(f"SignedUpdateFirmware answered InvalidCertificate: {self._signing_problem}")
        sent = request.payload["firmware"]
        self._usable_location("SignedUpdateFirmware", str(sent["location"]))
        await self.retrieve_time(request.action, "retrieveDateTime", str(sent["retrieveDateTime"]))
        return request

    def _signed_update_answer(self, incoming: IncomingCall) -> Payload:
        firmware = incoming.payload.get("firmware")
        text = firmware.get("signingCertificate") if isinstance(firmware, dict) else None
        _, self._signing_problem = signing_certificate_problem(str(text), self._manufacturer_roots())
        return {"status": "InvalidCertificate" if self._signing_problem else "Accepted"}

    def _manufacturer_roots(self) -> list[x509.Certificate]:
        return [r.certificate for r in self.trust_store.roots if r.certificate_type == MANUFACTURER_ROOT]

    async def downloads_signed_firmware(self, request: IncomingCall) -> tuple[Transfer, bool]:
        """SignedFirmwareStatusNotification Downloading, the real download of the request's
        location, Downloaded; a download that fails (or is empty) is reported DownloadFailed and
        fails the case. Returns the download and whether the request's signature verifies over
        the downloaded file with the request's signingCertificate."""
        firmware: dict[str, Any] = request.payload["firmware"]
        location = str(firmware["location"])
        await self.signed_status("Downloading", request)
        got = await self.download_firmware(location)
        if not got.ok or got.size == 0:
            await self.signed_status("DownloadFailed", request)
            why = got.error if not got.ok else "the file is empty"
            raise Fail(f"the charge point could not download the firmware from {got.url}: {why}")
        await self.signed_status("Downloaded", request)
        certificate, _ = signing_certificate_problem(str(firmware["signingCertificate"]), self._manufacturer_roots())
        valid = certificate is not None and firmware_signature_valid(certificate, got.content, str(firmware["signature"]))
        self.trace.note(f"the signature of {shown_url(location)} {'verifies' if valid else 'does not verify'}")
        return got, valid

    async def installs_signed_firmware(self, request: IncomingCall) -> None:
        """After SignatureVerified: StatusNotification Unavailable for every connector,
        Installing, InstallRebooting, the reboot (Booted again), Installed and the security event
        FirmwareUpdated, each answered by the CSMS."""
        await self.signed_status("SignatureVerified", request)
        self.step("StatusNotification Unavailable for every connector: the firmware is installed")
        for connector in range(self.pics.capabilities.connectors + 1):
            await self.status(connector, "Unavailable")
        await self.signed_status("Installing", request)
        await self.signed_status("InstallRebooting", request)
        await self.reboot()
        await self.signed_status("Installed", request)
        await self.security_event("FirmwareUpdated")
