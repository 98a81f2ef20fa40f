"""The session and its link, driven through an in-memory websocket: deterministic, no network.

Each test reads as a protocol statement: what the DUT sends, what the harness answers, which
finding or verdict follows.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from octt_py.ocppj.frames import CallError
from octt_py.pics import Timing
from octt_py.session import Link, Session, match
from octt_py.trace import FindingKind, Trace
from octt_py.validation import default_schemas
from octt_py.verdict import Fail

BOOT = {"chargePointVendor": "V", "chargePointModel": "M"}
STATUS = {"connectorId": 1, "errorCode": "NoError", "status": "Available"}
ACCEPTED = {"status": "Accepted", "currentTime": "2026-01-01T00:00:00Z", "interval": 10}


class MemoryWebSocket:
    """The DUT's end is ``incoming`` (frames it sends) and ``sent`` (what the harness sent)."""

    subprotocol = "ocpp1.6"
    close_code = 1000
    close_reason = ""

    def __init__(self) -> None:
        self.incoming: asyncio.Queue[str | None] = asyncio.Queue()
        self.arrivals: deque[int] = deque()  # as a stamping connection keeps them
        self.sent: list[Any] = []
        self._sent_event = asyncio.Event()

    def dut_sends(self, *frames: Any) -> None:
        for frame in frames:
            self.arrivals.append(time.monotonic_ns())
            self.incoming.put_nowait(frame if isinstance(frame, str) else json.dumps(frame))

    def __aiter__(self) -> MemoryWebSocket:
        return self

    async def __anext__(self) -> str:
        text = await self.incoming.get()
        if text is None:
            raise StopAsyncIteration
        return text

    async def send(self, text: str) -> None:
        self.sent.append(json.loads(text))
        self._sent_event.set()

    async def close(self) -> None:
        self.incoming.put_nowait(None)

    async def next_sent(self) -> Any:
        while not self.sent:
            self._sent_event.clear()
            await asyncio.wait_for(self._sent_event.wait(), 1)
        return self.sent.pop(0)


def make_session(**timing: float) -> Session:
    values = {"ocpp_response_timeout": 0.5, "triggered_function_timeout": 0.3, **timing}
    return Session(
        name="DUT",
        schemas=default_schemas(),
        timing=Timing(**values),  # type: ignore[arg-type]
        responders={
            "BootNotification": lambda _: ACCEPTED,
            "Heartbeat": lambda _: {"currentTime": "2026-01-01T00:00:00Z"},
            "StatusNotification": lambda _: {},
            "StartTransaction": lambda _: {"transactionId": 1, "idTagInfo": {"status": "Accepted"}},
        },
        background=("Heartbeat", "StatusNotification"),
        response_limits={"Authorize": 0.05},
    )


@pytest_asyncio.fixture
async def wired() -> AsyncIterator[tuple[Session, MemoryWebSocket]]:
    session = make_session()
    websocket = MemoryWebSocket()
    link = Link(websocket, session)  # type: ignore[arg-type]
    session.attach(link)
    task = asyncio.create_task(link.run())
    yield session, websocket
    await websocket.close()
    await task


def kinds(session: Session) -> list[tuple[FindingKind, str]]:
    return [(f.kind, f.message) for f in session.trace.findings]


