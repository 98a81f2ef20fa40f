"""The reference CSMS, driven by a bare-bones charge point speaking raw OCPP-J frames."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
import pytest_asyncio
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Subprotocol

from octt_py.pics import Identity, IdTags, Pics, Profile, SutSide, Timing
from octt_py.reference.csms import CSMS_FAULTS, ReferenceCsms
from octt_py.validation import Kind, default_schemas

TAGS = IdTags()
PICS = Pics(
    side=SutSide.CSMS,
    identity=Identity(vendor="octt-py", model="test", charge_point_id="CP001"),
    profiles=frozenset(Profile),
    timing=Timing(heartbeat_interval=45, boot_retry_interval=7),
)
BOOT = {"chargePointVendor": "octt-py", "chargePointModel": "test-cp"}
OCPP16 = Subprotocol("ocpp1.6")


class ChargePoint:
    """Sends CALLs and reads frames as they are on the wire."""

    def __init__(self, websocket: ClientConnection) -> None:
        self.websocket = websocket
        self._ids = itertools.count(1)

    async def recv(self, timeout: float = 2.0) -> list[Any]:
        frame: list[Any] = json.loads(await asyncio.wait_for(self.websocket.recv(), timeout))
        return frame

    async def send(self, frame: list[Any] | str) -> None:
        await self.websocket.send(frame if isinstance(frame, str) else json.dumps(frame))

    async def call(self, action: str, payload: dict[str, Any], *, valid: bool = True) -> list[Any]:
        """CALL and its reply; with ``valid``, the reply must be a schema-valid CALLRESULT."""
        unique_id = f"cp-{next(self._ids)}"
        await self.send([2, unique_id, action, payload])
        reply = await self.recv()
        assert reply[1] == unique_id
        if valid:
            assert reply[0] == 3, reply
            assert default_schemas().validate(action, Kind.RESPONSE, reply[2]) == []
        return reply

    async def boot(self) -> dict[str, Any]:
        conf: dict[str, Any] = (await self.call("BootNotification", BOOT))[2]
        return conf

    async def start_transaction(self, id_tag: str = TAGS.valid, **fields: Any) -> dict[str, Any]:
        payload = {"connectorId": 1, "idTag": id_tag, "meterStart": 0, "timestamp": _now()}
        conf: dict[str, Any] = (await self.call("StartTransaction", {**payload, **fields}))[2]
        return conf


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@asynccontextmanager
async def charge_point(
    csms: ReferenceCsms, charge_point_id: str = "CP001", **options: Any
) -> AsyncIterator[ChargePoint]:
    options.setdefault("subprotocols", [OCPP16])
    async with connect(f"{csms.url}/{charge_point_id}", **options) as websocket:
        yield ChargePoint(websocket)


async def control(
    csms: ReferenceCsms, method: str, path: str, body: dict[str, Any] | None = None
) -> tuple[int, dict[str, Any]]:
    """One request to the control API: (HTTP status, JSON body)."""
    host, port = csms.control_url.removeprefix("http://").rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    data = json.dumps(body).encode() if body is not None else b""
    writer.write(
        f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n".encode()
        + data
    )
    raw = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    await writer.wait_closed()
    head, _, answer = raw.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(answer)


async def action(csms: ReferenceCsms, name: str, **params: Any) -> tuple[int, dict[str, Any]]:
    return await control(csms, "POST", f"/actions/{name}", params)


@pytest_asyncio.fixture
async def csms() -> AsyncIterator[ReferenceCsms]:
    async with ReferenceCsms(PICS) as server:
        yield server


# -- transport --------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("offered", [[Subprotocol("ocpp0.1")], None])
async def test_handshake_without_ocpp16_is_completed_without_subprotocol_then_closed(
    csms: ReferenceCsms, offered: list[Subprotocol] | None
) -> None:
    async with charge_point(csms, subprotocols=offered) as cp:
        assert cp.websocket.subprotocol is None
        assert cp.websocket.response is not None
        assert "Sec-WebSocket-Protocol" not in cp.websocket.response.headers
        with pytest.raises(ConnectionClosed) as closed:
            await cp.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1002
    assert csms.state()["connected"] == []


@pytest.mark.asyncio
async def test_handshake_offering_ocpp01_and_ocpp16_gets_ocpp16(csms: ReferenceCsms) -> None:
    async with charge_point(csms, subprotocols=[Subprotocol("ocpp0.1"), OCPP16]) as cp:
        assert cp.websocket.subprotocol == "ocpp1.6"
        assert (await cp.boot())["status"] == "Accepted"


@pytest.mark.asyncio
async def test_url_without_charge_point_id_is_404(csms: ReferenceCsms) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(csms.url, subprotocols=[OCPP16]):
            pass
    assert refused.value.response.status_code == 404


@pytest.mark.asyncio
async def test_basic_auth_is_required_once_a_password_is_configured(csms: ReferenceCsms) -> None:
    status, _ = await action(
        csms, "csms_configure", setting="basic_auth_password", value="s3cret-s3cret-16"
    )
    assert status == 200
    with pytest.raises(InvalidStatus) as refused:
        async with charge_point(csms):
            pass
    assert refused.value.response.status_code == 401
    wrong = base64.b64encode(b"CP002:s3cret-s3cret-16").decode()
    with pytest.raises(InvalidStatus):
        async with charge_point(csms, additional_headers={"Authorization": f"Basic {wrong}"}):
            pass
    right = base64.b64encode(b"CP001:s3cret-s3cret-16").decode()
    async with charge_point(csms, additional_headers={"Authorization": f"Basic {right}"}) as cp:
        assert (await cp.boot())["status"] == "Accepted"


@pytest.mark.asyncio
async def test_same_id_reconnect_replaces_the_old_connection(csms: ReferenceCsms) -> None:
    async with charge_point(csms) as old:
        await old.boot()
        async with charge_point(csms) as new:
            with pytest.raises(ConnectionClosed) as closed:
                await old.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1000
            assert (await new.boot())["status"] == "Accepted"
        # the new one dropped; reconnecting at once works too
        async with charge_point(csms) as again:
            await again.boot()
            status, sent = await action(csms, "csms_send", action="ClearCache")
            assert status == 200 and sent["status"] == "sent"
            assert (await again.recv())[2] == "ClearCache"
            state = csms.state()
            assert state["connected"] == ["CP001"]
            assert state["charge_points"]["CP001"]["connections"] == 3


# -- charge-point-initiated messages ------------------------------------------------------------


@pytest.mark.asyncio
async def test_boot_accepted_by_default_with_the_pics_heartbeat_interval(
    csms: ReferenceCsms,
) -> None:
    async with charge_point(csms) as cp:
        conf = await cp.boot()
        assert (conf["status"], conf["interval"]) == ("Accepted", 45)
        heartbeat = (await cp.call("Heartbeat", {}))[2]
        assert heartbeat["currentTime"].endswith("Z")
    assert csms.state()["charge_points"]["CP001"]["registration"] == "Accepted"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("status", "interval"), [("Pending", 7), ("Rejected", 7), ("Accepted", 45)]
)
async def test_boot_status_is_configurable(csms: ReferenceCsms, status: str, interval: int) -> None:
    code, _ = await action(csms, "csms_configure", setting="boot_status", value=status)
    assert code == 200
    async with charge_point(csms) as cp:
        conf = await cp.boot()
        assert (conf["status"], conf["interval"]) == (status, interval)
    code, _ = await action(
        csms, "csms_configure", setting="boot_interval", value=3, charge_point_id="CP002"
    )
    assert code == 200
    async with charge_point(csms, "CP002") as cp:
        assert (await cp.boot())["interval"] == 3


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("tag", "status"),
    [
        (TAGS.valid, "Accepted"),
        (TAGS.valid_2, "Accepted"),
        (TAGS.blocked, "Blocked"),
        (TAGS.expired, "Expired"),
        (TAGS.invalid, "Invalid"),
    ],
)
async def test_authorize_answers_per_tag_class(csms: ReferenceCsms, tag: str, status: str) -> None:
    async with charge_point(csms) as cp:
        await cp.boot()
        info = (await cp.call("Authorize", {"idTag": tag}))[2]["idTagInfo"]
    assert info["status"] == status
    if status == "Accepted":
        assert info["parentIdTag"] == TAGS.parent
    if status == "Expired":
        assert datetime.fromisoformat(info["expiryDate"]) < datetime.now(UTC)


@pytest.mark.asyncio
async def test_id_tag_status_is_configurable(csms: ReferenceCsms) -> None:
    code, _ = await action(
        csms,
        "csms_configure",
        setting="id_tag_status",
        value={"id_tag": "NEW", "status": "Blocked"},
    )
    assert code == 200
    async with charge_point(csms) as cp:
        await cp.boot()
        assert (await cp.call("Authorize", {"idTag": "NEW"}))[2]["idTagInfo"]["status"] == "Blocked"
    code, _ = await action(csms, "csms_configure", setting="id_tag_status", value={"id_tag": "X"})
    assert code == 400


@pytest.mark.asyncio
async def test_transactions_get_fresh_ids_and_offline_replays_are_accepted(
    csms: ReferenceCsms,
) -> None:
    async with charge_point(csms) as cp, charge_point(csms, "CP002") as other:
        await cp.boot()
        await other.boot()
        first = await cp.start_transaction()
        replayed = await cp.start_transaction(connectorId=2, timestamp="2020-01-01T00:00:00Z")
        third = await other.start_transaction(TAGS.valid_2)
        ids = {first["transactionId"], replayed["transactionId"], third["transactionId"]}
        assert len(ids) == 3
        assert replayed["idTagInfo"]["status"] == "Accepted"
        stop = {"transactionId": first["transactionId"], "meterStop": 1200, "timestamp": _now()}
        conf = (
            await cp.call("StopTransaction", {**stop, "idTag": TAGS.valid, "reason": "Remote"})
        )[2]
        assert conf["idTagInfo"]["status"] == "Accepted"
        await cp.call(
            "MeterValues",
            {
                "connectorId": 2,
                "transactionId": replayed["transactionId"],
                "meterValue": [{"timestamp": _now(), "sampledValue": [{"value": "42"}]}],
            },
        )
    transactions = {t["transaction_id"]: t for t in csms.state()["transactions"]}
    assert transactions[first["transactionId"]]["stop_reason"] == "Remote"
    assert not transactions[first["transactionId"]]["open"]
    assert len(transactions[replayed["transactionId"]]["meter_values"]) == 1


@pytest.mark.asyncio
async def test_remaining_charge_point_messages_are_answered_conformantly(
    csms: ReferenceCsms,
) -> None:
    async with charge_point(csms) as cp:
        await cp.boot()
        await cp.call(
            "StatusNotification", {"connectorId": 0, "errorCode": "NoError", "status": "Available"}
        )
        transfer = (await cp.call("DataTransfer", {"vendorId": "com.unknown"}))[2]
        assert transfer["status"] == "UnknownVendorId"
        await cp.call("DiagnosticsStatusNotification", {"status": "Uploaded"})
        await cp.call("FirmwareStatusNotification", {"status": "Installed"})
        await cp.call(
            "SecurityEventNotification", {"type": "StartupOfTheDevice", "timestamp": _now()}
        )
        # Not a PKCS#10 request, and no CA to sign with: the CSMS cannot sign it.
        assert (await cp.call("SignCertificate", {"csr": "-----BEGIN CSR-----"}))[2] == {
            "status": "Rejected"
        }
        await cp.call("SignedFirmwareStatusNotification", {"status": "Installed", "requestId": 1})
        await cp.call("LogStatusNotification", {"status": "Uploaded", "requestId": 2})
    record = csms.state()["charge_points"]["CP001"]
    assert record["connectors"]["0"]["status"] == "Available"
    assert record["firmware_status"] == "Installed"
    assert record["received"]["LogStatusNotification"] == 1


@pytest.mark.asyncio
async def test_malformed_frames_are_answered_as_ocpp_j_requires(csms: ReferenceCsms) -> None:
    async with charge_point(csms) as cp:
        await cp.boot()
        await cp.send("this is not json")  # no unique id to answer: only recorded
        await cp.send('[2,"x"]')
        assert (await cp.recv())[:3] == [4, "x", "ProtocolError"]
        await cp.send([2, "u", "NoSuchAction", {}])
        assert (await cp.recv())[:3] == [4, "u", "NotImplemented"]
        await cp.send([2, "r", "Reset", {"type": "Hard"}])
        assert (await cp.recv())[:3] == [4, "r", "NotSupported"]
        await cp.send([2, "t", "Authorize", {"idTag": 42}])
        assert (await cp.recv())[:3] == [4, "t", "TypeConstraintViolation"]
        await cp.send([2, "m", "Authorize", {}])
        assert (await cp.recv())[:3] == [4, "m", "ProtocolError"]
        await cp.send(
            [
                2,
                "e",
                "StatusNotification",
                {"connectorId": 1, "errorCode": "NoError", "status": "Dancing"},
            ]
        )
        assert (await cp.recv())[:3] == [4, "e", "PropertyConstraintViolation"]
        await cp.send([2, "p", "Heartbeat", {"extra": 1}])
        assert (await cp.recv())[:3] == [4, "p", "FormationViolation"]
        await cp.call("Heartbeat", {})  # the session survives
    assert len(csms.state()["charge_points"]["CP001"]["protocol_errors"]) == 2
    async with charge_point(csms) as cp:  # and so does the server
        assert (await cp.boot())["status"] == "Accepted"


# -- control API ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_csms_send_fills_defaults_and_records_the_answer(csms: ReferenceCsms) -> None:
    async with charge_point(csms) as cp:
        await cp.boot()
        code, sent = await action(csms, "csms_send", action="RemoteStartTransaction")
        assert code == 200 and sent["ok"] and sent["status"] == "sent"
        call = await cp.recv()
        assert call == [
            2,
            sent["unique_id"],
            "RemoteStartTransaction",
            {"idTag": TAGS.valid, "connectorId": 1},
        ]
        await cp.send([3, call[1], {"status": "Accepted"}])
        await asyncio.sleep(0.05)
        code, state = await control(csms, "GET", "/state")
        assert code == 200
        [recorded] = state["state"]["charge_points"]["CP001"]["calls"]
        assert recorded["status"] == "answered" and recorded["response"] == {"status": "Accepted"}

        transaction = await cp.start_transaction()
        code, sent = await action(
            csms, "csms_send", action="RemoteStopTransaction", charge_point_id="CP001"
        )
        assert (await cp.recv())[3] == {"transactionId": transaction["transactionId"]}


@pytest.mark.asyncio
async def test_csms_send_keeps_one_call_outstanding(csms: ReferenceCsms) -> None:
    async with charge_point(csms) as cp:
        await cp.boot()
        _, first = await action(csms, "csms_send", action="ClearCache")
        _, second = await action(csms, "csms_send", action="Reset", payload={"type": "Hard"})
        assert (first["status"], second["status"]) == ("sent", "queued")
        call = await cp.recv()
        assert call[2] == "ClearCache"
        with pytest.raises(TimeoutError):
            await cp.recv(timeout=0.2)
        await cp.send([4, call[1], "NotSupported", "", {}])
        assert (await cp.recv())[2:] == ["Reset", {"type": "Hard"}]
    calls = csms.state()["charge_points"]["CP001"]["calls"]
    assert calls[0]["error"]["errorCode"] == "NotSupported"


@pytest.mark.asyncio
async def test_csms_send_refusals(csms: ReferenceCsms) -> None:
    code, answer = await action(csms, "csms_send", action="ClearCache", charge_point_id="NOPE")
    assert code == 409 and "NOPE is not connected" in answer["error"]
    async with charge_point(csms) as cp:
        await cp.boot()
        assert (await action(csms, "csms_send", action="Dance"))[0] == 404
        assert (await action(csms, "csms_send", action="BootNotification"))[0] == 404
        assert (await action(csms, "csms_send", action="RemoteStopTransaction"))[0] == 409
        bad = {"action": "Reset", "payload": {"type": "Sideways"}}
        assert (await action(csms, "csms_send", **bad))[0] == 400
        assert (await action(csms, "csms_configure", setting="colour", value="blue"))[0] == 400
        assert (await action(csms, "no_such_action"))[0] == 404


# -- planted faults ---------------------------------------------------------------------------


def test_fault_declarations_are_unique_and_belong_to_the_csms() -> None:
    names = [fault.name for fault in CSMS_FAULTS]
    assert len(names) == len(set(names))
    assert {fault.dut for fault in CSMS_FAULTS} == {"csms"}


@pytest.mark.asyncio
async def test_fault_authorize_valid_as_invalid(csms: ReferenceCsms) -> None:
    code, _ = await control(csms, "POST", "/faults", {"enable": ["authorize_valid_as_invalid"]})
    assert code == 200
    async with charge_point(csms) as cp:
        await cp.boot()
        conf = (await cp.call("Authorize", {"idTag": TAGS.valid}))[2]
    assert conf["idTagInfo"] == {"status": "Invalid"}


@pytest.mark.asyncio
async def test_fault_reuses_transaction_id() -> None:
    async with (
        ReferenceCsms(PICS, faults=["reuses_transaction_id"]) as csms,
        charge_point(csms) as cp,
    ):
        await cp.boot()
        first = await cp.start_transaction()
        second = await cp.start_transaction(connectorId=2)
    assert first["transactionId"] == second["transactionId"]


@pytest.mark.asyncio
async def test_fault_ignores_operator() -> None:
    async with (
        ReferenceCsms(PICS, faults=["ignores_operator"]) as csms,
        charge_point(csms) as cp,
    ):
        await cp.boot()
        code, sent = await action(csms, "csms_send", action="ClearCache")
        assert code == 200 and sent["status"] == "sent"
        with pytest.raises(TimeoutError):
            await cp.recv(timeout=0.3)


@pytest.mark.asyncio
async def test_fault_heartbeat_invalid_time() -> None:
    async with (
        ReferenceCsms(PICS, faults=["heartbeat_invalid_time"]) as csms,
        charge_point(csms) as cp,
    ):
        await cp.boot()
        conf = (await cp.call("Heartbeat", {}, valid=False))[2]
    [violation] = default_schemas().validate("Heartbeat", Kind.RESPONSE, conf)
    assert violation.rule == "format"


@pytest.mark.asyncio
async def test_fault_crash_on_same_id_reconnect() -> None:
    csms = ReferenceCsms(PICS, faults=["crash_on_same_id_reconnect"])
    await csms.start()
    try:
        async with charge_point(csms) as cp:
            await cp.boot()
        with pytest.raises(ConnectionClosed):
            async with charge_point(csms) as cp:
                await cp.boot()
        state = csms.state()
        assert state["crashed"] and not state["listening"]
        with pytest.raises(OSError):
            async with charge_point(csms):
                pass
    finally:
        await csms.stop()
