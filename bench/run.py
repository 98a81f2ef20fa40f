"""octt-py performance benchmarks: per-frame cost, timing accuracy, whole-suite wall time, memory.

    python bench/run.py            # sections 1-5: ~30 s plus the suite's own wall time
    python bench/run.py --quick    # fewer samples, no 500 ms delay (the suite still runs whole)
    python bench/run.py --only frames --json figures.json
    python bench/run.py --cli      # also time `octt run --reference` and `octt report`
    python bench/run.py --only worst   # 5: report time and peak RSS facing a flooding DUT

A plain script rather than a timed test: the figures depend on the machine and its load, so they
are printed for a person to read (docs/performance.md explains each one), never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import TYPE_CHECKING, Any

from worst import measure_worst, print_worst  # bench/worst.py, next to this script

if TYPE_CHECKING:
    from octt_py.session import Responder

SECTIONS = ("frames", "timing", "suite", "cli", "worst")


# -- shared helpers ----------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: with few samples p99 is simply the worst one, never interpolated."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100), at least 1
    return ordered[int(rank) - 1]


def conditions() -> dict[str, Any]:
    """What the figures were measured on: they mean little without the machine and its load."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def rss_kib() -> int:
    """Current resident set size, from /proc (getrusage only knows the peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def load_now() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


# -- 1. per-frame cost of the receive path -----------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One representative frame as the DUT would put it on the wire."""

    name: str
    action: str
    message_type: int  # 2 CALL (the DUT's request) or 3 CALLRESULT (the DUT's reply to us)
    payload: dict[str, Any]

    def text(self, unique_id: str) -> str:
        if self.message_type == 2:
            return json.dumps([2, unique_id, self.action, self.payload])
        return json.dumps([3, unique_id, self.payload])


def sample_frames() -> list[Sample]:
    """The four frames the issue names, filled in the way real devices fill them."""
    now = "2026-01-01T12:00:00.000Z"
    boot = {
        "chargePointVendor": "ACME Charging", "chargePointModel": "Wallbox 22",
        "chargePointSerialNumber": "ACME-0001-2345", "chargeBoxSerialNumber": "BOX-0001-2345",
        "firmwareVersion": "4.2.17-rc3", "iccid": "8931440400000000001", "imsi": "204043000000001",
        "meterType": "ACME EM3", "meterSerialNumber": "EM3-778899",
    }  # fmt: skip
    sampled = [
        {"value": f"{1000 + 7 * i}.{i}", "context": "Sample.Periodic", "format": "Raw",
         "measurand": measurand, "phase": phase, "location": "Outlet", "unit": unit}
        for i, (measurand, phase, unit) in enumerate(
            [("Energy.Active.Import.Register", "L1", "Wh"), ("Energy.Active.Import.Register", "L2", "Wh"),
             ("Energy.Active.Import.Register", "L3", "Wh"), ("Current.Import", "L1", "A"),
             ("Current.Import", "L2", "A"), ("Current.Import", "L3", "A"), ("Voltage", "L1-N", "V"),
             ("Voltage", "L2-N", "V"), ("Voltage", "L3-N", "V"), ("Power.Active.Import", "L1", "W")]
        )
    ]  # fmt: skip
    meter_values = {
        "connectorId": 1,
        "transactionId": 4711,
        "meterValue": [{"timestamp": now, "sampledValue": sampled}],
    }
    periods = [
        {"startPeriod": 900 * i, "limit": round(6.0 + 0.7 * i, 1), "numberPhases": 3}
        for i in range(16)
    ]
    profile = {
        "connectorId": 1,
        "csChargingProfiles": {
            "chargingProfileId": 17, "stackLevel": 2, "chargingProfilePurpose": "TxDefaultProfile",
            "chargingProfileKind": "Absolute", "validFrom": now, "validTo": "2026-01-02T12:00:00.000Z",
            "chargingSchedule": {"duration": 14400, "startSchedule": now, "chargingRateUnit": "A",
                                 "chargingSchedulePeriod": periods, "minChargingRate": 6.0},
        },
    }  # fmt: skip
    keys = [
        {"key": f"VendorSpecificKey{i:02d}", "readonly": i % 3 == 0, "value": f"value-{i}" * 3}
        for i in range(50)
    ]
    return [
        Sample("BootNotification", "BootNotification", 2, boot),
        Sample("MeterValues (10 sampled values)", "MeterValues", 2, meter_values),
        Sample("SetChargingProfile (16 periods)", "SetChargingProfile", 2, profile),
        Sample(
            "GetConfiguration.conf (50 keys)",
            "GetConfiguration",
            3,
            {"configurationKey": keys, "unknownKey": []},
        ),
    ]


