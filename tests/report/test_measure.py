"""The performance table: what is timed, how it is summarised, and when it exceeds the PICS."""

from __future__ import annotations

import copy
import inspect

import pytest

from octt_py.pics import SutSide
from octt_py.report.collect import collect
from octt_py.report.measure import (
    TIDY_UP_STEP,
    Sample,
    perf_rows,
    response_samples,
    stats,
    triggered_samples,
    unanswered_calls,
)

from octt_py.runner import Harness
from octt_py.trace import Direction

from .conftest import CaseTrace, charge_point_run, csms_run


def by_name(rows: list) -> dict:
    return {row.name: row for row in rows}


def test_stats_are_worst_and_nearest_rank_p95() -> None:
    samples = [Sample("Heartbeat", float(v), f"TC_{v:03d}_CS", v) for v in range(1, 101)]
    result = stats(samples)
    assert result is not None
    assert (result.count, result.worst_ms, result.p95_ms, result.worst_case) == (
        100,
        100.0,
        95.0,
        "TC_100_CS",
    )
    assert stats([]) is None


def test_a_csms_dut_gets_response_timeout_and_authorize() -> None:
    run = csms_run()
    rows = by_name(perf_rows(SutSide.CSMS, run.cases, run.header["pics"]["timing"]))
    assert list(rows) == ["OCPP response timeout", "Response time Authorize"]
    authorize = rows["Response time Authorize"]
    assert authorize.stats.count == 2 and authorize.stats.worst_ms == 2500.5
    assert authorize.pics_s == 2.0 and authorize.exceeded and authorize.over == 1
    timeout = rows["OCPP response timeout"]
    assert timeout.stats.count == 14 and timeout.stats.worst_case == "TC_004_1_CSMS"
    assert not timeout.exceeded  # 2.5 s is within the 5 s OCPP response timeout


def test_a_charge_point_dut_gets_triggered_function_response_timeout_and_remote_start() -> None:
    run = charge_point_run()
    rows = by_name(perf_rows(SutSide.CHARGE_POINT, run.cases, run.header["pics"]["timing"]))
    assert list(rows) == [
        "OCPP triggered function timeout",
        "OCPP response timeout",
        "Response time RemoteStartTransaction",
    ]
    assert rows["Response time RemoteStartTransaction"].stats.worst_ms == 3.25
    assert rows["OCPP response timeout"].stats.count == 6
    triggered = rows["OCPP triggered function timeout"]
    assert triggered.stats.count == 2 and triggered.exceeded and triggered.over == 1
    assert triggered.stats.worst_ms == pytest.approx(1502.2)


def test_triggered_functions_pair_each_trigger_with_its_own_consequence() -> None:
    samples, missing = triggered_samples(charge_point_run().cases)
    found = {s.label: s.value_ms for s in samples}
    assert found == {
        "RemoteStartTransaction → StartTransaction": pytest.approx(853.25),
        # connector 2's StatusNotification came first but is not the one asked for
        "TriggerMessage → StatusNotification": pytest.approx(1502.2),
    }
    assert missing == 0  # the rejected TriggerMessage(Heartbeat) is not expected to happen


def test_an_accepted_trigger_without_its_message_counts_as_missing() -> None:
    case = copy.deepcopy(charge_point_run().cases[3])  # TC_054_CS
    case["events"] = [e for e in case["events"] if e["data"].get("action") != "StatusNotification"]
    assert triggered_samples([case]) == ([], 1)


def test_frames_repeated_in_later_traces_count_once(charge_point_results) -> None:
    cases = list(collect(charge_point_results).cases)
    repeated = copy.deepcopy(cases[1])
    repeated["case_id"] = "TC_099_CS"
    once = response_samples(cases)
    assert len(response_samples([*cases, repeated])) == len(once)
    assert len(triggered_samples([*cases, repeated])[0]) == len(triggered_samples(cases)[0])


def test_unanswered_calls_are_counted_across_cases() -> None:
    case = copy.deepcopy(csms_run().cases[0])
    replies = [e for e in case["events"] if e["data"].get("message_type") == "CALLRESULT"]
    case["events"] = [e for e in case["events"] if e is not replies[0]]
    assert unanswered_calls([case]) == 1
    later = {"case_id": "TC_002_CSMS", "events": [replies[0]], "measurements": []}
    assert unanswered_calls([case, later]) == 0


def _cleanup_case() -> dict:
    """A case whose own step stops nothing, followed by the runner's return to idle: a
    RemoteStopTransaction answered at once and its StopTransaction 25 s later."""
    t = CaseTrace()
    t.trace.step("Before the case: ClearCache (memory state: no id tag cached)")
    t.harness_call("ClearCache", {}, {"status": "Accepted"}, latency_ms=4.0, limit_ms=5000)
    t.trace.step("1. GetConfiguration")
    t.harness_call("GetConfiguration", {}, {"configurationKey": []}, latency_ms=2.0, limit_ms=5000)
    t.trace.step(TIDY_UP_STEP)
    t.harness_call("RemoteStopTransaction", {"transactionId": 7}, {"status": "Accepted"}, latency_ms=9000.0,
                   limit_ms=5000)
    t.wait(25_000)
    t.dut_call("StopTransaction", {"transactionId": 7, "meterStop": 5, "timestamp": "2026-03-02T09:03:00Z"}, {})
    t.frame(Direction.IN, [2, "late", "Heartbeat", {}], action="Heartbeat")
    return {"case_id": "TC_028_CS", **t.trace.to_json()}


def test_only_exchanges_inside_the_case_steps_are_measured() -> None:
    """The runner's preparation before a case and its return to idle after it are not the
    case's: a cleanup RemoteStopTransaction paired with a StopTransaction 25 s later once gave
    a 95th percentile above the PICS with no verdict behind it."""
    case = _cleanup_case()
    assert [s.label for s in response_samples([case])] == ["GetConfiguration"]
    assert triggered_samples([case]) == ([], 0)


def test_the_tidy_up_step_is_the_one_the_runner_opens() -> None:
    assert f'trace.step("{TIDY_UP_STEP}")' in inspect.getsource(Harness._tidy)
