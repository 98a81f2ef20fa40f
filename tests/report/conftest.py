"""Recorded results to render: built with the harness's own Trace and CaseResult, so the files
have exactly the shape a real run writes, with content chosen to exercise every report rule."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from octt_py import __version__
from octt_py.pics import Pics, parse_pics
from octt_py.results import CaseResult
from octt_py.trace import Direction, FindingKind, Measurement, Trace
from octt_py.verdict import Verdict

HOSTILE_VENDOR = "<script>alert(1)</script>"  # what a rude DUT puts in BootNotification
HOSTILE_PICS_VENDOR = "<script>x</script>"  # CiString20 fits in the PICS too
HOSTILE_DATA = "<img src=x onerror=\"document.title='PWNED'\">"
CSMS_AUTH_KEY = "0123456789abcdef0123"  # sent by the CSMS DUT in ChangeConfiguration
CP_AUTH_KEY = "fedcba9876543210fedc"  # sent to the charge point, and echoed back by it
BASIC_PASSWORD = "pw-secret-0123456789"
BASIC_TOKEN = "Q1AwMDE6cHctc2VjcmV0LTAxMjM0NTY3ODk="
FINGERPRINT = "ab12" * 16

CSMS_PICS = f"""
[dut]
side = "csms"
vendor = "{HOSTILE_PICS_VENDOR}"
model = "Cloud CSMS"
software_version = "4.2.0"
[profiles]
core = true
remote_trigger = true
[connection]
csms_url = "ws://127.0.0.1:9999/ocpp"
security_profile = 1
basic_auth_password = "{BASIC_PASSWORD}"
[timing]
ocpp_response_timeout = 5.0
response_time_authorize = 2.0
"""

CP_PICS = f"""
[dut]
side = "charge-point"
vendor = "Acme Charging"
model = "Wallbox X"
software_version = "1.2.3"
serial_number = "SN-0042"
[profiles]
core = true
remote_trigger = true
[connection]
security_profile = 1
basic_auth_password = "{BASIC_PASSWORD}"
[capabilities]
connectors = 2
fixed_cable = true
milliseconds_in_timestamps = false
[timing]
ocpp_response_timeout = 5.0
remote_start_time = 2.0
triggered_function_timeout = 1.0
[configuration]
HeartbeatInterval = "60"
AuthorizationKey = "{CP_AUTH_KEY}"
SupportedFeatureProfiles = {{ value = "Core,RemoteTrigger", readonly = true }}
MeterValueSampleInterval = "10"
"""


class CaseTrace:
    """A Trace written through its public API, on a clock the test moves forward."""

    def __init__(self) -> None:
        self.trace = Trace()
        self.now = time.monotonic_ns()
        self._ids = 0

    def wait(self, ms: float) -> None:
        self.now += int(ms * 1e6)

    def _uid(self) -> str:
        self._ids += 1
        return f"uid-{self._ids:04d}"

    def frame(self, direction: Direction, array: list[Any], **meta: Any) -> int:
        text = json.dumps(array)
        kinds = {2: "CALL", 3: "CALLRESULT", 4: "CALLERROR"}
        payload = (
            array[-1] if array[0] != 4 else {"errorCode": array[2], "errorDescription": array[3]}
        )
        meta.setdefault("violations", [])
        event = self.trace.frame(
            direction,
            text,
            self.now,
            {"message_type": kinds[array[0]], "unique_id": array[1], "payload": payload, **meta},
        )
        return event.seq

    def harness_call(
        self,
        action: str,
        payload: dict[str, Any],
        reply: dict[str, Any],
        *,
        latency_ms: float,
        limit_ms: float,
    ) -> int:
        """The harness sends a CALL, the DUT answers after ``latency_ms``; measured."""
        uid = self._uid()
        self.frame(Direction.OUT, [2, uid, action, payload], action=action)
        self.wait(latency_ms)
        seq = self.frame(Direction.IN, [3, uid, reply], action=action, latency_ms=latency_ms)
        measurement = Measurement(f"Response time {action}", action, latency_ms, limit_ms, seq)
        self.trace.measure(measurement)
        if measurement.exceeded:
            self.trace.finding(
                FindingKind.TIMING,
                f"{action} answered in {latency_ms:.0f} ms; "
                f"the PICS declares at most {limit_ms:.0f} ms",
                seq,
            )
        return seq

    def dut_call(
        self, action: str, payload: dict[str, Any], reply: dict[str, Any], **meta: Any
    ) -> int:
        """The DUT sends a CALL, the harness answers at once."""
        uid = self._uid()
        seq = self.frame(Direction.IN, [2, uid, action, payload], action=action, **meta)
        self.wait(0.2)
        self.frame(Direction.OUT, [3, uid, reply], action=action)
        return seq


class Run:
    """The records of one DUT side: the run header, then one line per case."""

    def __init__(
        self, pics: Pics, *, reference: bool = False, faults: tuple[str, ...] = ()
    ) -> None:
        self.pics = pics
        self.header = {
            "type": "run",
            "started": "2026-03-02T09:00:00.000Z",
            "tool": f"octt-py {__version__}",
            "sut": pics.side.value,
            "schemas": {"variant": "corrected", "fingerprint": FINGERPRINT},
            "reference": reference,
            "faults": list(faults),
            "pics": pics.redacted(),
        }
        self.cases: list[dict[str, Any]] = []

    def case(
        self,
        case_id: str,
        title: str,
        profile: str,
        verdict: Verdict,
        reason: str,
        body: Callable[[CaseTrace], None] = lambda _: None,
        description: str = "",
    ) -> None:
        recorder = CaseTrace()
        body(recorder)
        result = CaseResult(
            case_id=case_id,
            title=title,
            profile=profile,
            sut=self.pics.side.value,
            verdict=verdict,
            reason=reason,
            started=f"2026-03-02T09:{len(self.cases):02d}:00.000Z",
            duration_s=1.25 + len(self.cases),
            description=description,
            trace=recorder.trace,
        )
        self.cases.append(result.to_json())

    def lines(self, cases: slice = slice(None)) -> list[str]:
        return [json.dumps(self.header, ensure_ascii=False)] + [
            json.dumps(case, ensure_ascii=False) for case in self.cases[cases]
        ]


# -- the CSMS under test ---------------------------------------------------------------------


def _boot(t: CaseTrace) -> None:
    t.trace.step("1. BootNotification: the CSMS must accept it")
    t.harness_call(
        "BootNotification",
        {"chargePointVendor": "octt-py", "chargePointModel": "emu"},
        {"status": "Accepted", "currentTime": "2026-03-02T09:00:00Z", "interval": 60},
        latency_ms=40.0,
        limit_ms=5000,
    )
    for connector in (0, 1):
        t.harness_call(
            "StatusNotification",
            {"connectorId": connector, "errorCode": "NoError", "status": "Available"},
            {},
            latency_ms=1.5,
            limit_ms=5000,
        )
    t.harness_call(
        "Heartbeat", {}, {"currentTime": "2026-03-02T09:00:01Z"}, latency_ms=0.5, limit_ms=5000
    )


def _authorize_invalid(t: CaseTrace) -> None:
    _boot(t)
    t.trace.step("3. Authorize with the valid id tag: the CSMS answers Accepted")
    t.harness_call(
        "Authorize",
        {"idTag": "TAG-VALID-1"},
        {"idTagInfo": {"status": "Invalid"}},
        latency_ms=12.0,
        limit_ms=2000,
    )


def _authorize_slow(t: CaseTrace) -> None:
    t.trace.operator("present_id_tag", {"id_tag": "TAG-VALID-1"}, "done")
    t.harness_call(
        "Authorize",
        {"idTag": "TAG-VALID-1"},
        {"idTagInfo": {"status": "Accepted"}},
        latency_ms=2500.5,
        limit_ms=2000,
    )


def _unreachable(t: CaseTrace) -> None:
    t.trace.note("connection refused by ws://127.0.0.1:9999/ocpp/CP001")


def _set_authorization_key(t: CaseTrace) -> None:
    _boot(t)
    t.trace.step("2. The CSMS sets AuthorizationKey")
    t.dut_call(
        "ChangeConfiguration",
        {"key": "AuthorizationKey", "value": CSMS_AUTH_KEY},
        {"status": "Accepted"},
    )
    t.trace.note(f"the emulated charge point now uses AuthorizationKey {CSMS_AUTH_KEY}")
    t.dut_call("DataTransfer", {"vendorId": "acme", "data": HOSTILE_DATA}, {"status": "Accepted"})


def csms_run() -> Run:
    run = Run(parse_pics(CSMS_PICS), reference=True, faults=("authorize_valid_as_invalid",))
    run.case(
        "TC_001_CSMS",
        "Cold Boot Charge Point",
        "Core",
        Verdict.PASS,
        "all steps passed",
        _boot,
        "The charge point boots; the CSMS accepts it.\n\nSteps:\n1. BootNotification.",
    )
    run.case(
        "TC_003_CSMS",
        "Regular Charging Session - Plugin First",
        "Core",
        Verdict.FAIL,
        "the CSMS answered Authorize for TAG-VALID-1 with 'Invalid', not Accepted",
        _authorize_invalid,
        "Cable first, then identification.",
    )
    run.case(
        "TC_004_1_CSMS",
        "Regular Charging Session - Identification First",
        "Core",
        Verdict.FAIL,
        "Authorize answered in 2500 ms; the PICS declares at most 2000 ms",
        _authorize_slow,
    )
    run.case(
        "TC_010_CSMS",
        "Remote Start Charging Session - Cable Plugged in First",
        "Core",
        Verdict.INCONCLUSIVE,
        "the DUT could not be reached: connection refused",
        _unreachable,
    )
    run.case(
        "TC_019_1_CSMS",
        "Retrieve all configuration keys",
        "Core",
        Verdict.NOT_APPLICABLE,
        "the PICS declares no GetConfiguration support",
    )
    run.case(
        "TC_021_CSMS",
        "Change/set Configuration",
        "Core",
        Verdict.PASS,
        "all steps passed",
        _set_authorization_key,
    )
    run.case(
        "TC_046_1_CSMS",
        "Reservation of a Connector - Local start transaction",
        "Reservation",
        Verdict.NOT_APPLICABLE,
        "the PICS does not declare the Reservation profile",
    )
    return run


# -- the charge point under test -------------------------------------------------------------


def _boot_hostile(t: CaseTrace) -> None:
    t.trace.connection(
        f"connected (ws://CP001:{BASIC_PASSWORD}@127.0.0.1:9000/ocpp/CP001, ocpp1.6)"
    )
    violation = f"chargePointVendor: '{HOSTILE_VENDOR}' is too long"
    seq = t.dut_call(
        "BootNotification",
        {"chargePointVendor": HOSTILE_VENDOR, "chargePointModel": "Wallbox X"},
        {"status": "Accepted", "currentTime": "2026-03-02T09:00:00Z", "interval": 60},
        violations=[violation],
    )
    t.trace.finding(FindingKind.SCHEMA, violation, seq)


def _get_configuration(t: CaseTrace) -> None:
    t.harness_call(
        "GetConfiguration",
        {"key": ["HeartbeatInterval"]},
        {"configurationKey": [{"key": "HeartbeatInterval", "readonly": False, "value": "999"}]},
        latency_ms=3.0,
        limit_ms=5000,
    )
    t.harness_call(
        "GetConfiguration",
        {},
        {
            "configurationKey": [
                {"key": "HeartbeatInterval", "readonly": False, "value": "30"},
                {
                    "key": "SupportedFeatureProfiles",
                    "readonly": True,
                    "value": "Core,RemoteTrigger",
                },
                {"key": "AuthorizationKey", "readonly": False, "value": CP_AUTH_KEY},
                {"key": "VendorSpecificKey", "readonly": True, "value": "x"},
            ]
        },
        latency_ms=4.0,
        limit_ms=5000,
    )


def _remote_start(t: CaseTrace) -> None:
    t.trace.operator("plug_in", {"connector": 1}, "done")
    t.harness_call(
        "RemoteStartTransaction",
        {"connectorId": 1, "idTag": "TAG-VALID-1"},
        {"status": "Accepted"},
        latency_ms=3.25,
        limit_ms=5000,
    )
    t.wait(850)
    t.dut_call(
        "StartTransaction",
        {
            "connectorId": 1,
            "idTag": "TAG-VALID-1",
            "meterStart": 0,
            "timestamp": "2026-03-02T09:02:00Z",
        },
        {"transactionId": 7, "idTagInfo": {"status": "Accepted"}},
    )


def _trigger(t: CaseTrace) -> None:
    t.harness_call(
        "TriggerMessage",
        {"requestedMessage": "Heartbeat"},
        {"status": "Rejected"},
        latency_ms=2.0,
        limit_ms=5000,
    )
    t.harness_call(
        "TriggerMessage",
        {"requestedMessage": "StatusNotification", "connectorId": 1},
        {"status": "Accepted"},
        latency_ms=2.0,
        limit_ms=5000,
    )
    t.wait(300)
    t.dut_call(
        "StatusNotification", {"connectorId": 2, "errorCode": "NoError", "status": "Available"}, {}
    )
    t.wait(1200)
    t.dut_call(
        "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Available"}, {}
    )


def _change_authorization_key(t: CaseTrace) -> None:
    t.harness_call(
        "ChangeConfiguration",
        {"key": "AuthorizationKey", "value": CP_AUTH_KEY},
        {"status": "Accepted"},
        latency_ms=2.0,
        limit_ms=5000,
    )
    t.trace.note(f"reconnecting with Authorization: Basic {BASIC_TOKEN}")


def charge_point_run() -> Run:
    run = Run(parse_pics(CP_PICS))
    run.case(
        "TC_001_CS",
        "Cold Boot Charge Point",
        "Core",
        Verdict.FAIL,
        "the DUT's BootNotification breaks the schema",
        _boot_hostile,
    )
    run.case(
        "TC_019_CS",
        "Retrieve configuration",
        "Core",
        Verdict.PASS,
        "all steps passed",
        _get_configuration,
    )
    run.case(
        "TC_010_CS",
        "Remote Start Charging Session - Cable Plugged in First",
        "Core",
        Verdict.PASS,
        "all steps passed",
        _remote_start,
    )
    run.case(
        "TC_054_CS", "Trigger Message", "RemoteTrigger", Verdict.PASS, "all steps passed", _trigger
    )
    run.case(
        "TC_021_CS",
        "Change/set Configuration",
        "Core",
        Verdict.PASS,
        "all steps passed",
        _change_authorization_key,
    )
    return run


TORN_LINE = '{"type": "case", "case_id": "TC_012_CSMS", "verdict": "pa'


@pytest.fixture(scope="session")
def csms_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CSMS DUT's results.jsonl, cut off in the middle of its last line."""
    folder = tmp_path_factory.mktemp("csms")
    (folder / "results.jsonl").write_text(
        "\n".join(csms_run().lines()) + "\n" + TORN_LINE, encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="session")
def charge_point_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A charge point DUT's results as two pytest-xdist workers write them."""
    folder = tmp_path_factory.mktemp("charge-point")
    run = charge_point_run()
    (folder / "results-gw0.jsonl").write_text(
        "\n".join(run.lines(slice(0, 2))) + "\n", encoding="utf-8"
    )
    (folder / "results-gw1.jsonl").write_text(
        "\n".join(run.lines(slice(2, None))) + "\n", encoding="utf-8"
    )
    return folder
