"""Firmware Management profile for the fake CSMS: TC_044_x (firmware) and TC_045_x (diagnostics).

The harness's file server, UpdateFirmware and GetDiagnostics, and the status notifications and
transfers that must follow them. Separate from ``core`` because it is its own OCPP feature
profile.
"""

from __future__ import annotations

import contextlib
import posixpath
import ssl
import time
from collections.abc import AsyncIterator
from typing import Any

from octt_py.files import (
    DOWNLOAD,
    UPLOAD,
    FileServerError,
    FileServers,
    Transfer,
    shown_url,
    unreachable_url,
)
from octt_py.pics import Pics
from octt_py.roles.common import now_rfc3339
from octt_py.roles.csms.core import CsmsCore
from octt_py.session import IncomingCall, match
from octt_py.verdict import Fail, Inconclusive, NotApplicable


class FirmwareSteps(CsmsCore):
    # -- firmware and diagnostics (OCTT TC_044_x, TC_045_x) ----------------------------------

    @staticmethod
    def file_schemes(pics: Pics, *, served: bool = True) -> list[str]:
        """The URL schemes of the PICS (capabilities.firmware_url_schemes) the harness can use.
        ``served``: those it can serve files on: http, ftp, and https when the PICS gives the
        harness's TLS certificate and key (connection.tls_cert_file, tls_key_file). Otherwise:
        those it can write a location for where nothing listens (http, https, ftp)."""
        connection = pics.connection
        tls = bool(connection.tls_cert_file and connection.tls_key_file)
        usable = ("http", "https", "ftp") if tls or not served else ("http", "ftp")
        return [s for s in pics.capabilities.firmware_url_schemes if s in usable]

    def file_scheme(self, prefer: str, *, served: bool = True) -> str:
        """``prefer`` when the PICS declares it and the harness can use it (``file_schemes``),
        else the first scheme that is; the case's ``needs`` makes sure there is one."""
        usable = self.file_schemes(self.pics, served=served)
        if not usable:
            declared = ", ".join(self.pics.capabilities.firmware_url_schemes)
            raise NotApplicable(f"the PICS declares firmware_url_schemes {declared}; the harness cannot serve any")
        return prefer if prefer in usable else usable[0]

    @contextlib.asynccontextmanager
    async def serving_files(self, scheme: str) -> AsyncIterator[FileServers]:
        """The harness's file server for the block: ``scheme`` (http, https or ftp) on the PICS
        connection.listen_host, serving a generated firmware image under /firmware/ and taking
        uploads under /upload/ (``octt_py.files``). It is stopped after the block whatever
        happened: nothing is left listening. A server that cannot start (port, certificate)
        leaves the case inconclusive: that proves nothing about the charge point."""
        connection = self.pics.connection
        files: FileServers | None = None
        try:
            tls = None
            if scheme == "https":
                tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                tls.load_cert_chain(connection.tls_cert_file, connection.tls_key_file)
            files = FileServers(schemes=(scheme,), host=connection.listen_host, tls=tls)
            await files.start()
        except (FileServerError, OSError) as exc:
            if files is not None:
                await files.close()
            raise Inconclusive(f"the harness could not serve files over {scheme}: {exc}") from None
        self.trace.note(f"file server up: {shown_url(files.url_for(scheme, '/'))}")
        try:
            yield files
        finally:
            await files.close()
            for transfer in files.transfers:
                self.trace.note(f"file server saw: {transfer.describe()}")
            self.trace.note("file server stopped")

    def unreachable_location(self, scheme: str, path: str) -> str:
        """A ``scheme`` location on the PICS listen_host where nothing listens (a port just
        released), so a transfer there fails at once. For a wildcard listen_host the URL names
        127.0.0.1: on a charge point elsewhere that is its own loopback, as unreachable."""
        host = self.pics.connection.listen_host
        return unreachable_url(scheme, host="127.0.0.1" if host in ("", "0.0.0.0", "::") else host, path=path)

    async def update_firmware(self, location: str, **extra: Any) -> None:
        """UpdateFirmware for ``location`` with retrieveDate now (and ``extra``: retries,
        retryInterval), answered with an UpdateFirmware.conf (which has no fields)."""
        self.step(f"UpdateFirmware, location {shown_url(location)}, retrieveDate now")
        payload = {"location": location, "retrieveDate": now_rfc3339(), **extra}
        _ = (await self.cp.call("UpdateFirmware", payload)).payload

    async def get_diagnostics(self, location: str, **extra: Any) -> str | None:
        """GetDiagnostics for ``location`` (and ``extra``: retries, retryInterval); returns the
        fileName answered, None when the charge point has no diagnostics file (§5.9)."""
        self.step(f"GetDiagnostics, location {shown_url(location)}")
        reply = (await self.cp.call("GetDiagnostics", {"location": location, **extra})).payload
        return str(reply["fileName"]) if reply.get("fileName") else None

    async def firmware_status(
        self, expected: str, *, after: str, timeout: float | None = None, repeats: str | None = None, why: str = ""
    ) -> IncomingCall:
        """The charge point's next FirmwareStatusNotification, which must report ``expected``
        (``after`` names what came before it, for the verdict); bounded by ``timeout``, by
        default the PICS triggered function timeout. See ``_next_status`` for ``repeats`` and
        ``why``."""
        return await self._next_status("FirmwareStatusNotification", expected, after, timeout, repeats, why)

    async def diagnostics_status(
        self, expected: str, *, after: str, timeout: float | None = None, repeats: str | None = None, why: str = ""
    ) -> IncomingCall:
        """The charge point's next DiagnosticsStatusNotification, which must report ``expected``."""
        return await self._next_status("DiagnosticsStatusNotification", expected, after, timeout, repeats, why)

    async def _next_status(
        self, action: str, expected: str, after: str, timeout: float | None, repeats: str | None, why: str
    ) -> IncomingCall:
        """The next ``action`` that is not a repeat, which must report ``expected``; one deadline
        for the whole wait. A repeat is the status ``repeats`` names (by default ``after``, when
        that is the previous status): a charge point may report Uploading or Downloading more
        than once while the transfer runs, or Installing again after the reboot, and nothing in
        OCPP 1.6 forbids it. ``why`` is the rule behind the order, added to the verdict."""
        limit = timeout if timeout is not None else self.timing.triggered_function_timeout
        deadline = time.monotonic() + limit
        repeat = after if repeats is None else repeats
        while True:
            got = await self.cp.expect(
                match(action, label=f"status {expected}"),
                timeout=max(deadline - time.monotonic(), 0.0), stated=limit,
            )
            status = got.payload.get("status")
            if status == expected:
                return got
            if status != repeat:
                raise Fail(f"after {after} the charge point sent {action} {status}; expected {expected}"
                           + (f" ({why})" if why else ""))
            self.trace.note(f"{action} {status} again: a repeat of the status before, which OCPP 1.6 allows")

    async def _transferred(self, files: FileServers, direction: str, what: str, since: IncomingCall) -> Transfer:
        """The next complete ``direction`` transfer on ``files``, within the PICS triggered
        function timeout of ``since`` (the Downloading / Uploading notification)."""
        limit = self.timing.triggered_function_timeout
        wait = files.wait_for_download if direction == DOWNLOAD else files.wait_for_upload
        try:
            got = await wait(since.remaining(limit))
        except TimeoutError:
            broken = [t for t in files.transfers if t.direction == direction and not t.ok]
            hint = f"; it broke off: {broken[-1].error}" if broken else ""
            raise Fail(
                f"the charge point did not {what} within {limit:g} s of "
                f"{since.action} {since.payload.get('status')}{hint}"
            ) from None
        self.trace.note(got.describe())
        return got

    async def firmware_downloaded(self, files: FileServers, scheme: str) -> IncomingCall:
        """UpdateFirmware with the firmware ``files`` serves over ``scheme`` (retrieveDate now);
        FirmwareStatusNotification Downloading; the charge point really downloads the whole
        image from the harness's server (sha256 as served) within the PICS triggered function
        timeout of Downloading; then FirmwareStatusNotification Downloaded, not before the
        download began. Returns the Downloaded notification."""
        location = files.firmware_url(scheme)
        shown = shown_url(location)
        await self.update_firmware(location)
        self.step("FirmwareStatusNotification Downloading")
        downloading = await self.firmware_status("Downloading", after="UpdateFirmware")
        self.step(f"The charge point downloads the firmware from {shown}")
        got = await self._transferred(files, DOWNLOAD, f"download the firmware from {shown}", downloading)
        if got.path != files.firmware_path or got.sha256 != files.firmware_sha256:
            raise Fail(
                f"the charge point downloaded {got.path} ({got.size} bytes, sha256 {got.sha256[:12]}…), not the "
                f"firmware image at {shown} ({len(files.firmware)} bytes, sha256 {files.firmware_sha256[:12]}…)"
            )
        self.step("FirmwareStatusNotification Downloaded")
        downloaded = await self.firmware_status("Downloaded", after="Downloading")
        if downloaded.at_ns < got.started * 1e9:
            raise Fail(f"the charge point reported Downloaded before it began to download the firmware from {shown}")
        return downloaded

    async def firmware_installed(self, outcome: str) -> None:
        """After Downloaded: FirmwareStatusNotification Installing, before the reboot; the charge
        point reboots: BootNotification (answered Accepted, within the PICS reboot timeout) and
        StatusNotification Available for every connector; then FirmwareStatusNotification
        ``outcome`` (Installed; InstallationFailed in TC_044_3), after the reboot.

        Connectors Unavailable during the installation are allowed, not required: the official
        TC_044_1 and TC_044_3 tables say the charge point "MAY set all connectors to
        Unavailable" before downloading, and OCPP 1.6 §5.19 does not ask for it either."""
        self.step("FirmwareStatusNotification Installing (connectors Unavailable allowed, not required)")
        installing = await self.firmware_status("Installing", after="Downloaded")
        self.step("The charge point reboots to install the firmware: BootNotification, Accepted")
        boot = await self.cp.expect("BootNotification", timeout=self.timing.reboot_timeout)
        await self.booted()
        if installing.at_ns > boot.at_ns:
            raise Fail("FirmwareStatusNotification Installing came after the reboot; it must come before the reboot")
        self.step("StatusNotification Available for every connector after the reboot")
        for connector, status in (await self.statuses_after(boot)).items():
            if status != "Available":
                raise Fail(f"after the firmware reboot connector {connector} reports {status}, not Available")
        self.step(f"FirmwareStatusNotification {outcome}")
        final = await self.firmware_status(outcome, after="the reboot", repeats="Installing")
        if final.at_ns < boot.at_ns:
            raise Fail(f"FirmwareStatusNotification {outcome} came before the reboot; it must come after it")

    async def diagnostics_uploaded(self, files: FileServers, scheme: str) -> Transfer:
        """GetDiagnostics with the upload folder ``files`` serves over ``scheme``, answered with
        a fileName; DiagnosticsStatusNotification Uploading; the charge point really uploads a
        non-empty file of that name to the harness's server within the PICS triggered function
        timeout of Uploading; then DiagnosticsStatusNotification Uploaded, not before the upload
        began. A charge point without a diagnostics file (no fileName) leaves the case
        inconclusive: it has nothing to upload. Returns the upload."""
        location = files.upload_url(scheme)
        shown = shown_url(location)
        file_name = await self.get_diagnostics(location)
        if file_name is None:
            raise Inconclusive("the charge point answered GetDiagnostics without a fileName: it has no diagnostics to upload")
        self.step("DiagnosticsStatusNotification Uploading")
        uploading = await self.diagnostics_status("Uploading", after="GetDiagnostics")
        self.step(f"The charge point uploads {file_name} to {shown}")
        got = await self._transferred(files, UPLOAD, f"upload its diagnostics to {shown}", uploading)
        if posixpath.basename(got.path) != posixpath.basename(file_name):
            raise Fail(f"the charge point uploaded {got.path}; its GetDiagnostics.conf named the file {file_name}")
        if got.size == 0:
            raise Fail(f"the diagnostics file the charge point uploaded to {shown} is empty")
        self.step("DiagnosticsStatusNotification Uploaded")
        uploaded = await self.diagnostics_status("Uploaded", after="Uploading")
        if uploaded.at_ns < got.started * 1e9:
            raise Fail(f"the charge point reported Uploaded before it began to upload its diagnostics to {shown}")
        return got