class NullWebSocket:
    """Just enough of a websockets connection for a Link whose receive path is called directly."""

    subprotocol = "ocpp1.6"
    close_code = 1000
    close_reason = ""

    async def send(self, text: str) -> None:
        """The harness's replies go nowhere: only the receive path is timed."""

    async def close(self) -> None:
        pass


async def drain() -> None:
    """Let the tasks a frame spawned (the harness answering a CALL) finish outside the timing."""
    for _ in range(3):
        await asyncio.sleep(0)


def _constant(answer: dict[str, Any]) -> Responder:
    return lambda _call: answer


async def harness_costs(sample: Sample, n: int) -> list[int]:
    """Nanoseconds of ``Link._received`` per frame: parse, correlate, validate, record in the
    trace and hand a CALL to the session's inbox.

    A fresh unique id per CALL (a repeated one is a discipline finding, a different path); for a
    CALLRESULT the harness first sends the CALL it answers, untimed, as in a real exchange. The
    harness's answer to a CALL (responder, serialize, validate, send) is the send path: it runs
    after the timing, as ``Link.run`` runs it after ``_received``.
    """
    from octt_py.ocppj.frames import Call, new_unique_id
    from octt_py.pics import Timing
    from octt_py.session import Link, Session
    from octt_py.validation import default_schemas

    answers: dict[str, dict[str, Any]] = {
        "BootNotification": {
            "status": "Accepted",
            "currentTime": "2026-01-01T12:00:00Z",
            "interval": 300,
        },
        "MeterValues": {},
        "SetChargingProfile": {"status": "Accepted"},
    }
    responders: dict[str, Responder] = {
        action: _constant(answer) for action, answer in answers.items()
    }
    session = Session(name="DUT", schemas=default_schemas(), timing=Timing(), responders=responders)
    link = Link(NullWebSocket(), session)  # type: ignore[arg-type]
    session.attach(link)
    costs = []
    for _ in range(n):
        unique_id = new_unique_id()
        if sample.message_type == 3:
            waiter = await link.send_call(Call(unique_id, sample.action, {}))
        text = sample.text(unique_id)
        start = time.perf_counter_ns()
        incoming = link._received(text, time.monotonic_ns())
        costs.append(time.perf_counter_ns() - start)
        if incoming is not None:  # what Link.run does next: the session answers, untimed
            await session._answer(link, incoming)
        if sample.message_type == 3:
            await waiter
        await drain()
    if session.trace.findings or session.harness_errors:
        raise RuntimeError(
            f"{sample.name}: unexpected findings {session.trace.findings[:3]} "
            f"{session.harness_errors[:3]}"
        )
    return costs


def harness_parts(sample: Sample, n: int) -> dict[str, float]:
    """Median microseconds of the two big pieces of the receive path, measured on their own."""
    from octt_py.ocppj.frames import parse
    from octt_py.validation import Kind, default_schemas

    schemas = default_schemas()
    kind = Kind.REQUEST if sample.message_type == 2 else Kind.RESPONSE
    text = sample.text("0123456789")
    parse_ns, validate_ns = [], []
    for _ in range(n):
        start = time.perf_counter_ns()
        frame = parse(text)
        middle = time.perf_counter_ns()
        violations = schemas.validate(sample.action, kind, frame.payload)  # type: ignore[union-attr]
        parse_ns.append(middle - start)
        validate_ns.append(time.perf_counter_ns() - middle)
        assert not violations, violations
    return {
        "parse": statistics.median(parse_ns) / 1e3,
        "validate": statistics.median(validate_ns) / 1e3,
    }


def _library_message(sample: Sample, text: str) -> Any:
    """The ocpp library's own decode; a CALLRESULT learns its action from the pending call, as
    ``ocpp.charge_point.ChargePoint.call`` does before validating it."""
    from ocpp.messages import CallResult, unpack  # type: ignore[import-untyped]

    message = unpack(text)
    if isinstance(message, CallResult):
        message.action = sample.action
    return message


def library_sync_costs(sample: Sample, n: int) -> list[int]:
    """Nanoseconds of ``unpack`` + the library's synchronous validation (Draft4Validator)."""
    from ocpp.messages import _validate_payload  # type: ignore[import-untyped]

    texts, costs = [sample.text(str(i)) for i in range(n)], []
    for text in texts:
        start = time.perf_counter_ns()
        _validate_payload(_library_message(sample, text), "1.6")
        costs.append(time.perf_counter_ns() - start)
    return costs


