"""Real file transfers for the firmware and diagnostics cases (TC_044_x, TC_045_x).

A firmware update or a diagnostics upload is only proven when a file really moves. This package
has both ends, over HTTP(S) and FTP, and records every transfer (path, size, sha256, the other
side's address, start and end on the monotonic clock the traces use).

Serving (the harness plays the CSMS; also the reference CSMS's own file hosting)::

    from octt_py.files import FileServers

    async with FileServers(schemes=pics.capabilities.firmware_url_schemes) as files:
        location = files.firmware_url("ftp")        # ftp://octt:<pw>@127.0.0.1:<port>/firmware/octt-firmware.bin
        await cp.call("UpdateFirmware", {"location": location, "retrieveDate": now})
        got = await files.wait_for_download(timeout, path=files.firmware_path)
        assert got.sha256 == files.firmware_sha256  # the DUT fetched the whole image

        await cp.call("GetDiagnostics", {"location": files.upload_url("http")})
        diagnostics = await files.wait_for_upload(timeout)     # PUT/POST/STOR under /upload/
        assert diagnostics.size > 0, diagnostics.content

    # leaving the block (or ``await files.close()``) stops every server: nothing stays listening

- Servers bind ``127.0.0.1`` unless told otherwise (``host=``; a charge point on the network
  needs e.g. the PICS ``connection.listen_host``); ``advertised_host=`` is the name URLs carry.
- ``schemes``: ``http``, ``https`` (give ``tls=`` a server ``ssl.SSLContext``) and ``ftp``.
  FTPS is not offered (pyftpdlib needs pyOpenSSL for it); ask for it and you get
  :class:`FileServerError`, which a case should turn into "not applicable / inconclusive".
- ``/firmware/`` is read-only and holds the generated image (:func:`firmware_image`; add more
  with ``serve(name, data)``); ``/upload/`` takes PUT, POST (raw or multipart/form-data) and
  STOR. Anything else is refused (HTTP 403/404, FTP 550), so a wrong location fails visibly.
- ``wait_for_download`` / ``wait_for_upload`` return each transfer once, oldest first, and
  raise ``TimeoutError`` when none completes in time (``complete=False`` also returns
  interrupted ones). ``transfers`` lists them all.

Fetching and uploading (the harness plays the charge point, a CSMS under test gives the
locations; ``FakeChargePoint.download_firmware`` / ``upload_diagnostics`` wrap these)::

    from octt_py.files import download, upload

    got = await download(location, timeout=30)             # Transfer; got.content is the image
    sent = await upload(location, "diag.log", data, timeout=30)
    if not sent.ok: print(sent.error)                       # "HTTP 403 Forbidden", "550 ...", ...

Neither raises for a failed transfer: ``ok`` is false and ``error`` says why.
:func:`unreachable_url` gives a URL where nothing listens, for the "download/upload failed"
cases.
"""

from octt_py.files.client import CLIENT_SCHEMES, download, unreachable_url, upload, upload_target
from octt_py.files.records import DOWNLOAD, UPLOAD, Transfer, TransferLog, shown_url
from octt_py.files.servers import (
    FIRMWARE_FOLDER,
    SCHEMES,
    UPLOAD_FOLDER,
    FileServerError,
    FileServers,
    firmware_image,
)

__all__ = [
    "CLIENT_SCHEMES",
    "DOWNLOAD",
    "FIRMWARE_FOLDER",
    "SCHEMES",
    "UPLOAD",
    "UPLOAD_FOLDER",
    "FileServerError",
    "FileServers",
    "Transfer",
    "TransferLog",
    "download",
    "firmware_image",
    "shown_url",
    "unreachable_url",
    "upload",
    "upload_target",
]
