"""Firmware Management profile for the fake charge point: TC_044_x, TC_045_x.

FirmwareStatusNotification and DiagnosticsStatusNotification, UpdateFirmware and GetDiagnostics
as the CSMS sends them, and the real firmware download and diagnostics upload (http, https, ftp)
to the locations it names.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from octt_py import files
from octt_py.files import FileServers, Transfer, shown_url
from octt_py.roles.charge_point.core import ChargePointCore, _instant
from octt_py.roles.common import now_rfc3339
from octt_py.session import CallOutcome, IncomingCall, Payload
from octt_py.verdict import Fail, Inconclusive


class FirmwareSteps(ChargePointCore):
    _files: FileServers | None = None  # the harness's own file server, once offered
    _announced = False  # a crossing answer already sent the transfer's first status
    # -- firmware management and diagnostics (TC_044_x, TC_045_x) ----------------------------

    async def firmware_status(self, status: str) -> CallOutcome:
        """FirmwareStatusNotification ``status``, which the CSMS must answer with a CALLRESULT."""
        outcome = await self.csms.call("FirmwareStatusNotification", {"status": status})
        _ = outcome.payload  # a CALLERROR raises Fail
        return outcome

    async def diagnostics_status(self, status: str) -> CallOutcome:
        """DiagnosticsStatusNotification ``status``, which the CSMS must answer with a CALLRESULT."""
        outcome = await self.csms.call("DiagnosticsStatusNotification", {"status": status})
        _ = outcome.payload  # a CALLERROR raises Fail
        return outcome

    async def download_firmware(self, location: str) -> Transfer:
        """Really fetch ``location`` (http, https or ftp) with the harness's transfer client,
        bounded by the PICS triggered function timeout. Never raises for a failed transfer: the
        Transfer says what happened (``ok``, ``error``, ``size``, ``sha256``, ``content``)."""
        got = await files.download(location, timeout=self._transfer_timeout, tls=self._file_tls())
        self.trace.note(f"firmware {got.describe()}")
        return got

    async def upload_diagnostics(self, location: str, file_name: str, data: bytes | None = None) -> Transfer:
        """Really upload a diagnostics file (``data``, else a generated log) as
        ``<location>/<file_name>`` (HTTP PUT or FTP STOR). Never raises for a failed transfer."""
        content = data if data is not None else self._diagnostics_log()
        sent = await files.upload(
            location, file_name, content, timeout=self._transfer_timeout, tls=self._file_tls()
        )
        self.trace.note(f"diagnostics {sent.describe()}")
        return sent

    async def firmware_update_requested(self, location: str | None = None) -> IncomingCall:
        """[Make the CSMS send UpdateFirmware]: the request, answered, once its retrieveDate has
        come. With ``location`` the request must carry it; without, the operator is offered a
        firmware image on the harness's own file server, for a CSMS that hosts none (any
        location that really downloads will do). A location the harness cannot use (a scheme
        the PICS does not declare) or a retrieveDate further ahead than the triggered function
        timeout leaves the case inconclusive: neither proves anything about the CSMS.

        In a crossing case the charge point reports Downloading before it answers (``cross``)."""
        offered = location or (await self._file_servers()).firmware_url(self._hosting_scheme())
        self._announced = self.cross("UpdateFirmware", "FirmwareStatusNotification", {"status": "Downloading"})
        request = await self.csms_sends("UpdateFirmware", location=offered, retrieveDate=now_rfc3339())
        got = str(request.payload["location"])
        if location is not None and got != location:
            raise Fail(
                f"UpdateFirmware location is {shown_url(got)}; the operator asked for "
                f"{shown_url(location)}"
            )
        location = got
        self._usable_location("UpdateFirmware", location)
        await self.answered(request)
        await self.retrieve_time(request.action, "retrieveDate", str(request.payload["retrieveDate"]))
        return request

    async def retrieve_time(self, action: str, field: str, at: str) -> None:
        """Wait until ``at``, the request's ``field`` (retrieveDate, retrieveDateTime); one
        further ahead than the triggered function timeout leaves the case inconclusive."""
        retrieve = _instant(at)
        delay = (retrieve - datetime.now(UTC)).total_seconds() if retrieve else 0.0
        if delay > self.timing.triggered_function_timeout:
            raise Inconclusive(
                f"{action} {field} is {delay:.0f} s ahead; make the CSMS ask for the "
                "update now (the case waits at most the triggered function timeout)"
            )
        if delay > 0:
            self.step(f"Waiting {delay:.1f} s for the {field} {at}")
            await asyncio.sleep(delay)

    async def downloads_firmware(self, request: IncomingCall) -> Transfer:
        """FirmwareStatusNotification Downloading, the real download of the request's location,
        then Downloaded; a download that fails (or is empty) is reported DownloadFailed and fails
        the case: the CSMS pointed at firmware a charge point cannot fetch."""
        location = str(request.payload["location"])
        self.step(f"FirmwareStatusNotification Downloading; the charge point fetches {shown_url(location)}")
        await self._announce(self.firmware_status, "Downloading")
        got = await self.download_firmware(location)
        if not got.ok or got.size == 0:
            why = got.error if not got.ok else "the file is empty"
            self.step("FirmwareStatusNotification DownloadFailed")
            await self.firmware_status("DownloadFailed")
            raise Fail(f"the charge point could not download the firmware from {got.url}: {why}")
        self.step(f"FirmwareStatusNotification Downloaded ({got.size} bytes, sha256 {got.sha256[:16]}…)")
        await self.firmware_status("Downloaded")
        return got

    async def download_fails(self, request: IncomingCall) -> Transfer:
        """FirmwareStatusNotification Downloading, a download attempt that really fails (the
        location is unreachable), then DownloadFailed."""
        location = str(request.payload["location"])
        self.step(f"FirmwareStatusNotification Downloading; the charge point tries {shown_url(location)}")
        await self._announce(self.firmware_status, "Downloading")
        got = await self.download_firmware(location)
        if got.ok:
            raise Inconclusive(f"the download from {got.url} was meant to fail and did not")
        self.step(f"FirmwareStatusNotification DownloadFailed ({got.error})")
        await self.firmware_status("DownloadFailed")
        return got

    async def installs_firmware(self, outcome: str = "Installed") -> Payload:
        """After Downloaded: StatusNotification Unavailable for connector 0 and every connector,
        FirmwareStatusNotification Installing, a restart (Booted again: BootNotification
        Accepted, Available everywhere), then FirmwareStatusNotification ``outcome``
        (Installed, or InstallationFailed for TC_044_3). Returns the BootNotification answer."""
        self.step("StatusNotification Unavailable for every connector: the firmware is installed")
        for connector in range(self.pics.capabilities.connectors + 1):
            await self.status(connector, "Unavailable")
        self.step("FirmwareStatusNotification Installing")
        await self.firmware_status("Installing")
        booted = await self.reboot()
        self.step(f"FirmwareStatusNotification {outcome}")
        await self.firmware_status(outcome)
        return booted

    async def diagnostics_requested(self, location: str | None = None) -> IncomingCall:
        """[Make the CSMS send GetDiagnostics]: the request, answered with the file name the
        charge point will upload. With ``location`` the request must carry it; without, the
        operator is offered the upload folder of the harness's own file server, for a CSMS that
        takes no uploads itself (any location that really takes the upload will do). In a
        crossing case the charge point reports Uploading before it answers (``cross``)."""
        offered = location or (await self._file_servers()).upload_url(self._hosting_scheme())
        self._announced = self.cross("GetDiagnostics", "DiagnosticsStatusNotification", {"status": "Uploading"})
        request = await self.csms_sends("GetDiagnostics", location=offered)
        got = str(request.payload["location"])
        if location is not None and got != location:
            raise Fail(
                f"GetDiagnostics location is {shown_url(got)}; the operator asked for "
                f"{shown_url(location)}"
            )
        location = got
        self._usable_location("GetDiagnostics", location)
        await self.answered(request)
        return request

    async def uploads_diagnostics(self, request: IncomingCall) -> Transfer:
        """DiagnosticsStatusNotification Uploading, the real upload of a diagnostics file to the
        request's location, then Uploaded; an upload the location refuses is reported
        UploadFailed and fails the case: the CSMS named a location that takes no upload."""
        location, file_name = str(request.payload["location"]), self._diagnostics_file_name(request)
        self.step(f"DiagnosticsStatusNotification Uploading; the charge point uploads {file_name} to {shown_url(location)}")
        await self._announce(self.diagnostics_status, "Uploading")
        sent = await self.upload_diagnostics(location, file_name)
        if not sent.ok:
            self.step("DiagnosticsStatusNotification UploadFailed")
            await self.diagnostics_status("UploadFailed")
            raise Fail(f"the charge point could not upload its diagnostics to {sent.url}: {sent.error}")
        self.step(f"DiagnosticsStatusNotification Uploaded ({sent.size} bytes, sha256 {sent.sha256[:16]}…)")
        await self.diagnostics_status("Uploaded")
        return sent

    async def upload_fails(self, request: IncomingCall) -> Transfer:
        """DiagnosticsStatusNotification Uploading, an upload attempt that really fails (the
        location is unreachable), then UploadFailed."""
        location, file_name = str(request.payload["location"]), self._diagnostics_file_name(request)
        self.step(f"DiagnosticsStatusNotification Uploading; the charge point tries {shown_url(location)}")
        await self._announce(self.diagnostics_status, "Uploading")
        sent = await self.upload_diagnostics(location, file_name)
        if sent.ok:
            raise Inconclusive(f"the upload to {sent.url} was meant to fail and did not")
        self.step(f"DiagnosticsStatusNotification UploadFailed ({sent.error})")
        await self.diagnostics_status("UploadFailed")
        return sent

    async def close(self) -> None:
        await super().close()
        if self._files is not None:
            await self._files.close()
            self._files = None

    async def _file_servers(self) -> FileServers:
        """The harness's own firmware and upload server, started when first offered and kept
        until the harness closes (a CSMS may keep a location and use it again)."""
        if self._files is None:
            files = FileServers(schemes=(self._hosting_scheme(),))
            await files.start()
            self._files = files
        return self._files

    def _hosting_scheme(self) -> str:
        """http when the PICS declares it (its URLs carry no credentials), else ftp."""
        declared = self.pics.capabilities.firmware_url_schemes
        for scheme in ("http", "ftp"):
            if scheme in declared:
                return scheme
        raise Inconclusive(
            f"the harness hosts firmware and takes uploads over http or ftp; the PICS declares "
            f"only {', '.join(declared)} (capabilities.firmware_url_schemes), so the CSMS must "
            "name its own location: add http or ftp to the PICS to use the harness's"
        )

    async def _announce(self, notify: Callable[[str], Awaitable[CallOutcome]], status: str) -> None:
        """The first status of a transfer, unless the crossing answer already sent it."""
        if not self._announced:
            await notify(status)
        self._announced = False

    @property
    def file_scheme(self) -> str:
        """The first URL scheme of the PICS (firmware_url_schemes) the harness can transfer with."""
        usable = [s for s in self.pics.capabilities.firmware_url_schemes if s in files.CLIENT_SCHEMES]
        return usable[0] if usable else "http"

    @property
    def _transfer_timeout(self) -> float:
        return self.timing.triggered_function_timeout

    def _file_tls(self) -> ssl.SSLContext | None:
        """For https locations: trust the PICS CA file when there is one, else the system CAs."""
        ca_file = self.pics.connection.tls_ca_file
        return ssl.create_default_context(cafile=ca_file) if ca_file else None

    def _usable_location(self, action: str, location: str) -> None:
        scheme = urlsplit(location).scheme
        declared = self.pics.capabilities.firmware_url_schemes
        if scheme not in declared or scheme not in files.CLIENT_SCHEMES:
            raise Inconclusive(
                f"{action} location {shown_url(location)} uses {scheme}://; the PICS declares "
                f"{', '.join(declared)} and the harness transfers over "
                f"{', '.join(files.CLIENT_SCHEMES)}: give the CSMS a location it can use"
            )

    @staticmethod
    def _diagnostics_file_name(request: IncomingCall) -> str:
        reply = getattr(request.reply, "payload", None) or {}
        return str(reply.get("fileName") or "diagnostics.log")

    def _diagnostics_log(self) -> bytes:
        now = now_rfc3339()
        identity, connectors = self.pics.identity, self.pics.capabilities.connectors
        lines = [
            f"{now} octt-py emulated charge point {self.charge_point_id}",
            f"{now} vendor={identity.vendor} model={identity.model}",
            f"{now} firmware={identity.software_version or '-'} connectors={connectors}",
            f"{now} open transactions={len(self.transactions)}",
        ]
        return ("\n".join(lines) + "\n").encode()
