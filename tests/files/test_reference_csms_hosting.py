"""The reference CSMS hosts the firmware it hands out and takes the uploads it asks for."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from octt_py.files import download, upload
from octt_py.pics import Capabilities, Identity, Pics, Profile, SutSide
from octt_py.reference.csms import ReferenceCsms

TIMEOUT = 5.0


def _pics(schemes: tuple[str, ...]) -> Pics:
    return Pics(
        side=SutSide.CSMS,
        identity=Identity(vendor="octt-py", model="test", charge_point_id="CP001"),
        profiles=frozenset(Profile),
        capabilities=Capabilities(firmware_url_schemes=schemes),
    )


async def _request(csms: ReferenceCsms, action: str, **payload: Any) -> dict[str, Any]:
    """What the CSMS sends when the operator asks for ``action`` (answered like a charge point)."""
    async with connect(f"{csms.url}/CP001", subprotocols=[Subprotocol("ocpp1.6")]) as websocket:
        boot = {"chargePointVendor": "octt-py", "chargePointModel": "test"}
        await websocket.send(json.dumps([2, "b1", "BootNotification", boot]))
        assert json.loads(await websocket.recv())[2]["status"] == "Accepted"
        await csms.central_system.perform("csms_send", {"action": action, "payload": payload})
        call = json.loads(await websocket.recv())
        answer = {"fileName": "cp.log"} if action == "GetDiagnostics" else {}
        await websocket.send(json.dumps([3, call[1], answer]))
        sent: dict[str, Any] = call[3]
        return sent


@pytest.mark.asyncio
async def test_update_firmware_points_at_firmware_that_really_downloads() -> None:
    async with ReferenceCsms(_pics(("http", "ftp"))) as csms:
        location = (await _request(csms, "UpdateFirmware"))["location"]
        assert location.startswith("http://127.0.0.1:") and location.endswith(
            "/firmware/octt-reference.bin"
        )
        got = await download(location, timeout=TIMEOUT)
        served = await csms.files.wait_for_download(TIMEOUT)  # the server's record comes last
        files = csms.state()["files"]
        assert got.ok and got.sha256 == served.sha256 == files["firmware_sha256"]
        assert [(t["direction"], t["ok"]) for t in files["transfers"]] == [("download", True)]


@pytest.mark.asyncio
async def test_get_diagnostics_names_a_location_that_takes_the_upload() -> None:
    async with ReferenceCsms(_pics(("http", "ftp"))) as csms:
        location = (await _request(csms, "GetDiagnostics"))["location"]
        assert location.startswith("ftp://octt:") and location.endswith("/upload/")
        assert "•••" in csms.state()["files"]["upload_location"]  # the state hides the password
        sent = await upload(location, "cp.log", b"diagnostics", timeout=TIMEOUT)
        assert sent.ok, sent.error
        arrived = await csms.files.wait_for_upload(TIMEOUT)
        assert (arrived.path, arrived.content) == ("/upload/cp.log", b"diagnostics")


@pytest.mark.asyncio
@pytest.mark.parametrize(("schemes", "firmware", "uploads"), [
    (("ftp",), "ftp://", "ftp://"),
    (("http",), "http://", "http://"),
    (("https",), "http://", "ftp://"),  # nothing the CSMS serves: it uses its own defaults
])  # fmt: skip
async def test_locations_follow_the_charge_points_schemes(
    schemes: tuple[str, ...], firmware: str, uploads: str
) -> None:
    async with ReferenceCsms(_pics(schemes)) as csms:
        assert csms.central_system.firmware_location.startswith(firmware)
        assert csms.central_system.upload_location.startswith(uploads)


@pytest.mark.asyncio
async def test_stopping_the_csms_stops_its_file_servers() -> None:
    csms = ReferenceCsms(_pics(("http", "ftp")))
    await csms.start()
    addresses = [csms.files.address(scheme) for scheme in ("http", "ftp")]
    await csms.stop()
    for address in addresses:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(address, timeout=1).close()
    assert csms.state()["files"] == {"running": False, "transfers": []}
