"""The callable backend and the PICS's [operator] section: functions looked up next to the
PICS or by path, plain functions in daemon threads, refusals and timeouts."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from octt_py.operator import (
    CallableOperator,
    Operator,
    OperatorAction,
    OperatorError,
    OperatorOutcome,
    PromptOperator,
    ShellOperator,
    StepNotSupported,
    WebhookOperator,
    operator_from_settings,
)
from octt_py.pics import OperatorSettings, load_pics

from .common import PLUG


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("result", "outcome"),
    [(None, OperatorOutcome(True)), (True, OperatorOutcome(True)),
     (OperatorOutcome(True, "ok", {"n": 1}), OperatorOutcome(True, "ok", {"n": 1}))],
)  # fmt: skip
async def test_callable_done(result: object, outcome: OperatorOutcome) -> None:
    seen: list[OperatorAction] = []

    def sync(action: OperatorAction) -> object:
        seen.append(action)
        return result

    async def asynchronous(action: OperatorAction) -> object:
        seen.append(action)
        return result

    assert await CallableOperator(sync).perform(PLUG, 1) == outcome
    assert await CallableOperator(asynchronous).perform(PLUG, 1) == outcome
    assert seen == [PLUG, PLUG]


@pytest.mark.asyncio
async def test_callable_plain_functions_run_off_the_event_loop_thread() -> None:
    threads: list[int] = []
    await CallableOperator(lambda action: threads.append(threading.get_ident())).perform(PLUG, 1)
    assert threads and threads[0] != threading.get_ident()


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("result", "reason"),
    [(False, r"not done \(the callable returned False\)"),
     (OperatorOutcome(False, "no cable at hand"), "no cable at hand"),
     (OperatorOutcome(False), r"not done \(the callable said so\)"),
     ("yes", "the callable returned str; expected OperatorOutcome, bool or None")],
)  # fmt: skip
async def test_callable_refusals(result: object, reason: str) -> None:
    with pytest.raises(OperatorError, match=f"'plug_in' not done: {reason}$"):
        await CallableOperator(lambda action: result).perform(PLUG, 1)


@pytest.mark.asyncio
async def test_callable_says_it_cannot_do_a_step_with_step_not_supported() -> None:
    def rig(action: OperatorAction) -> None:
        raise StepNotSupported(action.name, "no input for error codes")

    with pytest.raises(StepNotSupported) as caught:
        await CallableOperator(rig).perform(OperatorAction.of("fault", connector=1), 1)
    assert str(caught.value) == "operator step 'fault' not done: no input for error codes"


def test_a_blocking_callable_does_not_hold_up_the_exit(tmp_path: Path) -> None:
    """Issue 13 item 11: a rig call that never returns, abandoned at the operator timeout, must
    not keep the process alive (asyncio's default executor is joined at shutdown)."""
    script = tmp_path / "hang.py"
    script.write_text(
        "import asyncio, time\n"
        "from octt_py.operator import CallableOperator, OperatorAction, OperatorError\n"
        "async def main():\n"
        "    try:\n"
        "        await CallableOperator(lambda a: time.sleep(600)).perform(\n"
        "            OperatorAction.of('plug_in', connector=1), 0.1)\n"
        "    except OperatorError as exc:\n"
        "        print(exc.reason)\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "the callable did not finish within 0.1 s\n"


_SILENT_CHARGE_POINT_RUN = """
import socket, sys, threading, time
from websockets.sync.client import connect
from octt_py.cli import main

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]

def silent_charge_point():  # connects, never boots: the harness asks the operator to reboot it
    while True:
        try:
            with connect(f"ws://127.0.0.1:{port}/ocpp/CP001", subprotocols=["ocpp1.6"]) as ws:
                for _ in ws:
                    pass
        except Exception:
            time.sleep(0.2)

threading.Thread(target=silent_charge_point, daemon=True).start()
sys.exit(main(["run", "--pics", "p.toml", "--port", str(port), "--no-pdf", "-k", "TC_001_CS"]))
"""


def test_octt_run_exits_although_its_operator_callable_never_returns(tmp_path: Path) -> None:
    """Issue 13 item 11, the whole run: a rig function that blocks forever is abandoned at the
    PICS's operator_timeout, the case goes on to its verdict and ``octt run`` exits at once."""
    template = subprocess.run(
        [sys.executable, "-m", "octt_py.cli", "pics", "init", "--side", "charge-point"],
        capture_output=True, text=True, check=True,
    ).stdout
    pics = template
    for old, new in (('backend = "prompt"', 'backend = "callable"'),
                     ('callable = ""', 'callable = "rig.py:hang"'),
                     ("triggered_function_timeout = 30.0", "triggered_function_timeout = 1.0"),
                     ("reboot_timeout = 120.0", "reboot_timeout = 3.0"),
                     ("operator_timeout = 300.0", "operator_timeout = 1.0"),
                     ("case_pause = 1.0", "case_pause = 0.1")):
        assert f"\n{old}\n" in pics, old
        pics = pics.replace(f"\n{old}\n", f"\n{new}\n")
    (tmp_path / "p.toml").write_text(pics, encoding="utf-8")
    (tmp_path / "rig.py").write_text("import time\n\ndef hang(action):\n    while True:\n        time.sleep(3600)\n")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _SILENT_CHARGE_POINT_RUN], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    took = time.monotonic() - started
    assert done.returncode == 1, done.stdout + done.stderr
    assert "INCONCLUSIVE: DUT unreachable: an accepted BootNotification did not happen within 3 s" in done.stdout
    results = (tmp_path / "reports" / "results.jsonl").read_text(encoding="utf-8")
    assert ("not done: operator step 'reboot' not done: the callable did not finish within 1 s") in results
    assert took < 40, f"octt run took {took:.1f} s to exit"


@pytest.mark.asyncio
async def test_callable_exceptions_become_operator_errors() -> None:
    def broken(action: OperatorAction) -> None:
        raise RuntimeError("rig offline")

    with pytest.raises(OperatorError, match=r"raised RuntimeError\('rig offline'\)") as caught:
        await CallableOperator(broken).perform(PLUG, 1)
    assert isinstance(caught.value.__cause__, RuntimeError)

    refusal = OperatorError("plug_in", "the rig's own words")

    async def refuses(action: OperatorAction) -> None:
        raise refusal

    with pytest.raises(OperatorError) as caught:
        await CallableOperator(refuses).perform(PLUG, 1)
    assert caught.value is refusal


@pytest.mark.asyncio
async def test_callable_own_timeout_error_is_not_the_deadline() -> None:
    async def rig_timeout(action: OperatorAction) -> None:
        raise TimeoutError("serial port")

    with pytest.raises(OperatorError, match=r"raised TimeoutError\('serial port'\)"):
        await CallableOperator(rig_timeout).perform(PLUG, 1)


@pytest.mark.asyncio
async def test_callable_timeouts() -> None:
    release = threading.Event()
    try:
        with pytest.raises(OperatorError, match="the callable did not finish within 0.05 s"):
            await CallableOperator(lambda action: release.wait(5)).perform(PLUG, 0.05)
    finally:
        release.set()

    async def slow(action: OperatorAction) -> None:
        await asyncio.sleep(5)

    with pytest.raises(OperatorError, match="the callable did not finish within 0.05 s"):
        await CallableOperator(slow).perform(PLUG, 0.05)


@pytest.fixture
def glue_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An importable module of rig glue, as a vendor would write it."""
    (tmp_path / "octt_test_rig_glue.py").write_text(
        "from octt_py.operator import OperatorOutcome\n"
        "def plug(action):\n"
        "    return OperatorOutcome(True, 'did ' + action.name)\n"
        "class Rig:\n"
        "    @staticmethod\n"
        "    async def press(action):\n"
        "        return True\n"
        "NOT_CALLABLE = 3\n"
    )
    monkeypatch.syspath_prepend(tmp_path)
    monkeypatch.delitem(sys.modules, "octt_test_rig_glue", raising=False)
    return "octt_test_rig_glue"


@pytest.mark.asyncio
async def test_callable_from_spec(glue_module: str) -> None:
    plug = CallableOperator.from_spec(f"{glue_module}:plug")
    assert (await plug.perform(PLUG, 1)).detail == "did plug_in"
    assert (await CallableOperator.from_spec(f"{glue_module}:Rig.press").perform(PLUG, 1)).done


@pytest.mark.parametrize(
    ("spec", "problem"),
    [("octt_test_rig_glue.plug", "must be 'module:function' or 'file.py:function'"),
     (":plug", "must be 'module:function' or 'file.py:function'"),
     ("octt_test_rig_glue:", "must be 'module:function' or 'file.py:function'"),
     ("no/such/file.py:plug", "No such file or directory"),
     ("octt_no_such_module:plug", "No module named 'octt_no_such_module'"),
     ("octt_test_rig_glue:unplug", "has no attribute 'unplug'"),
     ("octt_test_rig_glue:NOT_CALLABLE", "is a int")],
)  # fmt: skip
def test_callable_bad_spec(glue_module: str, spec: str, problem: str) -> None:
    with pytest.raises(ValueError, match="operator callable") as caught:
        CallableOperator.from_spec(spec)
    assert problem in str(caught.value)


def test_a_callable_is_found_next_to_the_pics_or_by_path(tmp_path: Path) -> None:
    """A lab's glue sits next to its PICS; nothing needs to be on PYTHONPATH."""
    lab = tmp_path / "lab"
    (lab / "adapters").mkdir(parents=True)
    glue = "def plug(action):\n    return True\n"
    (lab / "octt_lab_rig.py").write_text(glue)
    (lab / "adapters" / "rest_rig.py").write_text(glue)
    pics = lab / "charger.toml"
    pics.write_text(
        '[dut]\nside = "charge-point"\nvendor = "V"\nmodel = "M"\n\n'
        '[operator]\nbackend = "callable"\ncallable = "octt_lab_rig:plug"\n'
    )
    by_module = operator_from_settings(load_pics(pics).operator, base_dir=lab)
    by_path = CallableOperator.from_spec("adapters/rest_rig.py:plug", base_dir=lab)
    assert isinstance(by_module, CallableOperator) and isinstance(by_path, CallableOperator)
    assert asyncio.run(by_path.perform(PLUG, 1)).done


def test_operator_from_settings(glue_module: str) -> None:
    glue = f"{glue_module}:plug"
    built = [
        operator_from_settings(OperatorSettings()),
        operator_from_settings(OperatorSettings(backend="shell", command="./rig.sh {action}")),
        operator_from_settings(OperatorSettings(backend="webhook", url="http://127.0.0.1:8080")),
        operator_from_settings(OperatorSettings(backend="callable", callable=glue)),
    ]
    kinds = [PromptOperator, ShellOperator, WebhookOperator, CallableOperator]
    assert [type(operator) for operator in built] == kinds
    assert all(isinstance(operator, Operator) for operator in built)


@pytest.mark.parametrize(
    ("settings", "problem"),
    [(OperatorSettings(backend="shell"), "'shell' needs operator.command"),
     (OperatorSettings(backend="webhook"), "'webhook' needs operator.url"),
     (OperatorSettings(backend="callable"), "'callable' needs operator.callable"),
     (OperatorSettings(backend="pigeon"), "unknown operator backend 'pigeon'")],
)  # fmt: skip
def test_operator_from_incomplete_settings(settings: OperatorSettings, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        operator_from_settings(settings)
    assert problem in str(caught.value)
