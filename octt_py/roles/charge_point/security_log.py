"""Security white paper, the security log for the fake charge point: GetLog as the CSMS sends it,
the real upload of a security log to the location it names and LogStatusNotification with the
GetLog's requestId (TC_079_CSMS).

The harness's own file server (``FirmwareSteps._file_servers``) is offered to the operator, for
a CSMS that takes no uploads itself; any location that really takes the upload will do.
"""

from __future__ import annotations

from octt_py import files
from octt_py.files import Transfer, shown_url
from octt_py.roles.charge_point.firmware import FirmwareSteps
from octt_py.roles.common import now_rfc3339
from octt_py.session import CallOutcome, IncomingCall
from octt_py.verdict import Fail

LOG_FILE_NAME = "security.log"


class SecurityLogSteps(FirmwareSteps):
    async def security_log_requested(self) -> IncomingCall:
        """[Make the CSMS ask for the security log]: GetLog, which must have logType
        SecurityLog and a location the harness can upload to; answered Accepted with the name
        of the file the charge point will upload."""
        offered = (await self._file_servers()).upload_url(self._hosting_scheme())
        self.csms.respond("GetLog", {"status": "Accepted", "filename": LOG_FILE_NAME}, once=True)
        request = await self.csms_sends(
            "GetLog", logType="SecurityLog", requestId=self.next_id(), log={"remoteLocation": offered},
        )
        log_type = request.payload["logType"]
        if log_type != "SecurityLog":
            raise Fail(f"GetLog asks for logType {log_type}, not SecurityLog")
        self._usable_location("GetLog", str(request.payload["log"]["remoteLocation"]))
        await self.answered(request)
        return request

    async def log_status(self, status: str, request_id: int) -> CallOutcome:
        """LogStatusNotification ``status`` for ``request_id``, which the CSMS must answer with a
        CALLRESULT."""
        outcome = await self.csms.call("LogStatusNotification", {"status": status, "requestId": request_id})
        _ = outcome.payload  # a CALLERROR raises Fail
        return outcome

    async def uploads_security_log(self, request: IncomingCall) -> Transfer:
        """LogStatusNotification Uploading, the real upload of a security log to the request's
        remoteLocation (``<remoteLocation>/security.log``), then Uploaded; an upload the
        location refuses is reported UploadFailure and fails the case."""
        location, request_id = str(request.payload["log"]["remoteLocation"]), int(request.payload["requestId"])
        shown = shown_url(location)
        self.step(f"3-4. LogStatusNotification Uploading, requestId {request_id}; the charge point uploads to {shown}")
        await self.log_status("Uploading", request_id)
        sent = await files.upload(location, LOG_FILE_NAME, self._security_log(), timeout=self._transfer_timeout,
                                  tls=self._file_tls())
        self.trace.note(f"security log {sent.describe()}")
        if not sent.ok:
            self.step("LogStatusNotification UploadFailure")
            await self.log_status("UploadFailure", request_id)
            raise Fail(f"the charge point could not upload its security log to {sent.url}: {sent.error}")
        self.step(f"5-6. LogStatusNotification Uploaded, requestId {request_id}")
        await self.log_status("Uploaded", request_id)
        return sent

    def _security_log(self) -> bytes:
        """A security log of the white paper's events: this connection's start-up."""
        return f"{now_rfc3339()} StartupOfTheDevice octt-py emulated charge point {self.charge_point_id}\n".encode()
