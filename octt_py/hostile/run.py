"""Running a hostile behaviour: its DUT on an event loop of its own, the harness facing it with a
short-timed PICS, each case timed, and what the harness made of it checked against the
behaviour's expectations (``Expect.problems``) and against the run's secret.

A lab can run the catalogue against its own build of the harness (``python -m
octt_py.hostile``); the harness's own tests run each behaviour as one test.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from octt_py.campaign import Campaign
from octt_py.hostile.behaviour import Behaviour, Expect
from octt_py.hostile.dut import CHARGE_POINT_ID, PASSWORD
from octt_py.operator import OperatorAction, OperatorOutcome, StepNotSupported
from octt_py.pics import Pics, SutSide, parse_pics
from octt_py.runner import BackgroundLoop
from octt_py.secrets import RUN as RUN_SECRETS
from octt_py.testcase import Case, discover
from octt_py.verdict import Verdict

_TIMING = """
[timing]
ocpp_response_timeout = 1.5
response_time_authorize = 1.5
triggered_function_timeout = 1
remote_start_time = 1.5
remote_stop_time = 1.5
heartbeat_interval = 1
boot_retry_interval = 1
meter_value_sample_interval = 1
connection_timeout = 1
reboot_timeout = 2
operator_timeout = 1
case_pause = 0
drain_window = 0.1
"""

_PICS = {
    SutSide.CHARGE_POINT: f"""
[dut]
side = "charge-point"
vendor = "hostile"
model = "catalogue"
charge_point_id = "{CHARGE_POINT_ID}"
[profiles]
core = true
remote_trigger = true
[connection]
listen_port = 0
security_profile = 1
basic_auth_password = "{PASSWORD}"
[capabilities]
connectors = 1
[configuration]
MeterValueSampleInterval = {{ value = "1", readonly = false }}
{_TIMING}""",
    SutSide.CSMS: f"""
[dut]
side = "csms"
vendor = "hostile"
model = "catalogue"
charge_point_id = "{CHARGE_POINT_ID}"
[profiles]
core = true
[connection]
csms_url = "ws://127.0.0.1:9/ocpp"
security_profile = 1
basic_auth_password = "{PASSWORD}"
[capabilities]
connectors = 1
{_TIMING}""",
}


def hostile_pics(side: SutSide) -> Pics:
    """The harness's PICS against a hostile DUT of ``side``: Basic auth (so a DUT can echo the
    password), one connector, and timeouts of a second or two, so every bound is short."""
    return parse_pics(_PICS[side], f"<hostile {side.value}>")


class Refusing:
    """The operator of a hostile run: there is no rig, every manual step is one it cannot do."""

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        raise StepNotSupported(action.name, "a hostile DUT has no rig")


@dataclass(frozen=True)
class Outcome:
    """What the harness made of one case against the behaviour, and what is wrong with that."""

    case_id: str
    verdict: Verdict
    reason: str
    seconds: float
    problems: tuple[str, ...]


def run(behaviour: Behaviour) -> list[Outcome]:
    """Run ``behaviour``'s cases against its DUT; one outcome per case."""
    cases = {case.case_id: case for case in discover()}
    dut = behaviour.dut()
    dut_loop = BackgroundLoop(f"hostile-{behaviour.name}")
    pics = hostile_pics(behaviour.side)
    pics = dataclasses.replace(pics, connection=dataclasses.replace(pics.connection, **behaviour.connection))
    with tempfile.TemporaryDirectory(prefix="octt-hostile-") as folder:
        results = Path(folder) / "results.jsonl"
        try:
            if behaviour.side is SutSide.CSMS:
                url = dut_loop.run(dut.start(""), timeout=10)
                pics = dataclasses.replace(pics, connection=dataclasses.replace(pics.connection, csms_url=url))
            campaign = Campaign(pics=[pics], results=results)
            try:
                harness = campaign.harness(behaviour.side)
                harness.role.operator = Refusing()
                if behaviour.side is SutSide.CHARGE_POINT:
                    dut_loop.run(dut.start(harness.role.endpoint), timeout=10)  # type: ignore[attr-defined]
                outcomes = [
                    _judged(campaign, cases[case_id], expect, pics)
                    for case_id, expect in zip(behaviour.cases, behaviour.expect, strict=True)
                ]
                time.sleep(behaviour.linger_s)
            finally:
                campaign.close()
        finally:
            dut_loop.run(dut.stop(), timeout=10)
            dut_loop.stop()
        written = results.read_text(encoding="utf-8", errors="replace")
    problems = []
    if behaviour.secret_free and PASSWORD in written:
        problems.append("the password is in results.jsonl")
    if behaviour.amends and not _amended(written, behaviour.amends):
        problems.append(f"no amend record for {behaviour.amends} in results.jsonl")
    last = outcomes[-1]
    outcomes[-1] = dataclasses.replace(last, problems=(*last.problems, *problems))
    return outcomes


def _amended(written: str, case_id: str) -> bool:
    """Whether results.jsonl holds a finding that amends ``case_id``'s record."""
    for line in written.splitlines():
        with contextlib.suppress(ValueError):
            record = json.loads(line)
            if record.get("type") == "amend" and record.get("case_id") == case_id:
                return True
    return False


def _judged(campaign: Campaign, case: Case, expect: Expect, pics: Pics) -> Outcome:
    result = campaign.run(case)
    seconds = result.duration_s  # to the verdict: writing the record is the bench's business
    reason = RUN_SECRETS.text(result.reason)  # as the terminal shows it: an echoed password scrubbed
    problems = expect.problems(result.verdict, reason, seconds, pics.timing)
    return Outcome(case.case_id, result.verdict, reason, seconds, tuple(problems))
