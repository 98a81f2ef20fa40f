"""Security white paper, the charge point's security log: GetLog SecurityLog uploads it to the
remoteLocation, reporting LogStatusNotification Uploading, then Uploaded or UploadFailure, each
with the GetLog's requestId (TC_079).

The log is kept across reboots and records what the white paper lists as security events:
every power-up, a reboot too (StartupOfTheDevice), and a change of the security
configuration (ReconfigurationOfSecurityParameters), one line each: timestamp, type, techInfo.
A GetLog while an upload runs cancels that one (AcceptedCanceled). The file goes to
``<remoteLocation>/<filename>``, as diagnostics do (OCPP 1.6 section 5.9).

Planted faults served here: ``security_log_empty``, ``log_status_wrong_request_id``,
``security_event_vendor_types``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from ocpp.v16 import call

from octt_py.reference.charge_point import transfer
from octt_py.reference.charge_point.clock import format_time, now
from octt_py.reference.charge_point.firmware import FirmwareBehaviour
from octt_py.reference.charge_point.outbox import Message
from octt_py.reference.charge_point.transfer import TransferError

LOG = logging.getLogger(__name__)

SECURITY_KEYS_LOGGED = ("SecurityProfile", "AuthorizationKey")


class SecurityLogBehaviour(FirmwareBehaviour):
    """The security log and its upload on GetLog."""

    _security_log: list[str] | None = None  # one line per security event, kept across reboots
    _log_upload: asyncio.Task[Any] | None = None
    _log_uploads = 0  # uploads started, the charge point's own counter

    def log_security_event(self, event: str, tech_info: str = "") -> None:
        if self._security_log is None:
            self._security_log = []
        self._security_log.append(f"{format_time(now())} {event} {tech_info}".rstrip())

    def _power_on(self) -> None:
        if not self._power_tasks:
            self.log_security_event("StartupOfTheDevice")
        super()._power_on()

    def credentials_changed(self, key: str) -> None:
        """A change of the security configuration is logged; it is not a critical event, so it
        is not notified (planted fault: notified with a type of its own)."""
        if key in SECURITY_KEYS_LOGGED:
            self.log_security_event("ReconfigurationOfSecurityParameters", key)
            if "security_event_vendor_types" in self.faults:
                event = f"{key}Changed"
                self.outbox.put(Message("SecurityEventNotification", lambda: call.SecurityEventNotification(
                    type=event, timestamp=format_time(now()), tech_info=None), persistent=True))
        super().credentials_changed(key)

    def get_log(self, log_type: str) -> tuple[str, str | None]:
        """The GetLog.conf status and filename; the upload starts once it is answered
        (``start_log_upload``). Only the security log is kept: a DiagnosticsLog is Rejected."""
        if log_type != "SecurityLog":
            return "Rejected", None
        status = "AcceptedCanceled" if self._log_upload is not None and not self._log_upload.done() else "Accepted"
        stamp = now().strftime("%Y%m%dT%H%M%SZ")
        return status, f"security-{self.charge_point_id}-{stamp}.log"

    def start_log_upload(self, request_id: int, remote_location: str, file_name: str, retries: int,
                         retry_interval: int) -> None:
        if self._log_upload is not None:
            self._log_upload.cancel()
        self._log_upload = self._spawn(
            self._upload_log(request_id, remote_location, file_name, retries, retry_interval))

    async def _log_status(self, status: str, request_id: int) -> None:
        await self._notify(lambda: call.LogStatusNotification(status=status, request_id=request_id))

    async def _upload_log(self, request_id: int, location: str, file_name: str, retries: int,
                          retry_interval: int) -> None:
        self._log_uploads += 1
        if "log_status_wrong_request_id" in self.faults:
            request_id = self._log_uploads
        lines = [] if "security_log_empty" in self.faults else list(self._security_log or [])
        content = "".join(line + "\n" for line in lines).encode()
        uploaded = False
        for attempt in range(retries + 1):
            await self._log_status("Uploading", request_id)  # every attempt, a retry too
            try:
                await asyncio.to_thread(transfer.upload, location, file_name, content)
                uploaded = True
                break
            except TransferError as exc:
                LOG.info("%s", exc)
                if attempt < retries:
                    await asyncio.sleep(retry_interval)
        await self._log_status("Uploaded" if uploaded else "UploadFailure", request_id)
