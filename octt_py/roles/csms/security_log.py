"""Security white paper, the security log for the fake CSMS: GetLog SecurityLog, the upload to the
harness's own file server and LogStatusNotification (TC_079_CS).

The file server is the one of the Firmware Management cases (``FirmwareSteps.serving_files``):
the upload is judged where it lands, not by what the charge point reports.
"""

from __future__ import annotations

import posixpath
import secrets
import time

from octt_py.files import UPLOAD, FileServers, Transfer, shown_url
from octt_py.roles.csms.firmware import FirmwareSteps
from octt_py.session import IncomingCall, match
from octt_py.verdict import Fail


class SecurityLogSteps(FirmwareSteps):
    async def security_log_uploaded(self, files: FileServers, scheme: str) -> Transfer:
        """TC_079_CS: GetLog SecurityLog with the upload folder ``files`` serves over ``scheme``
        and a fresh requestId, answered Accepted; LogStatusNotification Uploading with that
        requestId; the charge point really uploads a non-empty log file (named as in the
        GetLog.conf, when it names one) within the PICS triggered function timeout of
        Uploading; then LogStatusNotification Uploaded with that requestId, not before the
        upload began. Returns the upload."""
        location = files.upload_url(scheme)
        shown = shown_url(location)
        request_id = secrets.randbelow(900_000) + 100_000  # never the 1, 2 ... of a charge point's own counter
        self.step(f"1. GetLog logType SecurityLog, requestId {request_id}, log.remoteLocation {shown}")
        reply = (await self.cp.call("GetLog", {
            "logType": "SecurityLog", "requestId": request_id, "log": {"remoteLocation": location},
        })).payload
        self.step("2. GetLog answered Accepted")
        if reply["status"] != "Accepted":
            raise Fail(f"GetLog SecurityLog was answered {reply['status']}, not Accepted")
        file_name = reply.get("filename")
        self.step(f"3-4. LogStatusNotification Uploading, requestId {request_id}")
        uploading = await self.log_status("Uploading", request_id, after="GetLog")
        self.step(f"The charge point uploads its security log to {shown}")
        got = await self._transferred(files, UPLOAD, f"upload its security log to {shown}", uploading)
        if file_name and posixpath.basename(got.path) != posixpath.basename(str(file_name)):
            raise Fail(f"the charge point uploaded {got.path}; its GetLog.conf named the file {file_name}")
        if got.size == 0:
            raise Fail(f"the security log the charge point uploaded to {shown} is empty")
        self.step(f"5-6. LogStatusNotification Uploaded, requestId {request_id}")
        uploaded = await self.log_status("Uploaded", request_id, after="Uploading")
        if uploaded.at_ns < got.started * 1e9:
            raise Fail(f"the charge point reported Uploaded before it began to upload its security log to {shown}")
        return got

    async def log_status(self, expected: str, request_id: int, *, after: str) -> IncomingCall:
        """The next LogStatusNotification that is not a repeat of ``after``: it must report
        ``expected``, and every one, a repeat too, must carry ``request_id`` (the white paper:
        each LogStatusNotification of an upload has the GetLog's requestId). One deadline, the
        PICS triggered function timeout, for the whole wait."""
        limit = self.timing.triggered_function_timeout
        deadline = time.monotonic() + limit
        while True:
            got = await self.cp.expect(
                match("LogStatusNotification", label=f"status {expected}"),
                timeout=max(deadline - time.monotonic(), 0.0), stated=limit,
            )
            status, given = got.payload.get("status"), got.payload.get("requestId")
            if given != request_id:
                shown = "no requestId" if given is None else f"requestId {given}"
                raise Fail(f"LogStatusNotification {status} carries {shown}, not the GetLog's requestId {request_id}")
            if status == expected:
                return got
            if status != after:
                raise Fail(f"after {after} the charge point sent LogStatusNotification {status}; expected {expected}")
            self.trace.note(f"LogStatusNotification {status} again: a repeat of the status before")
