"""Firmware Management profile: UpdateFirmware (OCPP 1.6 section 5.19) downloads, installs and
reboots, reporting FirmwareStatusNotification (4.5); GetDiagnostics (5.9) uploads a report,
reporting DiagnosticsStatusNotification (4.4). Both run as product tasks, which outlive the
reboot they may cause. The ``firmware_install_failure`` switch makes the next install fail. Each
attempt of a transfer, a retry too, reports Downloading or Uploading again, as real charge points
do.

Planted faults served here: ``diagnostics_not_uploaded``,
``diagnostics_upload_failure_reported_uploaded``, ``diagnostics_uploading_unreported``,
``firmware_download_failure_unreported``,
``firmware_install_failure_reported_installed``, ``firmware_installed_before_reboot``,
``firmware_no_installing_status``, ``firmware_not_downloaded``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime
from typing import Any

from ocpp.v16 import call
from ocpp.v16.enums import DiagnosticsStatus, FirmwareStatus

from octt_py.reference.charge_point import transfer
from octt_py.reference.charge_point.base import _flag
from octt_py.reference.charge_point.clock import now
from octt_py.reference.charge_point.connection import ConnectionBehaviour
from octt_py.reference.charge_point.outbox import Message

LOG = logging.getLogger(__name__)

INSTALL_TIME = 0.2


class FirmwareBehaviour(ConnectionBehaviour):
    """Firmware update and diagnostics upload (Firmware Management profile)."""

    def _act_firmware_install_failure(self, enabled: bool = True) -> dict[str, Any]:
        self.firmware_install_failure = _flag(enabled)
        return {}

    def update_firmware(self, location: str, retrieve_at: datetime, retries: int,
                        retry_interval: int) -> None:
        if self._firmware_task is not None:
            self._firmware_task.cancel()
        self._firmware_task = self._spawn(
            self._update_firmware(location, retrieve_at, retries, retry_interval))

    def get_diagnostics(self, location: str, file_name: str, retries: int,
                        retry_interval: int) -> None:
        self._spawn(self._upload_diagnostics(location, file_name, retries, retry_interval))

    # -- firmware and diagnostics ------------------------------------------------------------------

    async def _notify(self, build: Any) -> None:
        """Deliver a firmware/diagnostics status notification, waiting for the link if needed."""
        while True:
            await self._wait_online()
            name = type(build()).__name__
            if await self.outbox.request(Message(name, build)) is not None:
                return

    async def _firmware(self, status: FirmwareStatus) -> None:
        self._firmware_status = status
        await self._notify(lambda: call.FirmwareStatusNotification(status))

    async def _update_firmware(self, location: str, retrieve_at: datetime, retries: int,
                               retry_interval: int) -> None:
        await asyncio.sleep(max(0.0, (retrieve_at - now()).total_seconds()))
        image = b"" if "firmware_not_downloaded" in self.faults else None
        if image is not None:
            await self._firmware(FirmwareStatus.downloading)
        for attempt in range(0 if image is not None else retries + 1):
            await self._firmware(FirmwareStatus.downloading)  # every attempt, a retry too
            try:
                image = await asyncio.to_thread(transfer.download, location)
                break
            except transfer.TransferError as exc:
                LOG.info("%s", exc)
                if attempt < retries:
                    await asyncio.sleep(retry_interval)
        if image is None:
            if "firmware_download_failure_unreported" not in self.faults:
                await self._firmware(FirmwareStatus.download_failed)
            self._firmware_status = FirmwareStatus.idle
            return
        await self._firmware(FirmwareStatus.downloaded)
        while self.model.transactions():  # install only when no transaction runs
            await asyncio.sleep(0.2)
        self.model.installing = True
        self.refresh_status()
        if "firmware_no_installing_status" in self.faults:
            self._firmware_status = FirmwareStatus.installing
        else:
            await self._firmware(FirmwareStatus.installing)
        failed = self.firmware_install_failure
        await asyncio.sleep(INSTALL_TIME)
        if not failed:
            name = location.rstrip("/").rsplit("/", 1)[-1] or "firmware"
            self.model.nv.firmware_version = name[:50]
        reported_failed = failed and "firmware_install_failure_reported_installed" not in self.faults
        final = FirmwareStatus.installation_failed if reported_failed else FirmwareStatus.installed
        early = "firmware_installed_before_reboot" in self.faults
        if early:
            await self._firmware(final)
        await self._restart()
        if not early:
            await self._firmware(final)
        self._firmware_status = FirmwareStatus.idle

    async def _diagnostics(self, status: DiagnosticsStatus) -> None:
        self._diagnostics_status = status
        await self._notify(lambda: call.DiagnosticsStatusNotification(status))

    async def _upload_diagnostics(self, location: str, file_name: str, retries: int,
                                  retry_interval: int) -> None:
        report = json.dumps(self.state(), indent=2, default=str).encode()
        uploaded = "diagnostics_not_uploaded" in self.faults
        reports_progress = "diagnostics_uploading_unreported" not in self.faults
        if uploaded:
            await self._diagnostics(DiagnosticsStatus.uploading)
        for attempt in range(0 if uploaded else retries + 1):
            if reports_progress:
                await self._diagnostics(DiagnosticsStatus.uploading)  # every attempt, a retry too
            try:
                await asyncio.to_thread(transfer.upload, location, file_name, report)
                uploaded = True
                break
            except transfer.TransferError as exc:
                LOG.info("%s", exc)
                if attempt < retries:
                    await asyncio.sleep(retry_interval)
        reported = uploaded or "diagnostics_upload_failure_reported_uploaded" in self.faults
        await self._diagnostics(DiagnosticsStatus.uploaded if reported
                                else DiagnosticsStatus.upload_failed)
        self._diagnostics_status = DiagnosticsStatus.idle
