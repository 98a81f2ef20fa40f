"""The reference charge point against a minimal raw-websocket Central System, on loopback.

Intervals are scaled down to seconds; the whole module runs in well under 30 s.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import json
import threading
import time
import warnings
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from octt_py.pics import ConfigurationKey
from octt_py.reference.charge_point import ReferenceChargePoint, reference_pics
from octt_py.reference.control import ActionRejected, UnknownAction

TIMEOUT = 5.0


@dataclass
class Frame:
    at: float
    message: list[Any]
    connection: int

    @property
    def action(self) -> str:
        return str(self.message[2])

    @property
    def payload(self) -> dict[str, Any]:
        return dict(self.message[3])


class FakeCsms:
    """Records every CALL from the charge point and answers it from ``answers``."""

    def __init__(self) -> None:
        self.calls: list[Frame] = []
        self.cursor = 0
        self.connections: list[ServerConnection] = []
        self.paths: list[str] = []
        self.boot_answers: deque[dict[str, Any]] = deque()
        self.silent: set[str] = set()  # actions left unanswered
        self.next_transaction_id = 100
        self._responses: dict[str, asyncio.Future[list[Any]]] = {}
        self._changed = asyncio.Condition()
        self._server: Server | None = None
        self._ids = 0
        self.answers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "BootNotification": self._boot,
            "Heartbeat": lambda p: {"currentTime": _now()},
            "Authorize": lambda p: {"idTagInfo": self.id_tag_info(p["idTag"])},
            "StartTransaction": self._start,
            "StopTransaction": lambda p: {},
        }

    @property
    def url(self) -> str:
        assert self._server is not None
        port = next(iter(self._server.sockets)).getsockname()[1]
        return f"ws://127.0.0.1:{port}/ocpp"

    @property
    def ws(self) -> ServerConnection:
        return self.connections[-1]

    async def start(self) -> None:
        self._server = await serve(self._handle, "127.0.0.1", 0,
                                   subprotocols=[Subprotocol("ocpp1.6")])

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    def id_tag_info(self, id_tag: str) -> dict[str, Any]:
        if id_tag.startswith("BAD"):
            return {"status": "Invalid"}
        if id_tag.startswith("FAMILY"):
            return {"status": "Accepted", "parentIdTag": "PARENT"}
        return {"status": "Accepted"}

    def _boot(self, payload: dict[str, Any]) -> dict[str, Any]:
        answer = self.boot_answers.popleft() if self.boot_answers else {}
        return {"currentTime": _now(), "interval": 60, "status": "Accepted", **answer}

    def _start(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.next_transaction_id += 1
        return {"transactionId": self.next_transaction_id,
                "idTagInfo": self.id_tag_info(payload["idTag"])}

    async def _handle(self, ws: ServerConnection) -> None:
        self.connections.append(ws)
        self.paths.append(ws.request.path if ws.request else "")
        number = len(self.connections)
        try:
            async for text in ws:
                frame = json.loads(text)
                if frame[0] == 2:
                    async with self._changed:
                        self.calls.append(Frame(time.monotonic(), frame, number))
                        self._changed.notify_all()
                    if frame[2] in self.silent:
                        continue
                    answer = self.answers.get(frame[2], lambda p: {})(frame[3])
                    await ws.send(json.dumps([3, frame[1], answer]))
                else:
                    future = self._responses.pop(frame[1], None)
                    if future is not None and not future.done():
                        future.set_result(frame)
        except ConnectionClosed:
            pass

    async def call(self, action: str, payload: dict[str, Any]) -> list[Any]:
        """Send a CALL; return the whole CALLRESULT or CALLERROR frame."""
        self._ids += 1
        return await self.call_raw(json.dumps([2, f"t{self._ids}", action, payload]),
                                   f"t{self._ids}")

    async def call_raw(self, text: str, unique_id: str) -> list[Any]:
        future: asyncio.Future[list[Any]] = asyncio.get_running_loop().create_future()
        self._responses[unique_id] = future
        await self.ws.send(text)
        return await asyncio.wait_for(future, TIMEOUT)

    async def result(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        frame = await self.call(action, payload)
        assert frame[0] == 3, frame
        return dict(frame[2])

    async def expect(self, action: str, timeout: float = TIMEOUT,
                     **fields: Any) -> Frame:
        """The next CALL of ``action`` (with these payload fields) after the cursor."""
        deadline = time.monotonic() + timeout

        def find() -> Frame | None:
            for index in range(self.cursor, len(self.calls)):
                frame = self.calls[index]
                if frame.action == action and all(
                        frame.payload.get(k) == v for k, v in fields.items()):
                    self.cursor = index + 1
                    return frame
            return None

        async with self._changed:
            while (found := find()) is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(f.action, f.payload) for f in self.calls[self.cursor:]]
                    raise AssertionError(f"no {action} {fields} within {timeout}s; got {seen}")
                try:
                    await asyncio.wait_for(self._changed.wait(), left)
                except TimeoutError:
                    pass
        return found

    async def quiet(self, seconds: float) -> list[Frame]:
        """Wait, then return (and consume) the CALLs that arrived meanwhile."""
        await asyncio.sleep(seconds)
        frames = self.calls[self.cursor:]
        self.cursor = len(self.calls)
        return frames


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


Factory = Callable[..., Awaitable[ReferenceChargePoint]]


@pytest_asyncio.fixture
async def csms() -> AsyncIterator[FakeCsms]:
    server = FakeCsms()
    await server.start()
    yield server
    await server.stop()


@pytest_asyncio.fixture
async def start_cp(csms: FakeCsms) -> AsyncIterator[Factory]:
    started: list[ReferenceChargePoint] = []

    async def start(faults: tuple[str, ...] = (), connectors: int = 1,
                    **config: str) -> ReferenceChargePoint:
        settings = {"HeartbeatInterval": "60", "MeterValueSampleInterval": "0",
                    "TransactionMessageRetryInterval": "1", **config}
        pics = reference_pics("CP001", connectors=connectors)
        pics = replace(pics, configuration={k: ConfigurationKey(v) for k, v in settings.items()})
        cp = ReferenceChargePoint(pics, csms.url, faults)
        started.append(cp)
        await cp.start()
        return cp

    yield start
    for cp in started:
        await cp.stop()


async def booted(csms: FakeCsms, start_cp: Factory, **kwargs: Any) -> ReferenceChargePoint:
    cp = await start_cp(**kwargs)
    await csms.expect("BootNotification")
    for connector in range(kwargs.get("connectors", 1) + 1):
        await csms.expect("StatusNotification", connectorId=connector, status="Available")
    return cp


async def act(cp: ReferenceChargePoint, name: str, **params: Any) -> dict[str, Any]:
    return await cp.perform(name, params)


async def charging(csms: FakeCsms, cp: ReferenceChargePoint, id_tag: str = "TAG1") -> int:
    """Plug in, present a tag: the transaction id the CSMS handed out."""
    await act(cp, "plug_in", connector=1)
    await csms.expect("StatusNotification", connectorId=1, status="Preparing")
    await act(cp, "present_id_tag", id_tag=id_tag)
    start = await csms.expect("StartTransaction")
    await csms.expect("StatusNotification", connectorId=1, status="Charging")
    assert start.payload["idTag"] == id_tag
    return csms.next_transaction_id


# -- boot ------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_boot_rejected_waits_interval_then_reports_and_heartbeats(
        csms: FakeCsms, start_cp: Factory) -> None:
    csms.boot_answers.extend([{"status": "Rejected", "interval": 1},
                              {"status": "Accepted", "interval": 1}])
    await start_cp(connectors=2)
    first = await csms.expect("BootNotification")
    assert first.payload["chargePointVendor"] == "octt-py"
    second = await csms.expect("BootNotification")
    assert second.at - first.at >= 0.9
    assert [f.action for f in csms.calls[:2]] == ["BootNotification", "BootNotification"]
    statuses = [await csms.expect("StatusNotification", connectorId=i) for i in range(3)]
    assert all(s.payload["status"] == "Available" for s in statuses)
    assert all(s.payload["errorCode"] == "NoError" for s in statuses)
    beat = await csms.expect("Heartbeat", timeout=2)
    assert 0.8 <= beat.at - second.at <= 1.8
    assert csms.paths == ["/ocpp/CP001"]
    assert csms.ws.subprotocol == "ocpp1.6"


@pytest.mark.asyncio
async def test_fault_boot_ignores_rejected(csms: FakeCsms, start_cp: Factory) -> None:
    csms.boot_answers.append({"status": "Rejected", "interval": 3})
    await start_cp(faults=("boot_ignores_rejected",))
    first = await csms.expect("BootNotification")
    second = await csms.expect("BootNotification", timeout=2)
    assert second.at - first.at < 1.5
    between = [f.action for f in csms.calls[1:csms.calls.index(second)]]
    assert "StatusNotification" in between and "Heartbeat" in between


@pytest.mark.asyncio
async def test_pending_answers_configuration_and_refuses_transactions(
        csms: FakeCsms, start_cp: Factory) -> None:
    csms.boot_answers.append({"status": "Pending", "interval": 1})
    await start_cp()
    await csms.expect("BootNotification")
    config = await csms.result("GetConfiguration", {"key": ["HeartbeatInterval"]})
    assert config["configurationKey"][0]["key"] == "HeartbeatInterval"
    changed = await csms.result("ChangeConfiguration",
                                {"key": "MeterValueSampleInterval", "value": "5"})
    assert changed == {"status": "Accepted"}
    remote = await csms.result("RemoteStartTransaction", {"idTag": "TAG1", "connectorId": 1})
    assert remote == {"status": "Rejected"}
    await csms.expect("BootNotification")
    assert [f.action for f in csms.calls] == ["BootNotification", "BootNotification"]
    await csms.expect("StatusNotification", connectorId=0)


# -- transactions ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_plug_in_first_session_with_sampled_meter_values(
        csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp, MeterValueSampleInterval="1",
                      MeterValuesSampledData="Energy.Active.Import.Register,Power.Active.Import")
    await act(cp, "plug_in", connector=1)
    await csms.expect("StatusNotification", connectorId=1, status="Preparing")
    await act(cp, "present_id_tag", id_tag="NEWTAG")
    await csms.expect("Authorize", idTag="NEWTAG")
    start = await csms.expect("StartTransaction", connectorId=1, idTag="NEWTAG")
    await csms.expect("StatusNotification", connectorId=1, status="Charging")
    transaction_id = csms.next_transaction_id
    meter = await csms.expect("MeterValues", timeout=2)
    assert meter.payload["transactionId"] == transaction_id
    sampled = meter.payload["meterValue"][0]["sampledValue"]
    assert [v["measurand"] for v in sampled] == ["Energy.Active.Import.Register",
                                                 "Power.Active.Import"]
    assert all(isinstance(v["value"], str) and v["context"] == "Sample.Periodic"
               for v in sampled)
    await act(cp, "present_id_tag", id_tag="OTHER")  # unrelated tag: ignored
    await act(cp, "present_id_tag", id_tag="NEWTAG")
    stop = await csms.expect("StopTransaction")
    assert stop.payload["transactionId"] == transaction_id
    assert stop.payload["reason"] == "Local" and stop.payload["idTag"] == "NEWTAG"
    assert stop.payload["meterStop"] >= start.payload["meterStart"]
    assert not [c for c in csms.calls if c.action == "Authorize" and c.payload["idTag"] == "OTHER"]
    await csms.expect("StatusNotification", connectorId=1, status="Finishing")
    await act(cp, "unplug", connector=1)
    await csms.expect("StatusNotification", connectorId=1, status="Available")


@pytest.mark.asyncio
async def test_tag_with_same_parent_stops_transaction(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp)
    transaction_id = await charging(csms, cp, "FAMILY-1")
    await act(cp, "present_id_tag", id_tag="FAMILY-2")
    await csms.expect("Authorize", idTag="FAMILY-2")
    stop = await csms.expect("StopTransaction", transactionId=transaction_id)
    assert stop.payload["idTag"] == "FAMILY-2" and stop.payload["reason"] == "Local"


@pytest.mark.asyncio
async def test_remote_start_and_stop(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp)
    assert await csms.result("RemoteStartTransaction",
                             {"idTag": "TAG1", "connectorId": 0}) == {"status": "Rejected"}
    assert await csms.result("RemoteStartTransaction",
                             {"idTag": "TAG1", "connectorId": 1}) == {"status": "Accepted"}
    await csms.expect("Authorize", idTag="TAG1")
    await csms.expect("StatusNotification", connectorId=1, status="Preparing")
    await act(cp, "plug_in", connector=1)
    await csms.expect("StartTransaction", idTag="TAG1")
    await csms.expect("StatusNotification", connectorId=1, status="Charging")
    transaction_id = csms.next_transaction_id
    assert await csms.result("RemoteStartTransaction",
                             {"idTag": "TAG2", "connectorId": 1}) == {"status": "Rejected"}
    assert await csms.result("RemoteStopTransaction",
                             {"transactionId": 999}) == {"status": "Rejected"}
    assert await csms.result("RemoteStopTransaction",
                             {"transactionId": transaction_id}) == {"status": "Accepted"}
    stop = await csms.expect("StopTransaction", transactionId=transaction_id)
    assert stop.payload["reason"] == "Remote"
    await csms.expect("StatusNotification", connectorId=1, status="Finishing")


@pytest.mark.asyncio
async def test_remote_start_times_out_without_cable(csms: FakeCsms, start_cp: Factory) -> None:
    await booted(csms, start_cp, ConnectionTimeOut="1", AuthorizeRemoteTxRequests="false")
    assert await csms.result("RemoteStartTransaction",
                             {"idTag": "TAG1", "connectorId": 1}) == {"status": "Accepted"}
    preparing = await csms.expect("StatusNotification", connectorId=1, status="Preparing")
    available = await csms.expect("StatusNotification", connectorId=1, status="Available")
    assert available.at - preparing.at >= 0.9
    assert not [c for c in csms.calls if c.action in ("Authorize", "StartTransaction")]


@pytest.mark.asyncio
async def test_fault_remote_stop_wrong_reason(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp, faults=("remote_stop_wrong_reason",))
    transaction_id = await charging(csms, cp)
    await csms.result("RemoteStopTransaction", {"transactionId": transaction_id})
    stop = await csms.expect("StopTransaction")
    assert stop.payload["reason"] == "Local"


@pytest.mark.asyncio
async def test_clock_aligned_meter_values(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp, ClockAlignedDataInterval="1",
                      MeterValuesAlignedData="Energy.Active.Import.Register,Voltage")
    transaction_id = await charging(csms, cp)
    meter = await csms.expect("MeterValues", timeout=2)
    assert meter.payload["transactionId"] == transaction_id
    reading = meter.payload["meterValue"][0]
    assert reading["timestamp"].endswith(".000Z")
    assert [(v["measurand"], v["context"]) for v in reading["sampledValue"]] == [
        ("Energy.Active.Import.Register", "Sample.Clock"), ("Voltage", "Sample.Clock")]


@pytest.mark.asyncio
async def test_fault_meter_values_schema_violation(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp, faults=("meter_values_schema_violation",))
    await charging(csms, cp)
    assert await csms.result("TriggerMessage", {"requestedMessage": "MeterValues",
                                                "connectorId": 1}) == {"status": "Accepted"}
    meter = await csms.expect("MeterValues")
    value = meter.payload["meterValue"][0]["sampledValue"][0]["value"]
    assert isinstance(value, (int, float))


@pytest.mark.asyncio
async def test_unlock_connector(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp)
    assert await csms.result("UnlockConnector", {"connectorId": 7}) == {"status": "NotSupported"}
    await charging(csms, cp)
    assert await csms.result("UnlockConnector", {"connectorId": 1}) == {"status": "Unlocked"}
    stop = await csms.expect("StopTransaction")
    assert stop.payload["reason"] == "UnlockCommand"
    await act(cp, "unplug", connector=1)  # unlocked: the cable can go
    await act(cp, "plug_in", connector=1)
    await act(cp, "unlock_failure", connector=1)
    assert await csms.result("UnlockConnector", {"connectorId": 1}) == {"status": "UnlockFailed"}


@pytest.mark.asyncio
async def test_ev_side_disconnect(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp, connectors=2)
    transaction_id = await charging(csms, cp)
    await act(cp, "ev_disconnect", connector=1)
    stop = await csms.expect("StopTransaction", transactionId=transaction_id)
    assert stop.payload["reason"] == "EVDisconnected"
    await csms.expect("StatusNotification", connectorId=1, status="Finishing")
    await act(cp, "unplug", connector=1)
    await csms.expect("StatusNotification", connectorId=1, status="Available")
    await csms.result("ChangeConfiguration",
                      {"key": "StopTransactionOnEVSideDisconnect", "value": "false"})
    await act(cp, "plug_in", connector=2)
    await act(cp, "present_id_tag", id_tag="TAG1", connector=2)
    await csms.expect("StatusNotification", connectorId=2, status="Charging")
    await act(cp, "ev_disconnect", connector=2)
    await csms.expect("StatusNotification", connectorId=2, status="SuspendedEV")
    assert [tx["connectorId"] for tx in cp.state()["transactions"]] == [2]




@pytest.mark.asyncio
async def test_get_configuration(csms: FakeCsms, start_cp: Factory) -> None:
    await booted(csms, start_cp)
    everything = await csms.result("GetConfiguration", {})
    keys = {k["key"]: k for k in everything["configurationKey"]}
    assert "unknownKey" not in everything
    for required in ("HeartbeatInterval", "MeterValueSampleInterval", "NumberOfConnectors",
                     "SupportedFeatureProfiles", "ConnectionTimeOut", "LocalPreAuthorize"):
        assert required in keys
    assert keys["NumberOfConnectors"] == {"key": "NumberOfConnectors", "readonly": True,
                                          "value": "1"}
    assert keys["HeartbeatInterval"]["readonly"] is False
    profiles = keys["SupportedFeatureProfiles"]["value"].split(",")
    assert {"Core", "RemoteTrigger", "SmartCharging"} <= set(profiles)
    some = await csms.result("GetConfiguration", {"key": ["HeartbeatInterval", "Nope"]})
    assert [k["key"] for k in some["configurationKey"]] == ["HeartbeatInterval"]
    assert some["unknownKey"] == ["Nope"]


@pytest.mark.asyncio
async def test_change_configuration(csms: FakeCsms, start_cp: Factory) -> None:
    await booted(csms, start_cp)

    async def change(key: str, value: str) -> str:
        answer = await csms.result("ChangeConfiguration", {"key": key, "value": value})
        return str(answer["status"])

    assert await change("MeterValueSampleInterval", "30") == "Accepted"
    read = await csms.result("GetConfiguration", {"key": ["MeterValueSampleInterval"]})
    assert read["configurationKey"][0]["value"] == "30"
    assert await change("NumberOfConnectors", "3") == "Rejected"
    assert await change("Testing", "true") == "NotSupported"
    for bad in ("-1", "abc", "1.5"):
        assert await change("HeartbeatInterval", bad) == "Rejected"
    assert await change("LocalPreAuthorize", "yes") == "Rejected"
    assert await change("MeterValuesSampledData", "Energy.Active.Import.Register,Bogus") == (
        "Rejected")
    assert await change("MeterValuesSampledData", "Voltage,SoC") == "Accepted"


@pytest.mark.asyncio
async def test_configuration_faults(csms: FakeCsms, start_cp: Factory) -> None:
    await booted(csms, start_cp, faults=(
        "change_configuration_not_stored", "missing_configuration_key", "wrong_readonly_flag"))
    changed = await csms.result("ChangeConfiguration",
                                {"key": "MeterValueSampleInterval", "value": "30"})
    assert changed == {"status": "Accepted"}
    read = await csms.result("GetConfiguration", {"key": ["MeterValueSampleInterval"]})
    assert read["configurationKey"][0]["value"] == "0"
    everything = await csms.result("GetConfiguration", {})
    keys = {k["key"]: k for k in everything["configurationKey"]}
    assert "MeterValueSampleInterval" not in keys
    assert keys["HeartbeatInterval"]["readonly"] is True


# -- reset, availability, power --------------------------------------------------------------------


@pytest.mark.asyncio
async def test_hard_reset_keeps_inoperative_across_reboot(
        csms: FakeCsms, start_cp: Factory) -> None:
    await booted(csms, start_cp)
    assert await csms.result("ChangeAvailability",
                             {"connectorId": 0, "type": "Inoperative"}) == {"status": "Accepted"}
    await csms.expect("StatusNotification", connectorId=0, status="Unavailable")
    await csms.expect("StatusNotification", connectorId=1, status="Unavailable")
    assert await csms.result("Reset", {"type": "Hard"}) == {"status": "Accepted"}
    boot = await csms.expect("BootNotification")
    assert boot.connection == 2
    await csms.expect("StatusNotification", connectorId=0, status="Unavailable")
    await csms.expect("StatusNotification", connectorId=1, status="Unavailable")
    assert await csms.result("ChangeAvailability",
                             {"connectorId": 0, "type": "Operative"}) == {"status": "Accepted"}
    await csms.expect("StatusNotification", connectorId=1, status="Available")


@pytest.mark.asyncio
async def test_fault_availability_not_persisted(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp, faults=("availability_not_persisted",))
    await csms.result("ChangeAvailability", {"connectorId": 1, "type": "Inoperative"})
    await csms.expect("StatusNotification", connectorId=1, status="Unavailable")
    await act(cp, "reboot")
    await csms.expect("BootNotification")
    await csms.expect("StatusNotification", connectorId=1, status="Available")


@pytest.mark.asyncio
async def test_soft_reset_stops_transaction_first(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp)
    transaction_id = await charging(csms, cp)
    assert await csms.result("ChangeAvailability",
                             {"connectorId": 1, "type": "Inoperative"}) == {"status": "Scheduled"}
    await csms.result("Reset", {"type": "Soft"})
    stop = await csms.expect("StopTransaction", transactionId=transaction_id)
    assert stop.payload["reason"] == "SoftReset"
    boot = await csms.expect("BootNotification")
    assert boot.connection == 2
    await csms.expect("StatusNotification", connectorId=1, status="Unavailable")


@pytest.mark.asyncio
async def test_power_loss_without_backup_stops_transaction_after_return(
        csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp)
    transaction_id = await charging(csms, cp)
    await act(cp, "power_loss")
    with pytest.raises(ActionRejected):
        await act(cp, "present_id_tag", id_tag="TAG1")
    assert not [f for f in await csms.quiet(0.3) if f.action == "StopTransaction"]
    await act(cp, "power_restore")
    await csms.expect("BootNotification")
    await csms.expect("StatusNotification", connectorId=1, status="Finishing")
    stop = await csms.expect("StopTransaction", transactionId=transaction_id)
    assert stop.payload["reason"] == "PowerLoss"


# -- offline ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_offline_messages_replayed_in_order(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp, MeterValueSampleInterval="1")
    transaction_id = await charging(csms, cp)
    await act(cp, "go_offline")
    with pytest.raises(ActionRejected):
        await act(cp, "go_offline")
    await asyncio.sleep(2.3)
    await act(cp, "press_stop", connector=1)
    # a whole transaction while offline: the tag is in the authorization cache
    await act(cp, "unplug", connector=1)
    await act(cp, "plug_in", connector=1)
    await act(cp, "present_id_tag", id_tag="TAG1")
    await asyncio.sleep(0.2)
    await act(cp, "present_id_tag", id_tag="TAG1")
    await asyncio.sleep(0.1)
    queued = cp.state()["queuedMessages"]
    assert queued.count("MeterValues") >= 2 and queued[-3:] == [
        "StopTransaction", "StartTransaction", "StopTransaction"]
    csms.cursor = len(csms.calls)
    await act(cp, "go_online")
    frames = []
    while len(frames) < len(queued):
        frames.append(await csms.expect(queued[len(frames)]))
    assert all(f.connection == 2 for f in frames)
    assert not [c for c in csms.calls[-len(frames) - 1:] if c.action == "BootNotification"]
    meter_times = [f.payload["meterValue"][0]["timestamp"] for f in frames[:-3]]
    assert meter_times == sorted(meter_times)
    assert all(f.payload["transactionId"] == transaction_id for f in frames[:-3])
    assert frames[-3].payload["transactionId"] == transaction_id
    assert frames[-1].payload["transactionId"] == csms.next_transaction_id
    assert frames[-1].payload["reason"] == "Local"
    await csms.expect("StatusNotification", connectorId=1, status="Finishing")


@pytest.mark.asyncio
async def test_reconnects_after_a_drop_without_new_boot(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp)
    await csms.ws.close()
    await asyncio.sleep(0.5)
    assert len(csms.connections) == 2
    await act(cp, "plug_in", connector=1)
    status = await csms.expect("StatusNotification", connectorId=1, status="Preparing")
    assert status.connection == 2
    assert [f.action for f in csms.calls].count("BootNotification") == 1


@pytest.mark.asyncio
async def test_unanswered_start_transaction_is_resent_after_a_drop(
        csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp)
    csms.silent.add("StartTransaction")
    await act(cp, "plug_in", connector=1)
    await act(cp, "present_id_tag", id_tag="TAG1")
    first = await csms.expect("StartTransaction")
    csms.silent.clear()
    await csms.ws.close()
    again = await csms.expect("StartTransaction")
    assert again.connection == 2 and again.payload == first.payload
    await act(cp, "press_stop", connector=1)
    stop = await csms.expect("StopTransaction")
    assert stop.payload["transactionId"] == csms.next_transaction_id


# -- OCPP-J framing ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_malformed_input_answered_and_survived(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp)
    await csms.ws.send("this is not json")
    await csms.ws.send("[2, 17]")
    frame = await csms.call_raw('[2,"x"]', "x")
    assert frame[0] == 4 and frame[1] == "x"
    frame = await csms.call("Bogus", {})
    assert frame[0] == 4 and frame[2] == "NotSupported"
    frame = await csms.call("Heartbeat", {})
    assert frame[0] == 4 and frame[2] == "NotImplemented"
    frame = await csms.call("ChangeAvailability", {"connectorId": "one", "type": "Operative"})
    assert frame[0] == 4 and frame[2] == "TypeConstraintViolation"
    frame = await csms.call("ChangeAvailability",
                            {"connectorId": 1, "type": "Operative", "extra": True})
    assert frame[0] == 4 and frame[2] == "FormationViolation"
    frame = await csms.call("ChangeAvailability", {"connectorId": 1})
    assert frame[0] == 4 and frame[2] in ("ProtocolError", "OccurenceConstraintViolation")
    frame = await csms.call("ChangeAvailability", {"connectorId": 1, "type": "Sideways"})
    assert frame[0] == 4
    assert await csms.result("DataTransfer", {"vendorId": "com.example"}) == {
        "status": "UnknownVendorId"}
    assert cp.state()["connected"]
    assert await csms.result("GetConfiguration", {"key": ["HeartbeatInterval"]})


@pytest.mark.asyncio
async def test_fault_second_call_while_outstanding(csms: FakeCsms, start_cp: Factory) -> None:
    csms.silent.add("StartTransaction")
    cp = await booted(csms, start_cp, faults=("second_call_while_outstanding",))
    await act(cp, "plug_in", connector=1)
    await act(cp, "present_id_tag", id_tag="TAG1")
    await csms.expect("StartTransaction")
    await csms.expect("StatusNotification", status="Charging", timeout=1)


async def _no_status_for_connector_0(csms: FakeCsms, cp: ReferenceChargePoint) -> None:
    assert not [f for f in csms.calls if f.action == "StatusNotification"
                and f.payload["connectorId"] == 0]


async def _unique_id_reused(csms: FakeCsms, cp: ReferenceChargePoint) -> None:
    assert len({f.message[1] for f in csms.calls}) < len(csms.calls)


async def _silent_on_reset(csms: FakeCsms, cp: ReferenceChargePoint) -> None:
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(csms.call("Reset", {"type": "Soft"}), 0.5)


async def _remote_start_rejected(csms: FakeCsms, cp: ReferenceChargePoint) -> None:
    answer = await csms.result("RemoteStartTransaction", {"idTag": "TAG1", "connectorId": 1})
    assert answer == {"status": "Rejected"}


async def _profiles_misreported(csms: FakeCsms, cp: ReferenceChargePoint) -> None:
    answer = await csms.result("GetConfiguration", {"key": ["SupportedFeatureProfiles"]})
    assert answer["configurationKey"][0]["value"] == "Core"


async def _skip_authorize(csms: FakeCsms, cp: ReferenceChargePoint) -> None:
    await charging(csms, cp, "UNKNOWN")
    assert not [f for f in csms.calls if f.action == "Authorize"]


async def _charging_without_start(csms: FakeCsms, cp: ReferenceChargePoint) -> None:
    await act(cp, "plug_in", connector=1)
    await act(cp, "present_id_tag", id_tag="TAG1")
    await csms.expect("StatusNotification", connectorId=1, status="Charging")
    assert not [f for f in csms.calls if f.action == "StartTransaction"]


@pytest.mark.asyncio
@pytest.mark.parametrize("fault, check", [
    ("no_status_after_boot", _no_status_for_connector_0),
    ("reuses_unique_id", _unique_id_reused),
    ("silent_on_reset", _silent_on_reset),
    ("remote_start_rejected", _remote_start_rejected),
    ("unsupported_profiles_misreported", _profiles_misreported),
    ("skip_authorize", _skip_authorize),
    ("charging_without_start", _charging_without_start),
])
async def test_planted_fault_is_observable(
        csms: FakeCsms, start_cp: Factory, fault: str,
        check: Callable[[FakeCsms, ReferenceChargePoint], Awaitable[None]]) -> None:
    cp = await start_cp(faults=(fault,))
    await csms.expect("BootNotification")
    await csms.expect("StatusNotification", connectorId=1)  # the boot was Accepted
    await check(csms, cp)


# -- other profiles ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_reservation_local_list_trigger_and_smart_charging(
        csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp)
    expiry = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 60))
    assert await csms.result("ReserveNow", {"connectorId": 1, "expiryDate": expiry,
                                            "idTag": "TAG1", "reservationId": 5}) == {
        "status": "Accepted"}
    await csms.expect("StatusNotification", connectorId=1, status="Reserved")
    await act(cp, "present_id_tag", id_tag="TAG2")  # somebody else: refused locally
    assert await csms.result("CancelReservation", {"reservationId": 6}) == {"status": "Rejected"}
    assert await csms.result("CancelReservation", {"reservationId": 5}) == {"status": "Accepted"}
    await csms.expect("StatusNotification", connectorId=1, status="Available")
    assert not [c for c in csms.calls if c.action == "Authorize"]
    soon = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 1.5))
    await csms.result("ReserveNow", {"connectorId": 0, "expiryDate": soon, "idTag": "TAG9",
                                     "reservationId": 6})
    await csms.expect("StatusNotification", connectorId=1, status="Reserved")
    await csms.expect("StatusNotification", connectorId=1, status="Available", timeout=3)
    await csms.result("ReserveNow", {"connectorId": 1, "expiryDate": expiry, "idTag": "TAG1",
                                     "reservationId": 7})
    await act(cp, "present_id_tag", id_tag="TAG1")
    await csms.expect("Authorize", idTag="TAG1")
    await csms.expect("StatusNotification", connectorId=1, status="Preparing")
    await act(cp, "plug_in", connector=1)
    await csms.expect("StartTransaction", idTag="TAG1", reservationId=7)
    await csms.expect("StatusNotification", connectorId=1, status="Charging")
    await act(cp, "press_stop", connector=1)
    await act(cp, "unplug", connector=1)
    await csms.expect("StatusNotification", connectorId=1, status="Available")

    assert await csms.result("GetLocalListVersion", {}) == {"listVersion": 0}
    entries = [{"idTag": "LISTED", "idTagInfo": {"status": "Accepted"}}]
    assert await csms.result("SendLocalList", {"listVersion": 2, "updateType": "Full",
                                               "localAuthorizationList": entries}) == {
        "status": "Accepted"}
    assert await csms.result("SendLocalList", {"listVersion": 1, "updateType": "Differential",
                                               "localAuthorizationList": []}) == {
        "status": "VersionMismatch"}
    assert await csms.result("GetLocalListVersion", {}) == {"listVersion": 2}

    assert await csms.result("TriggerMessage", {"requestedMessage": "StatusNotification",
                                                "connectorId": 1}) == {"status": "Accepted"}
    await csms.expect("StatusNotification", connectorId=1, status="Available")
    assert await csms.result("TriggerMessage", {"requestedMessage": "Heartbeat"}) == {
        "status": "Accepted"}
    await csms.expect("Heartbeat")

    profile = {"chargingProfileId": 1, "stackLevel": 0,
               "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Relative",
               "chargingSchedule": {"chargingRateUnit": "A", "chargingSchedulePeriod": [
                   {"startPeriod": 0, "limit": 6.0}, {"startPeriod": 60, "limit": 10.0}]}}
    assert await csms.result("SetChargingProfile", {"connectorId": 1,
                                                    "csChargingProfiles": profile}) == {
        "status": "Accepted"}
    schedule = await csms.result("GetCompositeSchedule", {"connectorId": 1, "duration": 300,
                                                          "chargingRateUnit": "A"})
    periods = schedule["chargingSchedule"]["chargingSchedulePeriod"]
    assert schedule["status"] == "Accepted"
    assert periods == [{"startPeriod": 0, "limit": 6.0}, {"startPeriod": 60, "limit": 10.0}]
    tx_profile = {**profile, "chargingProfilePurpose": "TxProfile", "transactionId": 1}
    assert await csms.result("SetChargingProfile", {"connectorId": 1,
                                                    "csChargingProfiles": tx_profile}) == {
        "status": "Rejected"}


@pytest.mark.asyncio
async def test_local_list_start_and_remote_start_with_tx_profile(
        csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp, connectors=2, AuthorizationCacheEnabled="false")
    entries = [{"idTag": "LISTED", "idTagInfo": {"status": "Accepted"}}]
    await csms.result("SendLocalList", {"listVersion": 1, "updateType": "Full",
                                        "localAuthorizationList": entries})
    await act(cp, "plug_in", connector=1)
    await act(cp, "present_id_tag", id_tag="LISTED", connector=1)
    await csms.expect("StartTransaction", connectorId=1, idTag="LISTED")
    assert not [f for f in csms.calls if f.action == "Authorize"]

    profile = {"chargingProfileId": 9, "stackLevel": 1, "chargingProfilePurpose": "TxProfile",
               "chargingProfileKind": "Relative",
               "chargingSchedule": {"chargingRateUnit": "W", "chargingSchedulePeriod": [
                   {"startPeriod": 0, "limit": 4140.0, "numberPhases": 3}]}}
    wrong = {**profile, "chargingProfilePurpose": "TxDefaultProfile"}
    assert await csms.result("RemoteStartTransaction", {
        "idTag": "LISTED", "connectorId": 2, "chargingProfile": wrong}) == {"status": "Rejected"}
    assert await csms.result("RemoteStartTransaction", {
        "idTag": "LISTED", "connectorId": 2, "chargingProfile": profile}) == {
        "status": "Accepted"}
    await act(cp, "plug_in", connector=2)
    await csms.expect("StartTransaction", connectorId=2)
    await csms.expect("StatusNotification", connectorId=2, status="Charging")
    schedule = await csms.result("GetCompositeSchedule", {"connectorId": 2, "duration": 60,
                                                          "chargingRateUnit": "A"})
    assert schedule["chargingSchedule"]["chargingSchedulePeriod"] == [
        {"startPeriod": 0, "limit": 6.0, "numberPhases": 3}]


class _FirmwareHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.mark.asyncio
async def test_firmware_update_downloads_installs_and_reboots(
        csms: FakeCsms, start_cp: Factory, tmp_path: Path) -> None:
    (tmp_path / "fw-2.0.bin").write_bytes(b"\x00" * 1024)
    handler = functools.partial(_FirmwareHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        await booted(csms, start_cp)
        location = f"http://127.0.0.1:{server.server_address[1]}/fw-2.0.bin"
        assert await csms.result("UpdateFirmware", {"location": location,
                                                    "retrieveDate": _now()}) == {}
        for status in ("Downloading", "Downloaded"):
            await csms.expect("FirmwareStatusNotification", status=status)
        await csms.expect("StatusNotification", connectorId=1, status="Unavailable")
        await csms.expect("FirmwareStatusNotification", status="Installing")
        boot = await csms.expect("BootNotification")
        assert boot.payload["firmwareVersion"] == "fw-2.0.bin"
        await csms.expect("StatusNotification", connectorId=1, status="Available")
        await csms.expect("FirmwareStatusNotification", status="Installed")
        missing = location.replace("fw-2.0", "missing")
        await csms.result("UpdateFirmware", {"location": missing, "retrieveDate": _now()})
        await csms.expect("FirmwareStatusNotification", status="Downloading")
        await csms.expect("FirmwareStatusNotification", status="DownloadFailed")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.asyncio
async def test_diagnostics_uploaded_over_ftp(
        csms: FakeCsms, start_cp: Factory, tmp_path: Path) -> None:
    with warnings.catch_warnings():  # pyftpdlib still imports asyncore / asynchat
        warnings.simplefilter("ignore", DeprecationWarning)
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.handlers import FTPHandler
        from pyftpdlib.servers import FTPServer

    authorizer = DummyAuthorizer()
    authorizer.add_user("octt", "secret", str(tmp_path), perm="elradfmw")
    handler = type("Handler", (FTPHandler,), {"authorizer": authorizer})
    server = FTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"timeout": 0.05},
                              daemon=True)
    thread.start()
    try:
        await booted(csms, start_cp)
        port = server.socket.getsockname()[1]
        answer = await csms.result("GetDiagnostics",
                                   {"location": f"ftp://octt:secret@127.0.0.1:{port}/"})
        await csms.expect("DiagnosticsStatusNotification", status="Uploading")
        await csms.expect("DiagnosticsStatusNotification", status="Uploaded")
        uploaded = json.loads((tmp_path / answer["fileName"]).read_text())
        assert uploaded["chargePointId"] == "CP001"
        await csms.result("GetDiagnostics", {"location": "ftp://127.0.0.1:1/"})
        await csms.expect("DiagnosticsStatusNotification", status="Uploading")
        await csms.expect("DiagnosticsStatusNotification", status="UploadFailed")
    finally:
        server.close_all()
        thread.join()


@pytest.mark.asyncio
async def test_boots_from_the_shared_reference_pics(csms: FakeCsms) -> None:
    from octt_py.campaign import reference_pics
    from octt_py.pics import SutSide

    pics = reference_pics(SutSide.CHARGE_POINT)
    cp = ReferenceChargePoint(pics, csms.url)
    await cp.start()
    try:
        boot = await csms.expect("BootNotification")
        assert boot.payload["chargePointModel"] == pics.identity.model
        for connector in range(pics.capabilities.connectors + 1):
            await csms.expect("StatusNotification", connectorId=connector, status="Available")
        assert csms.paths == [f"/ocpp/{pics.identity.charge_point_id}"]
    finally:
        await cp.stop()


@pytest.mark.asyncio
async def test_cli_builds_a_charge_point_with_basic_auth(csms: FakeCsms) -> None:
    import argparse

    from octt_py.reference.charge_point import cli

    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args(["--csms-url", csms.url, "--id", "CLI01",
                              "--fault", "no_heartbeat"])
    cp = cli.build(args)
    assert cp.charge_point_id == "CLI01" and cp.faults.active() == ["no_heartbeat"]
    connection = replace(cp.pics.connection, security_profile=1,
                         basic_auth_password="0123456789abcdef")
    cp = ReferenceChargePoint(replace(cp.pics, connection=connection), csms.url)
    await cp.start()
    try:
        await csms.expect("BootNotification")
        request = csms.ws.request
        assert request is not None
        assert request.headers["Authorization"] == "Basic Q0xJMDE6MDEyMzQ1Njc4OWFiY2RlZg=="
    finally:
        await cp.stop()


# -- control API -------------------------------------------------------------------------------


async def _http(url: str, method: str, path: str,
                body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    data = json.dumps(body).encode() if body is not None else b""
    writer.write(f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(data)}\r\n"
                 f"Content-Type: application/json\r\n\r\n".encode() + data)
    await writer.drain()
    response = await reader.read()
    writer.close()
    await writer.wait_closed()
    head, _, payload = response.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(payload)


@pytest.mark.asyncio
async def test_control_api_over_http(csms: FakeCsms, start_cp: Factory) -> None:
    cp = await booted(csms, start_cp)
    url = cp.control_url
    status, body = await _http(url, "POST", "/actions/plug_in", {"connector": 1})
    assert (status, body["ok"]) == (200, True)
    await csms.expect("StatusNotification", connectorId=1, status="Preparing")
    status, body = await _http(url, "POST", "/actions/plug_in", {"connector": 1})
    assert (status, body["ok"]) == (409, False)
    status, _ = await _http(url, "POST", "/actions/teleport", {})
    assert status == 404
    status, _ = await _http(url, "POST", "/actions/plug_in", {"connector": 9})
    assert status == 400
    status, _ = await _http(url, "POST", "/actions/plug_in", {"plug": 1})
    assert status == 400
    status, body = await _http(url, "GET", "/state")
    assert status == 200
    connector = body["state"]["connectors"][1]
    assert connector["status"] == "Preparing" and connector["plugged"] is True
    status, body = await _http(url, "POST", "/faults", {"enable": ["no_heartbeat"]})
    assert status == 200
    assert [f["name"] for f in body["faults"] if f["enabled"]] == ["no_heartbeat"]
    status, _ = await _http(url, "POST", "/faults", {"enable": ["no_such_fault"]})
    assert status == 404
    with pytest.raises(UnknownAction):
        await act(cp, "teleport")