@pytest.mark.asyncio
async def test_incoming_call_is_answered_by_the_default_responder(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    ws.dut_sends([2, "1", "BootNotification", BOOT])
    boot = await session.expect("BootNotification")
    assert await ws.next_sent() == [3, "1", ACCEPTED]
    assert boot.payload == BOOT and session.trace.findings == []


@pytest.mark.asyncio
async def test_respond_once_overrides_the_next_answer_only(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    rejected = {**ACCEPTED, "status": "Rejected"}
    session.respond("BootNotification", rejected, once=True)
    ws.dut_sends([2, "1", "BootNotification", BOOT], [2, "2", "BootNotification", BOOT])
    assert (await ws.next_sent())[2]["status"] == "Rejected"
    assert (await ws.next_sent())[2]["status"] == "Accepted"


@pytest.mark.asyncio
async def test_expect_all_takes_either_order(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    charging = {"connectorId": 1, "errorCode": "NoError", "status": "Charging"}
    start = {"connectorId": 1, "idTag": "T", "meterStart": 0, "timestamp": "2026-01-01T00:00:00Z"}
    ws.dut_sends([2, "1", "StatusNotification", charging])
    await ws.next_sent()
    ws.dut_sends([2, "2", "StartTransaction", start])
    got = await session.expect_all(match("StartTransaction"), match("StatusNotification", status="Charging"))
    assert [c.action for c in got] == ["StartTransaction", "StatusNotification"]


@pytest.mark.asyncio
async def test_expect_names_what_never_came_and_what_came_instead(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    ws.dut_sends([2, "1", "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Available"}])
    with pytest.raises(Fail) as failed:
        await session.expect(match("StatusNotification", connectorId=1, status="Preparing"), timeout=0.05)
    assert failed.value.reason == (
        "expected StatusNotification (connectorId=1, status='Preparing') within 0.05 s; "
        "got instead: StatusNotification (connectorId=1, status='Available')"
    )


@pytest.mark.asyncio
async def test_expect_none_fails_on_a_forbidden_call(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    ws.dut_sends([2, "1", "Heartbeat", {}])
    with pytest.raises(Fail, match="the DUT sent Heartbeat, which it must not send here"):
        await session.expect_none("Heartbeat", during=0.2)


@pytest.mark.asyncio
async def test_second_call_while_the_first_is_unanswered_is_a_discipline_finding(
    wired: tuple[Session, MemoryWebSocket],
) -> None:
    session, ws = wired
    # Both frames are in the socket before the harness answers the first: a pipelining DUT.
    ws.dut_sends([2, "1", "Heartbeat", {}], [2, "2", "Heartbeat", {}])
    await ws.next_sent()
    await ws.next_sent()
    assert kinds(session) == [(
        FindingKind.DISCIPLINE,
        "Heartbeat sent while its Heartbeat ('1') was still unanswered; OCPP-J allows one outstanding CALL per direction",
    )]


@pytest.mark.asyncio
async def test_schema_violation_is_a_finding_and_answered_with_a_callerror(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    ws.dut_sends([2, "1", "BootNotification", {"chargePointVendor": "V"}])
    reply = await ws.next_sent()
    assert reply[:3] == [4, "1", "OccurenceConstraintViolation"]
    ((kind, message),) = kinds(session)
    assert kind is FindingKind.SCHEMA and message.startswith("BootNotification request")
    assert "chargePointModel" in message


@pytest.mark.asyncio
async def test_unknown_action_gets_not_implemented(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    ws.dut_sends([2, "1", "Teleport", {}])
    assert (await ws.next_sent())[:3] == [4, "1", "NotImplemented"]
    assert kinds(session) == [(FindingKind.PROTOCOL, "the DUT sent Teleport, which OCPP 1.6 does not define")]


@pytest.mark.asyncio
async def test_malformed_frame_is_recorded_and_answered_when_it_has_an_id(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    ws.dut_sends("not json", [2, "7", "Heartbeat"])
    assert (await ws.next_sent())[:3] == [4, "7", "ProtocolError"]
    assert [k for k, _ in kinds(session)] == [FindingKind.FRAMING, FindingKind.FRAMING]


@pytest.mark.asyncio
async def test_call_returns_reply_and_latency(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    pending = asyncio.create_task(session.call("Reset", {"type": "Hard"}))
    sent = await ws.next_sent()
    ws.dut_sends([3, sent[1], {"status": "Accepted"}])
    outcome = await pending
    assert outcome.payload == {"status": "Accepted"} and outcome.latency_ms >= 0
    assert [m.name for m in session.trace.measurements] == ["Response time Reset"]


@pytest.mark.asyncio
async def test_no_reply_fails_and_a_late_reply_is_a_finding(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    with pytest.raises(Fail, match=r"^no reply to Reset within 0.5 s$"):
        await session.call("Reset", {"type": "Hard"})
    sent = ws.sent.pop(0)
    ws.dut_sends([3, sent[1], {"status": "Accepted"}], [2, "h", "Heartbeat", {}])
    await ws.next_sent()
    ((kind, message),) = kinds(session)
    assert kind is FindingKind.DISCIPLINE and message.startswith("reply to Reset came after the harness had given up")


@pytest.mark.asyncio
async def test_reply_to_an_unknown_id_is_a_finding(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    ws.dut_sends([3, "nobody", {}], [2, "h", "Heartbeat", {}])
    await ws.next_sent()
    assert kinds(session) == [(
        FindingKind.DISCIPLINE, "reply to unique id 'nobody', which matches no CALL the harness sent"
    )]


@pytest.mark.asyncio
async def test_slower_than_the_pics_is_a_timing_finding(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    pending = asyncio.create_task(session.call("Authorize", {"idTag": "T"}))
    sent = await ws.next_sent()
    await asyncio.sleep(0.08)
    ws.dut_sends([3, sent[1], {"idTagInfo": {"status": "Accepted"}}])
    await pending
    ((kind, message),) = kinds(session)
    assert kind is FindingKind.TIMING and message.endswith("the PICS declares at most 50 ms")


@pytest.mark.asyncio
async def test_a_callerror_fails_the_call_whether_or_not_the_case_reads_the_reply(
    wired: tuple[Session, MemoryWebSocket],
) -> None:
    session, ws = wired
    pending = asyncio.create_task(session.call("Reset", {"type": "Hard"}))
    sent = await ws.next_sent()
    ws.dut_sends([4, sent[1], "NotSupported", "no", {}])
    with pytest.raises(Fail, match=r"Reset answered with CALLERROR NotSupported \('no'\) instead of a CALLRESULT"):
        await pending


@pytest.mark.asyncio
async def test_a_callerror_the_case_accepts_is_returned(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    pending = asyncio.create_task(session.call("Reset", {"type": "Hard"}, errors=("NotSupported",)))
    sent = await ws.next_sent()
    ws.dut_sends([4, sent[1], "NotSupported", "no", {}])
    outcome = await pending
    assert isinstance(outcome.reply, CallError)
    with pytest.raises(Fail, match="Reset answered with CALLERROR NotSupported"):
        _ = outcome.payload


@pytest.mark.asyncio
async def test_a_reply_that_breaks_the_schema_fails_the_call(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    pending = asyncio.create_task(session.call("Reset", {"type": "Hard"}))
    sent = await ws.next_sent()
    ws.dut_sends([3, sent[1], {"status": 7}])
    with pytest.raises(Fail, match="the reply to Reset breaks the OCPP 1.6 schema"):
        await pending
    assert {kind for kind, _ in kinds(session)} == {FindingKind.SCHEMA}


@pytest.mark.asyncio
async def test_expect_takes_only_calls_that_came_after_their_cause(
    wired: tuple[Session, MemoryWebSocket],
) -> None:
    session, ws = wired
    ws.dut_sends([2, "1", "StatusNotification", STATUS])
    await ws.next_sent()
    session.caused()  # e.g. the operator step that should make the DUT send it
    with pytest.raises(Fail, match="sent before the step that should cause it"):
        await session.expect("StatusNotification", timeout=0.1)
    ws.dut_sends([2, "2", "StatusNotification", STATUS])
    assert (await session.expect("StatusNotification")).call.unique_id == "2"


@pytest.mark.asyncio
async def test_an_invalid_call_never_satisfies_an_expectation(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    ws.dut_sends([2, "1", "StatusNotification", {**STATUS, "status": "Sleeping"}])
    assert (await ws.next_sent())[0] == 4
    with pytest.raises(Fail, match="breaks the schema"):
        await session.expect("StatusNotification", timeout=0.1)


@pytest.mark.asyncio
async def test_watchers_see_every_finished_exchange_in_both_directions(
    wired: tuple[Session, MemoryWebSocket],
) -> None:
    session, ws = wired
    seen: list[tuple[bool, str, bool]] = []
    session.watchers.append(lambda e: seen.append((e.by_dut, e.action, e.valid)))
    ws.dut_sends([2, "1", "BootNotification", BOOT])
    await ws.next_sent()
    pending = asyncio.create_task(session.call("Reset", {"type": "Hard"}))
    sent = await ws.next_sent()
    ws.dut_sends([3, sent[1], {"status": "Accepted"}])
    await pending
    assert seen == [(True, "BootNotification", True), (False, "Reset", True)]


@pytest.mark.asyncio
async def test_closing_mid_call_fails_the_call(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    pending = asyncio.create_task(session.call("Reset", {"type": "Hard"}))
    await ws.next_sent()
    await ws.close()
    with pytest.raises(Fail, match="the DUT closed the connection before replying to Reset"):
        await pending
    assert not session.connected


@pytest.mark.asyncio
async def test_unexpected_calls_exclude_background_and_allowed(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    start = {"connectorId": 1, "idTag": "T", "meterStart": 0, "timestamp": "2026-01-01T00:00:00Z"}
    ws.dut_sends([2, "1", "Heartbeat", {}])
    await ws.next_sent()
    ws.dut_sends([2, "2", "StartTransaction", start])
    await ws.next_sent()
    assert [c.action for c in session.unexpected_calls()] == ["StartTransaction"]
    session.allow("StartTransaction")
    assert session.unexpected_calls() == []


@pytest.mark.asyncio
async def test_a_responder_may_send_its_own_call_before_answering(wired: tuple[Session, MemoryWebSocket]) -> None:
    """OCPP-J allows one outstanding CALL per direction, so crossing CALLs are legal; a case can
    make the harness cross the DUT's CALL on purpose to see that the DUT copes."""
    session, ws = wired

    async def cross(_: object) -> dict[str, str]:
        await session.call("Heartbeat", {})
        return {"status": "Accepted"}

    session.respond("Reset", cross)
    ws.dut_sends([2, "r", "Reset", {"type": "Hard"}])
    own_call = await ws.next_sent()
    assert own_call[0] == 2 and own_call[2] == "Heartbeat"
    ws.dut_sends([3, own_call[1], {"currentTime": "2026-01-01T00:00:00Z"}])
    assert await ws.next_sent() == [3, "r", {"status": "Accepted"}]
    assert session.trace.findings == []


@pytest.mark.asyncio
async def test_sending_on_a_connection_the_dut_just_closed_fails_the_case() -> None:
    class Closed(MemoryWebSocket):
        async def send(self, text: str) -> None:
            from websockets.exceptions import ConnectionClosedError

            raise ConnectionClosedError(None, None)

    session, websocket = make_session(), Closed()
    session.attach(Link(websocket, session))  # type: ignore[arg-type]
    with pytest.raises(Fail, match="^cannot send Reset: the DUT closed the connection$"):
        await session.call("Reset", {"type": "Hard"})


@pytest.mark.asyncio
async def test_a_reply_after_its_case_ended_is_held_for_that_case(wired: tuple[Session, MemoryWebSocket]) -> None:
    session, ws = wired
    first, second = Trace(), Trace()
    session.begin_case(first, "TC_A")
    with pytest.raises(Fail, match="no reply to ClearCache within 0.1 s"):
        await session.call("ClearCache", {}, timeout=0.1)
    unique_id = (await ws.next_sent())[1]
    session.end_case()
    session.begin_case(second, "TC_B")
    ws.dut_sends([3, unique_id, {"status": "Accepted"}])
    await session.wait_until(lambda: bool(second.findings), timeout=1, what="the late reply")
    (late,) = second.findings
    assert (late.kind, late.case) == (FindingKind.DISCIPLINE, "TC_A")
    assert second.official_findings() == [] and second.held_for_earlier_cases() == [late]
