"""Security white paper (edition 4), signed firmware: SignedUpdateFirmware checks the signing
certificate against the installed ManufacturerRootCertificates before it answers (Accepted, or
InvalidCertificate with the security event InvalidFirmwareSigningCertificate), then downloads
the firmware, verifies its signature over the whole file (``octt_py.pki.firmware``) and reports
SignedFirmwareStatusNotification with the request's requestId: Downloading, Downloaded,
SignatureVerified, Installing, InstallRebooting, the reboot, Installed, and the security event
FirmwareUpdated; a signature that does not verify ends the update at InvalidSignature, with the
security event InvalidFirmwareSignature, and nothing is installed. A new request while one runs
cancels it (AcceptedCanceled). TC_080, TC_081.

Planted faults served here: ``invalid_firmware_signature_installed``,
``signature_verified_unreported``.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography import x509
from ocpp.v16 import call
from ocpp.v16.enums import FirmwareStatus

from octt_py.pki.firmware import firmware_signature_valid, signing_certificate_problem
from octt_py.pki.roots import MANUFACTURER_ROOT
from octt_py.reference.charge_point import transfer
from octt_py.reference.charge_point.certificate_store import CertificateStoreBehaviour
from octt_py.reference.charge_point.clock import format_time, now, parse_time
from octt_py.reference.charge_point.firmware import INSTALL_TIME
from octt_py.reference.charge_point.outbox import Message
from octt_py.reference.charge_point.security_log import SecurityLogBehaviour

if TYPE_CHECKING:
    from collections.abc import Callable

LOG = logging.getLogger(__name__)


class SignedFirmwareBehaviour(SecurityLogBehaviour, CertificateStoreBehaviour):
    """The signed firmware update of the white paper."""

    def signed_update_firmware(self, request_id: int, firmware: dict[str, Any],
                               retries: int, retry_interval: int) -> tuple[str, Callable[[], None]]:
        """The SignedUpdateFirmware.conf status and the effect that follows it."""
        roots = [e.certificate for e in self.root_store.of_type(MANUFACTURER_ROOT)]
        certificate, problem = signing_certificate_problem(firmware["signing_certificate"], roots)
        if problem or certificate is None:
            return "InvalidCertificate", lambda: self.security_event("InvalidFirmwareSigningCertificate", problem)
        running = self._firmware_task is not None and not self._firmware_task.done()

        def start() -> None:
            if self._firmware_task is not None:
                self._firmware_task.cancel()
            self._firmware_task = self._spawn(self._signed_update(
                request_id, firmware["location"], parse_time(firmware["retrieve_date_time"]),
                certificate, firmware["signature"], retries, retry_interval))

        return ("AcceptedCanceled" if running else "Accepted"), start

    def security_event(self, kind: str, tech_info: str = "") -> None:
        """A critical security event: logged, and notified (kept across a reboot until sent)."""
        self.log_security_event(kind, tech_info)
        at = format_time(now())
        self.outbox.put(Message("SecurityEventNotification", lambda: call.SecurityEventNotification(
            type=kind, timestamp=at, tech_info=tech_info[:255] or None), persistent=True))

    async def _signed(self, status: str, request_id: int) -> None:
        await self._notify(lambda: call.SignedFirmwareStatusNotification(
            status=FirmwareStatus(status), request_id=request_id))

    async def _signed_update(self, request_id: int, location: str, retrieve_at: datetime,
                             certificate: x509.Certificate, signature: str,
                             retries: int, retry_interval: int) -> None:
        await asyncio.sleep(max(0.0, (retrieve_at - now()).total_seconds()))
        image: bytes | None = None
        for attempt in range(retries + 1):
            await self._signed("Downloading", request_id)  # every attempt, a retry too
            try:
                image = await asyncio.to_thread(transfer.download, location)
                break
            except transfer.TransferError as exc:
                LOG.info("%s", exc)
                if attempt < retries:
                    await asyncio.sleep(retry_interval)
        if image is None:
            await self._signed("DownloadFailed", request_id)
            return
        await self._signed("Downloaded", request_id)
        if not firmware_signature_valid(certificate, image, signature):
            await self._signed("InvalidSignature", request_id)
            self.security_event("InvalidFirmwareSignature", f"signature of {location} does not verify"[:255])
            if "invalid_firmware_signature_installed" not in self.faults:
                return
        elif "signature_verified_unreported" not in self.faults:
            await self._signed("SignatureVerified", request_id)
        while self.model.transactions():  # install only when no transaction runs
            await asyncio.sleep(0.2)
        self.model.installing = True
        self.refresh_status()
        await self._signed("Installing", request_id)
        await asyncio.sleep(INSTALL_TIME)
        name = location.rstrip("/").rsplit("/", 1)[-1] or "firmware"
        self.model.nv.firmware_version = name[:50]
        await self._signed("InstallRebooting", request_id)
        await self._restart()
        await self._signed("Installed", request_id)
        self.security_event("FirmwareUpdated", f"firmware {name[:50]} installed")
