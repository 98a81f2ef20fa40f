"""The shell backend, run for real as child processes: fields, the step on stdin, exit status
0 / 77 / other, timeouts that kill the whole process group."""

from __future__ import annotations

import json
import shlex
import time
from pathlib import Path

import pytest

from octt_py.operator import (
    OperatorAction,
    OperatorError,
    OperatorOutcome,
    ShellOperator,
    StepNotSupported,
)

from .common import PLUG, PY, until


def _python(code: str) -> str:
    """A command template that runs ``code`` in this Python."""
    return f"{PY} -c {shlex.quote(code)}"


ECHO_ARGS = _python("import json, sys; print('working'); print(json.dumps(sys.argv[1:]))")


@pytest.mark.asyncio
async def test_shell_fills_fields_and_reports_the_last_line() -> None:
    outcome = await ShellOperator(ECHO_ARGS + " {action} {connector}").perform(PLUG, 5)
    assert outcome == OperatorOutcome(True, '["plug_in", "1"]')


@pytest.mark.asyncio
async def test_shell_keeps_each_value_one_argument() -> None:
    tag = OperatorAction.of("present_id_tag", id_tag='A "B" C; rm -rf /')
    outcome = await ShellOperator(
        ECHO_ARGS + " {id_tag} {connector} {params_json} '{instruction}'"
    ).perform(tag, 5)
    id_tag, connector, params_json, instruction = json.loads(outcome.detail)
    assert id_tag == 'A "B" C; rm -rf /'
    assert connector == ""
    assert json.loads(params_json) == {"id_tag": 'A "B" C; rm -rf /', "connector": None}
    assert instruction == tag.instruction()


@pytest.mark.asyncio
async def test_shell_spells_booleans_objects_and_shadowed_params() -> None:
    toggle = OperatorAction.of("local_list_failure", enabled=True)
    assert (await ShellOperator(ECHO_ARGS + " {enabled}").perform(toggle, 5)).detail == '["true"]'
    send = OperatorAction.of(
        "csms_send", charge_point_id="CP001", action="Reset", payload={"type": "Hard"}
    )
    outcome = await ShellOperator(ECHO_ARGS + " {action} {param_action} {payload}").perform(send, 5)
    assert json.loads(outcome.detail) == ["csms_send", "Reset", '{"type": "Hard"}']


@pytest.mark.asyncio
async def test_shell_redacts_only_the_instruction() -> None:
    secret = OperatorAction.of("csms_configure", setting="basic_auth_password", value="hunter22")
    outcome = await ShellOperator(ECHO_ARGS + " {value} {instruction}").perform(secret, 5)
    assert json.loads(outcome.detail) == [
        "hunter22",
        "Prepare the CSMS: set basic_auth_password to •••.",
    ]


@pytest.mark.asyncio
async def test_shell_nonzero_exit_is_an_error_with_the_stderr_tail() -> None:
    failing = _python(
        "import sys; print('x'); sys.stderr.write('one\\ntwo\\nthree\\njammed\\n'); sys.exit(3)"
    )
    with pytest.raises(OperatorError, match=r"exited with status 3: two \| three \| jammed$"):
        await ShellOperator(failing).perform(PLUG, 5)
    with pytest.raises(OperatorError, match="exited with status 2: no output"):
        await ShellOperator(_python("raise SystemExit(2)")).perform(PLUG, 5)


@pytest.mark.asyncio
async def test_shell_gets_the_whole_step_as_json_on_stdin() -> None:
    """What the PICS template says: a rig script may read the step instead of taking fields."""
    echo_stdin = _python("import sys; print(sys.stdin.readline().strip())")
    tag = OperatorAction.of("present_id_tag", id_tag="TAG-VALID-1", connector=2)
    outcome = await ShellOperator(echo_stdin).perform(tag, 5)
    assert json.loads(outcome.detail) == {
        "action": "present_id_tag",
        "params": {"id_tag": "TAG-VALID-1", "connector": 2},
        "instruction": "Present id tag TAG-VALID-1 at connector 2.",
    }
    ignores_stdin = _python("print('done without reading')")  # a closed pipe is no error
    assert (await ShellOperator(ignores_stdin).perform(tag, 5)).detail == "done without reading"


@pytest.mark.asyncio
async def test_shell_exit_77_means_this_rig_cannot_do_the_step() -> None:
    cannot = _python("import sys; sys.stderr.write('no fault input on this rig\\n'); sys.exit(77)")
    with pytest.raises(StepNotSupported) as raised:
        await ShellOperator(cannot).perform(OperatorAction.of("fault", connector=1), 5)
    assert str(raised.value) == (
        "operator step 'fault' not done: the command cannot do it: no fault input on this rig"
    )
    with pytest.raises(OperatorError) as failed:
        await ShellOperator(_python("raise SystemExit(1)")).perform(PLUG, 5)
    assert not isinstance(failed.value, StepNotSupported)


@pytest.mark.asyncio
async def test_shell_names_a_field_the_action_lacks() -> None:
    with pytest.raises(OperatorError, match=r"uses \{id_tag\}, which plug_in\(connector\) does"):
        await ShellOperator("./rig.sh {action} {id_tag}").perform(PLUG, 5)
    with pytest.raises(OperatorError, match="does not fit"):
        await ShellOperator("./rig.sh {action:d}").perform(PLUG, 5)


@pytest.mark.asyncio
async def test_shell_command_that_does_not_exist() -> None:
    with pytest.raises(OperatorError, match="cannot run '/nonexistent/rig.sh'"):
        await ShellOperator("/nonexistent/rig.sh {action}").perform(PLUG, 5)


@pytest.mark.parametrize("command", ["", "   ", "rig 'unbalanced", "rig {}", "rig {0}",
                                     "rig {a.b}", "rig {payload[idTag]}", "rig {unclosed"])
def test_shell_rejects_a_bad_template_when_built(command: str) -> None:
    with pytest.raises(ValueError, match="operator command"):
        ShellOperator(command)


def _gone(pid: int) -> bool:
    """Exited, or a zombie waiting for its reaper."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.asyncio
async def test_shell_timeout_kills_the_command_and_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids"
    monkeypatch.setenv("OCTT_TEST_PIDS", str(pids))
    hang = _python(
        "import os, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "open(os.environ['OCTT_TEST_PIDS'], 'w').write('%d %d' % (os.getpid(), child.pid))\n"
        "time.sleep(60)\n"
    )
    started = time.monotonic()
    with pytest.raises(OperatorError, match="the command did not finish within 1.5 s"):
        await ShellOperator(hang).perform(PLUG, 1.5)
    assert time.monotonic() - started < 10  # bounded by the timeout, not hanging
    command, child = map(int, pids.read_text().split())
    await until(lambda: _gone(command) and _gone(child))