async def library_default_costs(sample: Sample, n: int) -> list[int]:
    """Nanoseconds of ``unpack`` + ``await validate_payload`` with the library's default
    ASYNC_VALIDATION=True: the validation runs in the loop's executor thread, so this is the wall
    time an awaiting caller sees, thread hand-off included."""
    from ocpp import messages  # type: ignore[import-untyped]

    if not messages.ASYNC_VALIDATION:
        raise RuntimeError(
            "ocpp.messages.ASYNC_VALIDATION is off; this measures the library's default"
        )
    texts, costs = [sample.text(str(i)) for i in range(n)], []
    for text in texts:
        start = time.perf_counter_ns()
        await messages.validate_payload(_library_message(sample, text), "1.6")
        costs.append(time.perf_counter_ns() - start)
    return costs


async def measure_frames(quick: bool) -> list[dict[str, Any]]:
    """Section 1: medians in microseconds for every sample frame, both implementations.

    The measurements are interleaved in rounds, so a change in machine load during the run
    shifts every column alike instead of skewing the ratios."""
    rounds, per_round = (5, 30) if quick else (8, 60)
    rows = []
    for sample in sample_frames():
        await harness_costs(sample, 20)  # schemas loaded and compiled, executor thread started
        await library_default_costs(sample, 20)
        costs: dict[str, list[float]] = {
            "harness": [],
            "sync": [],
            "default": [],
            "parse": [],
            "validate": [],
        }
        for _ in range(rounds):
            costs["harness"] += [ns / 1e3 for ns in await harness_costs(sample, per_round)]
            costs["sync"] += [ns / 1e3 for ns in library_sync_costs(sample, per_round)]
            costs["default"] += [ns / 1e3 for ns in await library_default_costs(sample, per_round)]
            parts = harness_parts(sample, per_round)
            costs["parse"].append(parts["parse"])
            costs["validate"].append(parts["validate"])
        harness, sync, default = (
            statistics.median(costs[k]) for k in ("harness", "sync", "default")
        )
        parse_us, validate_us = (
            statistics.median(costs["parse"]),
            statistics.median(costs["validate"]),
        )
        rows.append({
            "frame": sample.name, "bytes": len(sample.text("0123456789").encode()),
            "harness_us": harness, "parse_us": parse_us, "validate_us": validate_us,
            "rest_us": harness - parse_us - validate_us,
            "library_sync_us": sync, "library_default_us": default,
            "ratio_sync": harness / sync, "ratio_default": harness / default,
        })  # fmt: skip
    return rows


def print_frames(rows: list[dict[str, Any]]) -> None:
    print(
        "\n1. Per-frame cost of the receive path (median µs per frame; ocpp = the ocpp 2.1.0 library)"
    )
    print(f"{'frame':33} {'bytes':>5} {'harness':>8} {'= parse':>8} {'+ valid.':>9} {'+ rest':>7}"
          f" {'ocpp sync':>10} {'ocpp dflt':>10} {'h/sync':>7} {'h/dflt':>7}")  # fmt: skip
    for r in rows:
        print(f"{r['frame']:33} {r['bytes']:>5} {r['harness_us']:>8.1f} {r['parse_us']:>8.1f}"
              f" {r['validate_us']:>9.1f} {r['rest_us']:>7.1f} {r['library_sync_us']:>10.1f}"
              f" {r['library_default_us']:>10.1f} {r['ratio_sync']:>6.0%} {r['ratio_default']:>6.0%}")  # fmt: skip
    met = all(r["ratio_sync"] <= 0.10 for r in rows)
    print(f"   target harness ≤ 10 % of the library's (sync) cost: {'met' if met else 'NOT met'}")


# -- 2. timing accuracy ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """How the bench DUT answers: after ``delay_ms``; with ``busy``, it first sends a 10-value
    MeterValues CALL back-to-back with the reply, as a charge point may do mid-transaction.
    ``raw`` scenarios measure with a bare websockets client instead of the harness, stamped in
    user space as any asyncio client would: what the harness's kernel stamps are compared with."""

    delay_ms: float
    count: int
    busy: bool = False
    raw: bool = False
    connections: int = 1  # long delays: exchanges on several connections at once, staggered

    @property
    def label(self) -> str:
        extra = " after a MeterValues" if self.busy else " (raw websockets)" if self.raw else ""
        return f"{self.delay_ms:g} ms{extra}"

    @property
    def request(self) -> dict[str, str]:
        return {"vendorId": "octt-bench", "data": f"{self.delay_ms}{'+busy' if self.busy else ''}"}


