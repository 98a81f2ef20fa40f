"""The worked adapters of docs/your-device.md, run for real against a REST stub on 127.0.0.1:
what each step becomes on the wire, and how a step the rig or CSMS cannot do is refused."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from octt_py.operator import CallableOperator, OperatorAction, OperatorError, StepNotSupported

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


class Stub(ThreadingHTTPServer):
    """Records every request; answers 200, or the status ``answers`` gives a path."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, str, object]] = []
        self.answers: dict[str, int] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: Stub

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.server.requests.append((self.command, self.path, body))
        self.send_response(self.server.answers.get(self.path, 200))
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = do_DELETE = _any

    def log_message(self, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def stub() -> Iterator[Stub]:
    server = Stub()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def perform(adapter: CallableOperator, name: str, **params: object) -> None:
    asyncio.run(adapter.perform(OperatorAction(name, params), 5))


def test_the_rest_rig_adapter_drives_a_charge_point_rig(stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIG_URL", stub.url)
    rig = CallableOperator.from_spec("rest_charge_point_rig.py:perform", base_dir=EXAMPLES)
    perform(rig, "plug_in", connector=1)
    perform(rig, "present_id_tag", id_tag="TAG-VALID-1", connector=2)
    perform(rig, "power_loss")
    assert stub.requests == [
        ("POST", "/connectors/1/cable", {"plugged": True}),
        ("POST", "/connectors/2/rfid", {"idTag": "TAG-VALID-1"}),
        ("PUT", "/power", {"on": False}),
    ]
    with pytest.raises(StepNotSupported, match="no input for it"):
        perform(rig, "fault", connector=1)
    stub.answers["/reboot"] = 500
    with pytest.raises(OperatorError) as failed:
        perform(rig, "reboot")
    assert not isinstance(failed.value, StepNotSupported)


def test_the_csms_adapter_provisions_tags_and_sends_complete_requests(
    stub: Stub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSMS_API_URL", stub.url + "/api")
    csms = CallableOperator.from_spec("csms_rest_api.py:perform", base_dir=EXAMPLES)
    stub.answers["/api/id-tags/TAG-INVALID"] = 404  # already unknown: fine
    perform(csms, "csms_provision_id_tags", charge_point_ids=["CP001"],
            id_tags=[{"idTag": "TAG-VALID-1", "idTagInfo": {"status": "Accepted", "parentIdTag": "P"}}],
            unknown=["TAG-INVALID"])
    perform(csms, "csms_send", charge_point_id="CP001", action="Reset", payload={"type": "Soft"})
    assert stub.requests == [
        ("PUT", "/api/id-tags/TAG-VALID-1", {"status": "Accepted", "parentIdTag": "P"}),
        ("DELETE", "/api/id-tags/TAG-INVALID", None),
        ("POST", "/api/charge-points/CP001/commands/Reset", {"type": "Soft"}),
    ]
    with pytest.raises(StepNotSupported, match="cannot send GetCompositeSchedule"):
        perform(csms, "csms_send", charge_point_id="CP001", action="GetCompositeSchedule",
                payload={"connectorId": 1, "duration": 400})
    stub.answers["/api/charge-points/CP001/commands/ClearCache"] = 501
    with pytest.raises(StepNotSupported, match="answered 501"):
        perform(csms, "csms_send", charge_point_id="CP001", action="ClearCache")