def timing_plan(quick: bool) -> list[Scenario]:
    scale = 2 if quick else 1
    plan = [
        Scenario(0, 400 // scale, raw=True),
        Scenario(0, 400 // scale),
        Scenario(5, 200 // scale, raw=True),
        Scenario(5, 200 // scale),
        Scenario(50, 200 // scale, connections=10),
        Scenario(0, 200 // scale, busy=True),
    ]
    return plan if quick else [*plan[:5], Scenario(500, 100, connections=10), plan[5]]


def dut_process(pipe: Pipe) -> None:
    """Entry point of the DUT peer's own process (a separate actor: no shared GIL or event loop)."""
    asyncio.run(_dut_serve(pipe, json.dumps(sample_frames()[1].payload)))


async def _dut_serve(pipe: Pipe, meter_values: str) -> None:
    """A raw websockets CSMS: answers each DataTransfer after the delay its ``data`` asks for,
    and tells the harness how long it really held the CALL, so DUT-side sleep error can be told
    apart from harness measurement error. Serves until the bench says stop."""
    from websockets.asyncio.server import ServerConnection, serve
    from websockets.typing import Subprotocol

    from octt_py.transport.server import listening_socket
    from octt_py.transport.stamps import StampedServerConnection, arrival_ns

    sent = 0

    async def answer(websocket: ServerConnection) -> None:
        nonlocal sent
        async for text in websocket:
            received_ns = arrival_ns(websocket)  # stamped by the kernel, like the harness's
            message = json.loads(text)
            if message[0] != 2:
                continue  # the harness's reply to our MeterValues
            _, unique_id, _, payload = message
            delay, _, busy = payload["data"].partition("+")
            await _hold_until(received_ns + int(float(delay) * 1e6))
            if busy:
                sent += 1
                await websocket.send(f'[2,"mv{sent}","MeterValues",{meter_values}]')
            held_ns = time.monotonic_ns() - received_ns  # up to the reply's own send
            reply = {"status": "Accepted", "data": str(held_ns)}
            await websocket.send(json.dumps([3, unique_id, reply]))

    async with serve(
        answer,
        sock=await listening_socket("127.0.0.1", 0),
        subprotocols=[Subprotocol("ocpp1.6")],
        compression=None,
        create_connection=StampedServerConnection,
    ) as server:
        pipe.send(server.sockets[0].getsockname()[1])
        await asyncio.to_thread(pipe.recv)  # until the bench says stop


SPIN_NS = 2_000_000


async def _hold_until(deadline_ns: int) -> None:
    """Sleep to within 2 ms of the deadline, then spin, so the delay held is close to the one
    asked for. What the DUT really held is measured and reported either way."""
    remaining = deadline_ns - time.monotonic_ns()
    if remaining > SPIN_NS:
        await asyncio.sleep((remaining - SPIN_NS) / 1e9)
    while time.monotonic_ns() < deadline_ns:
        pass


async def measure_latencies(port: int, plan: list[Scenario]) -> list[list[tuple[float, float]]]:
    """The harness as charge point, over the project's own transport and Session: per scenario,
    (measured latency, DUT-reported hold time) in ms for each exchange."""
    results = []
    async with harness_links(port, max(s.connections for s in plan)) as sessions:
        for session in sessions:
            for _ in range(20):  # warm-up: connection, validators, allocator
                await session.call("DataTransfer", Scenario(0, 1).request)
        for scenario in plan:
            if scenario.raw:
                results.append(await raw_latencies(port, scenario))
                continue
            used = sessions[: scenario.connections]
            each = scenario.count // len(used)
            stagger = scenario.delay_ms / 1e3 / len(used)  # replies spread over the delay
            runs = [exchanges(s, scenario, each, i * stagger) for i, s in enumerate(used)]
            results.append([x for run in await asyncio.gather(*runs) for x in run])
    return results


async def exchanges(
    session: Any, scenario: Scenario, count: int, start_after: float
) -> list[tuple[float, float]]:
    await asyncio.sleep(start_after)
    samples = []
    for _ in range(count):
        outcome = await session.call("DataTransfer", scenario.request)
        samples.append((outcome.latency_ms, int(outcome.payload["data"]) / 1e6))
    return samples


@asynccontextmanager
async def harness_links(port: int, count: int) -> AsyncIterator[list[Any]]:
    """``count`` harness sessions, each a charge point on its own connection to the bench DUT."""
    from octt_py.pics import Connection, Timing
    from octt_py.session import Link, Session
    from octt_py.transport.client import open_connection
    from octt_py.validation import default_schemas

    csms = Connection(csms_url=f"ws://127.0.0.1:{port}/ocpp")
    sessions, readers = [], []
    for i in range(count):
        session = Session(
            name="DUT",
            schemas=default_schemas(),
            timing=Timing(ocpp_response_timeout=5),
            responders={"MeterValues": _constant({})},
        )
        websocket = await open_connection(csms, f"BENCH{i:02d}", timeout=5)
        link = Link(websocket, session, peer="bench DUT")
        session.attach(link)
        sessions.append(session)
        readers.append(asyncio.get_running_loop().create_task(link.run()))
    try:
        yield sessions
    finally:
        for session in sessions:
            await session.link.close()
        await asyncio.gather(*readers)
    for session in sessions:
        if session.trace.findings:
            raise RuntimeError(f"timing bench produced findings: {session.trace.findings[:3]}")


async def raw_latencies(port: int, scenario: Scenario) -> list[tuple[float, float]]:
    """The same exchange from a bare websockets client, stamped in user space: right before
    send, right after the message is handed over."""
    from websockets.asyncio.client import connect
    from websockets.typing import Subprotocol

    samples = []
    url = f"ws://127.0.0.1:{port}/ocpp/RAW01"
    async with connect(
        url, subprotocols=[Subprotocol("ocpp1.6")], compression=None, ping_interval=None
    ) as websocket:
        for i in range(20 + scenario.count):  # the first 20 warm up
            text = json.dumps([2, f"raw{i}", "DataTransfer", scenario.request])
            start = time.monotonic_ns()
            await websocket.send(text)
            reply = await websocket.recv()
            measured_ms = (time.monotonic_ns() - start) / 1e6
            if i >= 20:
                samples.append((measured_ms, int(json.loads(reply)[2]["data"]) / 1e6))
    return samples


def measure_timing(quick: bool) -> list[dict[str, Any]]:
    """Section 2: start the DUT peer process, measure, summarise per scenario."""
    plan = timing_plan(quick)
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    dut = context.Process(target=dut_process, args=(child,), name="octt-bench-dut", daemon=True)
    dut.start()
    child.close()
    try:
        if not parent.poll(30):
            raise RuntimeError("the bench DUT did not start")
        results = asyncio.run(measure_latencies(parent.recv(), plan))
    finally:
        if dut.is_alive():
            parent.send("stop")
        dut.join(10)
        if dut.is_alive():
            dut.terminate()
    rows = []
    for scenario, samples in zip(plan, results):
        # The delay injected is what the DUT really held (its own kernel-stamped arrival to just
        # before its send), not what it was asked to hold: a DUT process that the machine
        # schedules late holds longer, and that is not the harness's measurement error.
        error = [measured - held for measured, held in samples]
        nominal = [measured - scenario.delay_ms for measured, _ in samples]
        overshoot = [held - scenario.delay_ms for _, held in samples]
        rows.append({
            "scenario": scenario.label, "delay_ms": scenario.delay_ms, "n": len(samples),
            "error_p50_ms": percentile(error, 50), "error_p99_ms": percentile(error, 99),
            "nominal_p50_ms": percentile(nominal, 50), "nominal_p99_ms": percentile(nominal, 99),
            "dut_overshoot_p99_ms": percentile(overshoot, 99),
        })  # fmt: skip
    return rows


def print_timing(rows: list[dict[str, Any]]) -> None:
    print("\n2. Timing accuracy: measured response time minus the delay the DUT injected (ms)")
    print(f"{'delay asked of the DUT':26} {'n':>4} {'p50':>7} {'p99':>7}"
          f"   {'minus delay asked: p50':>22} {'p99':>7}   {'DUT overshoot p99':>17}")  # fmt: skip
    for r in rows:
        print(f"{r['scenario']:26} {r['n']:>4} {r['error_p50_ms']:>7.3f} {r['error_p99_ms']:>7.3f}"
              f"   {r['nominal_p50_ms']:>22.3f} {r['nominal_p99_ms']:>7.3f}"
              f"   {r['dut_overshoot_p99_ms']:>17.3f}")  # fmt: skip
    plain = [r for r in rows if r["scenario"].endswith(" ms")]
    floors = {r["delay_ms"]: r for r in rows if r["scenario"].endswith("(raw websockets)")}
    for r in plain:
        if r["delay_ms"] in floors:
            floor = floors[r["delay_ms"]]
            print(f"   {r['scenario']}: the harness adds {r['error_p50_ms'] - floor['error_p50_ms']:+.3f} ms"
                  f" at p50, {r['error_p99_ms'] - floor['error_p99_ms']:+.3f} ms at p99"
                  " to a bare websockets client stamping in user space")  # fmt: skip
    met = all(r["error_p99_ms"] <= 1.0 for r in plain)
    print(f"   target within 1 ms at p99 (plain delays): {'met' if met else 'NOT met'}")


# -- 3 and 4. whole suite: wall time, where it goes, memory ---------------------------------------

GAP_THRESHOLD_MS = 50.0  # a reference DUT answers in about a millisecond; longer silence is a timer


def suite_process(pipe: Pipe) -> None:
    """Entry point of the suite's own process, so its peak RSS is the suite's and nothing else's."""
    pipe.send(run_suite())


def run_suite() -> dict[str, Any]:
    """Every discovered case against both reference DUTs through the Campaign API (what
    ``octt run --reference`` does, without pytest and the report)."""
    from octt_py.campaign import Campaign
    from octt_py.pics import SutSide

    rss_start = rss_kib()
    wall_start, cpu_start, main_start = (
        time.monotonic_ns(),
        time.process_time_ns(),
        time.thread_time_ns(),
    )
    cases, broken = discover_cases()
    records = []
    with tempfile.TemporaryDirectory(prefix="octt-bench-") as folder:
        campaign = Campaign(
            reference=[SutSide.CHARGE_POINT, SutSide.CSMS], results=Path(folder) / "results.jsonl"
        )
        try:
            for case in cases:
                start = time.monotonic_ns()
                result = campaign.run(case)
                end = time.monotonic_ns()
                records.append(case_record(case.case_id, result, start, end))
            threads = thread_cpu_ns()
            threads["MainThread"] -= main_start  # the imports before the run are not the run's
        finally:
            campaign.close()
    wall_ns = time.monotonic_ns() - wall_start
    return {
        "cases": records,
        "broken_modules": broken,
        "wall_ns": wall_ns,
        "process_cpu_ns": time.process_time_ns() - cpu_start,
        "threads_cpu_ns": threads,
        "rss_start_kib": rss_start,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def discover_cases() -> tuple[list[Any], list[str]]:
    """``testcase.discover()``, except that a case module that does not import is listed and
    skipped instead of ending the run: other people edit cases while benchmarks run."""
    import importlib
    import pkgutil

    import testcases
    from octt_py.testcase import Case

    found, broken = [], []
    for info in pkgutil.walk_packages(testcases.__path__, "testcases."):
        try:
            module = importlib.import_module(info.name)
        except Exception as exc:  # noqa: BLE001 - a module being edited can raise anything
            broken.append(f"{info.name}: {exc!r}")
            continue
        for value in vars(module).values():
            declared = getattr(value, "case", None)
            if isinstance(declared, Case) and value.__module__ == module.__name__:
                found.append(declared)
    return sorted(found, key=lambda c: c.case_id), broken


def case_record(case_id: str, result: Any, start: int, end: int) -> dict[str, Any]:
    """What the parent needs of a case: its window and its trace's event times and steps."""
    events = [
        (e.at_ns, e.data["description"] if e.type == "step" else None) for e in result.trace.events
    ]
    return {
        "case": case_id,
        "verdict": str(result.verdict),
        "start": start,
        "end": end,
        "events": events,
    }


def thread_cpu_ns() -> dict[str, int]:
    """CPU time of each live thread since it started, by name: harness loop, reference DUT loops,
    the rest. Threads that already ended are missing; the process total still counts them."""
    found: Counter[str] = Counter()
    for thread in threading.enumerate():
        if thread.ident is None:
            continue
        try:
            clock = time.pthread_getcpuclockid(thread.ident)
            found[thread.name] += time.clock_gettime_ns(clock)
        except (OSError, ProcessLookupError):
            continue
    return dict(found)


# What a step's text says the case is waiting for; the first pattern that matches wins.
WAIT_CAUSES = [
    (re.compile(r"ConnectionTimeOut", re.IGNORECASE), "connection timeout (ConnectionTimeOut)"),
    (
        re.compile(r"reservation.*expir|expir.*reservation|nobody arrives", re.IGNORECASE),
        "reservation expiry",
    ),
    (re.compile(r"offline|connectivity", re.IGNORECASE), "offline period and reconnection"),
    (re.compile(r"clock-aligned", re.IGNORECASE), "clock-aligned data interval"),
    (re.compile(r"BootNotification", re.IGNORECASE), "boot retry interval"),
    (re.compile(r"heartbeat", re.IGNORECASE), "heartbeat interval"),
    (
        re.compile(r"\bno\b|\bnot\b|nothing", re.IGNORECASE),
        "window in which a message must not come (negative check)",
    ),
    (re.compile(r"MeterValues|sample", re.IGNORECASE), "meter value sample interval"),
    (re.compile(r"firmware|diagnostics|download|upload", re.IGNORECASE), "file transfer"),
]


def wait_cause(step: str) -> str:
    for pattern, cause in WAIT_CAUSES:
        if pattern.search(step):
            return cause
    return "other (see the longest waits)"


@dataclass
class Waits:
    """Silences in the cases' traces, attributed to the step each case was in at the time."""

    total_s: float
    by_cause: Counter[str]
    by_step: Counter[tuple[str, str]]


def imposed_waits(records: list[dict[str, Any]], threshold_ms: float) -> Waits:
    """Seconds of silence longer than ``threshold_ms`` inside each case.

    Between two events of a case's trace (frames either way, steps, operator actions,
    connection changes) the harness was either working or waiting. The reference DUTs answer
    in about a millisecond, so a longer silence is a wait the protocol or the case imposed: a
    heartbeat or sample interval, a connection or reservation timeout, a window in which a
    forbidden message must not come. The step the case was in names which."""
    waits = Waits(0.0, Counter(), Counter())
    for record in records:
        start, end = record["start"], record["end"]
        inside = sorted(
            ((t, step) for t, step in record["events"] if start <= t <= end), key=lambda e: e[0]
        )
        previous, step = start, "(before the first step: connecting, preparing the DUT)"
        for at_ns, next_step in [*inside, (end, None)]:
            gap_s = (at_ns - previous) / 1e9
            if gap_s * 1e3 > threshold_ms:
                waits.total_s += gap_s
                waits.by_cause[wait_cause(step)] += gap_s
                waits.by_step[record["case"], step] += gap_s
            previous, step = at_ns, next_step or step
    return waits


def measure_suite() -> dict[str, Any]:
    """Sections 3 and 4: run the suite in a fresh process and split its wall time."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    worker = context.Process(target=suite_process, args=(child,), name="octt-bench-suite")
    worker.start()
    child.close()  # our copy; without this a crashed worker leaves recv() waiting forever
    try:
        raw = parent.recv()
    except EOFError:
        raise RuntimeError("the suite process ended without results (see its traceback)") from None
    finally:
        worker.join(60)
    records = raw["cases"]
    wall_s = raw["wall_ns"] / 1e9
    in_cases_s = sum(r["end"] - r["start"] for r in records) / 1e9
    by_side = Counter[str]()
    for r in records:
        by_side["charge point" if r["case"].endswith("_CS") else "CSMS"] += (
            r["end"] - r["start"]
        ) / 1e9
    waits = imposed_waits(records, GAP_THRESHOLD_MS)
    threads = raw["threads_cpu_ns"]
    harness_cpu_s = (threads.get("octt-harness", 0) + threads.get("MainThread", 0)) / 1e9
    reference_cpu_s = sum(v for k, v in threads.items() if k.startswith("octt-reference")) / 1e9
    process_cpu_s = raw["process_cpu_ns"] / 1e9
    durations = sorted(
        ((r["case"], (r["end"] - r["start"]) / 1e9) for r in records), key=lambda c: -c[1]
    )
    return {
        "cases": len(records),
        "broken_modules": raw["broken_modules"],
        "verdicts": dict(Counter(r["verdict"] for r in records)),
        "wall_s": wall_s,
        "in_cases_s": in_cases_s,
        "outside_cases_s": wall_s - in_cases_s,
        "in_cases_by_side_s": dict(by_side),
        "imposed_wait_s": waits.total_s,
        "imposed_wait_by_cause_s": dict(waits.by_cause.most_common()),
        "longest_waits": [(c, step, sec) for (c, step), sec in waits.by_step.most_common(6)],
        "waits_by_step": [
            (c, step, round(sec, 3), wait_cause(step))
            for (c, step), sec in waits.by_step.most_common()
        ],
        "imposed_wait_s_at": {
            f"{t:g}ms": imposed_waits(records, t).total_s for t in (20.0, 50.0, 200.0)
        },
        "active_s": in_cases_s - waits.total_s,
        "process_cpu_s": process_cpu_s,
        "harness_cpu_s": harness_cpu_s,
        "reference_cpu_s": reference_cpu_s,
        "other_cpu_s": process_cpu_s - harness_cpu_s - reference_cpu_s,
        "harness_overhead": harness_cpu_s / wall_s,
        "rss_start_mib": raw["rss_start_kib"] / 1024,
        "peak_rss_mib": raw["peak_rss_kib"] / 1024,
        "slowest_cases_s": durations[:5],
    }


def print_suite(s: dict[str, Any]) -> None:
    print("\n3. Whole suite against both reference DUTs (Campaign API, results written, no report)")
    for broken in s["broken_modules"]:
        print(f"   SKIPPED, does not import: {broken[:110]}")
    verdicts = ", ".join(f"{n} {v}" for v, n in sorted(s["verdicts"].items()))
    print(
        f"   {s['cases']} cases ({verdicts}); wall {s['wall_s']:.1f} s"
        f" (in cases {s['in_cases_s']:.1f} s, start-up and shut-down {s['outside_cases_s']:.1f} s)"
    )
    sides = ", ".join(f"{side} cases {sec:.1f} s" for side, sec in s["in_cases_by_side_s"].items())
    print(f"   {sides}")
    print(
        f"   waits the protocol/case imposed (trace silences > {GAP_THRESHOLD_MS:g} ms): {s['imposed_wait_s']:.1f} s"
        f" = {s['imposed_wait_s'] / s['wall_s']:.0%} of wall; active {s['active_s']:.1f} s"
    )
    at = ", ".join(f"{k}: {v:.1f} s" for k, v in s["imposed_wait_s_at"].items())
    print(f"     same split at other thresholds: {at}")
    for cause, seconds in s["imposed_wait_by_cause_s"].items():
        print(f"     {seconds:6.1f} s  {cause}")
    print("   longest waits:")
    for case, step, seconds in s["longest_waits"]:
        print(f"     {seconds:6.1f} s  {case}: {step[:80]}")
    print(
        f"   CPU: harness {s['harness_cpu_s']:.1f} s, reference DUTs {s['reference_cpu_s']:.1f} s,"
        f" other threads {s['other_cpu_s']:.1f} s, process {s['process_cpu_s']:.1f} s"
    )
    print(f"   harness overhead (harness CPU / wall): {s['harness_overhead']:.1%}")
    slowest = ", ".join(f"{c} {t:.1f} s" for c, t in s["slowest_cases_s"])
    print(f"   slowest cases: {slowest}")
    under_2_min = s["wall_s"] < 120
    print(
        f"   target whole suite < 2 min: {'met' if under_2_min else 'NOT met'};"
        f" overhead < 30 % of wall: {'met' if s['harness_overhead'] < 0.30 else 'NOT met'}"
    )
    print("\n4. Memory")
    print(
        f"   peak RSS of the suite process {s['peak_rss_mib']:.0f} MiB (after imports, before the run:"
        f" {s['rss_start_mib']:.0f} MiB)"
    )


def measure_cli() -> dict[str, Any]:
    """What a user waits for: ``octt run --reference`` as a command, pytest collection and the
    HTML/PDF report included; then ``octt report`` alone on its results, to split the two."""
    # The installed command, not `python -m octt_py.cli`: importing octt_py before pytest starts
    # defeats pytest's assertion rewriting of the plugin, and the project's filterwarnings =
    # error turns that warning into a crash.
    octt = shutil.which("octt") or str(Path(sys.executable).with_name("octt"))
    with tempfile.TemporaryDirectory(prefix="octt-bench-cli-") as folder:
        run = timed_command([octt, "run", "--reference", "--results", folder, "-q"])
        report = timed_command([octt, "report", folder, "-o", str(Path(folder) / "again")])
    return {"run": run, "report": report}


def timed_command(argv: list[str]) -> dict[str, Any]:
    """Wall time, CPU time and peak RSS of one child process (wait4 reports the child's own)."""
    quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    start = time.monotonic()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=quiet)
    _, status, usage = os.wait4(pid, 0)
    return {
        "wall_s": time.monotonic() - start,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,
        "exit_code": os.waitstatus_to_exitcode(status),
    }


def print_cli(c: dict[str, Any]) -> None:
    print("\n3b. The suite as a user runs it")
    for name, what in (("run", "octt run --reference (pytest, results, report)"),
                       ("report", "octt report on those results (HTML + PDF)")):  # fmt: skip
        r = c[name]
        print(f"   {what}: wall {r['wall_s']:.1f} s, CPU {r['cpu_s']:.1f} s,"
              f" peak RSS {r['peak_rss_mib']:.0f} MiB, exit code {r['exit_code']}")  # fmt: skip


# -- main --------------------------------------------------------------------------------------


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples, no 500 ms delay")
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="run only this section (repeatable)"
    )
    parser.add_argument(
        "--cli", action="store_true", help="also time `octt run --reference` and `octt report`"
    )
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    args = parser.parse_args(list(argv) if argv is not None else None)
    wanted = args.only or [name for name in SECTIONS if name != "cli" or args.cli]
    figures: dict[str, Any] = {"conditions": conditions(), "quick": args.quick}
    c = figures["conditions"]
    print(
        f"octt-py bench: Python {c['python']}, {c['cpus']} CPUs ({c['cpu_model']}), load {load_now()}"
    )
    steps: list[tuple[str, Callable[[], Any], Callable[[Any], None]]] = [
        ("frames", lambda: asyncio.run(measure_frames(args.quick)), print_frames),
        ("timing", lambda: measure_timing(args.quick), print_timing),
        ("suite", measure_suite, print_suite),
        ("cli", measure_cli, print_cli),
        ("worst", lambda: measure_worst(timed_command), print_worst),
    ]
    started = time.monotonic()
    for name, measure, show in steps:
        if name in wanted:
            figures[name] = measure()
            show(figures[name])
            figures.setdefault("load_after", {})[name] = [round(x, 2) for x in os.getloadavg()]
            print(f"   (load average now {load_now()})")
    print(f"\nbench took {time.monotonic() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
