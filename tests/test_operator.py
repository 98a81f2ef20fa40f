"""The operator layer: its vocabulary, its secrets, and the four backends run for real.

The backends are exercised against real things on this machine only -- pipes for the prompt,
child processes for the shell, an HTTP server on 127.0.0.1 for the webhook -- with timeouts of a
fraction of a second.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import shlex
import ssl
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

import pytest
import pytest_asyncio

from octt_py.operator import (
    ACTIONS,
    CallableOperator,
    Operator,
    OperatorAction,
    OperatorError,
    OperatorOutcome,
    PromptOperator,
    ShellOperator,
    WebhookOperator,
    operator_from_settings,
)
from octt_py.pics import OperatorSettings, SutSide

PLUG = OperatorAction.of("plug_in", connector=1)
PY = shlex.quote(sys.executable)


async def _until(condition: Callable[[], bool], within: float = 2.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.005)


# --- The vocabulary -------------------------------------------------------------------------------

INSTRUCTIONS = [
    ("plug_in", {"connector": 1}, "Plug the cable into connector 1."),
    ("unplug", {"connector": 2},
     "Unplug the cable at connector 2 completely "
     "(from the EV and, if detachable, from the charge point)."),
    ("ev_disconnect", {"connector": 1},
     "Unplug the cable from the EV at connector 1; leave it in the charge point."),
    ("present_id_tag", {"id_tag": "TAG-VALID-1"},
     "Present id tag TAG-VALID-1 at the charge point."),
    ("present_id_tag", {"id_tag": "TAG-VALID-1", "connector": 2},
     "Present id tag TAG-VALID-1 at connector 2."),
    ("press_stop", {"connector": 1}, "Press the stop button for connector 1."),
    ("fault", {"connector": 1}, "Put connector 1 into a fault (error code OtherError)."),
    ("fault", {"connector": 0, "error_code": "GroundFailure"},
     "Put the charge point into a fault (error code GroundFailure)."),
    ("clear_fault", {"connector": 1}, "Clear the fault on connector 1."),
    ("clear_fault", {"connector": 0}, "Clear the fault on the charge point."),
    ("lock_failure", {"connector": 1},
     "Make the next cable lock on connector 1 fail (e.g. insert the plug only halfway)."),
    ("unlock_failure", {"connector": 1},
     "Make the next unlock of connector 1 fail (e.g. block the lock)."),
    ("power_loss", {}, "Cut the charge point's power and keep it off."),
    ("power_restore", {}, "Restore the charge point's power."),
    ("reboot", {}, "Power-cycle the charge point: switch it off, then on again."),
    ("go_offline", {}, "Cut the charge point's network connection to the central system."),
    ("go_online", {}, "Restore the charge point's network connection."),
    ("ev_suspend", {"connector": 1}, "Make the EV at connector 1 stop drawing energy."),
    ("ev_resume", {"connector": 1}, "Make the EV at connector 1 draw energy again."),
    ("local_list_failure", {"enabled": True},
     "Make storing a local authorization list fail on the charge point."),
    ("local_list_failure", {"enabled": False},
     "Let the charge point store local authorization lists again."),
    ("reservation_refusal", {"enabled": True}, "Make the charge point reject reservations."),
    ("reservation_refusal", {"enabled": False}, "Let the charge point accept reservations again."),
    ("trigger_refusal", {"enabled": True}, "Make the charge point reject TriggerMessage requests."),
    ("trigger_refusal", {"enabled": False},
     "Let the charge point accept TriggerMessage requests again."),
    ("firmware_install_failure", {"enabled": True},
     "Make firmware installation fail on the charge point."),
    ("firmware_install_failure", {"enabled": False},
     "Let firmware installation succeed on the charge point again."),
    ("security_profile", {"profile": 2},
     "Configure the charge point locally to connect with security profile 2 (security white "
     "paper), and let it reconnect."),
    ("csms_send",
     {"charge_point_id": "CP001", "action": "RemoteStartTransaction",
      "payload": {"connectorId": 1, "idTag": "TAG"}},
     'Make the CSMS send RemoteStartTransaction to charge point CP001 with '
     '{"connectorId": 1, "idTag": "TAG"}.'),
    ("csms_send", {"charge_point_id": "CP001", "action": "ClearCache"},
     "Make the CSMS send ClearCache to charge point CP001."),
    ("csms_configure",
     {"setting": "id_tag_status", "value": {"id_tag": "TAG-EXPIRED", "status": "Expired"}},
     'Prepare the CSMS: set id_tag_status to {"id_tag": "TAG-EXPIRED", "status": "Expired"}.'),
    ("csms_configure", {"setting": "boot_status", "value": "Pending", "charge_point_id": "CP001"},
     "Prepare the CSMS: set boot_status to Pending for charge point CP001."),
    ("csms_configure", {"setting": "boot_interval", "value": 10},
     "Prepare the CSMS: set boot_interval to 10."),
]  # fmt: skip


@pytest.mark.parametrize(("name", "params", "text"), INSTRUCTIONS)
def test_instruction_text(name: str, params: dict[str, object], text: str) -> None:
    assert OperatorAction(name, params).instruction() == text


def test_every_action_has_its_instruction_tested() -> None:
    assert {name for name, _, _ in INSTRUCTIONS} == set(ACTIONS)


def test_actions_say_whose_device_they_act_on() -> None:
    csms_side = {name for name, spec in ACTIONS.items() if spec.side is SutSide.CSMS}
    assert csms_side == {"csms_send", "csms_configure"}
    assert ACTIONS["present_id_tag"].signature() == "present_id_tag(id_tag, connector=None)"


def test_params_are_complete_frozen_plain_json() -> None:
    payload: dict[str, Any] = {"idTag": "TAG", "chargingProfile": MappingProxyType({"n": (1, 2)})}
    action = OperatorAction.of(
        "csms_send", charge_point_id="CP001", action="RemoteStartTransaction", payload=payload
    )
    payload["idTag"] = "CHANGED"
    assert action.params["payload"] == {"idTag": "TAG", "chargingProfile": {"n": [1, 2]}}
    tag = OperatorAction.of("present_id_tag", id_tag="T")
    assert tag.params == {"id_tag": "T", "connector": None}
    assert OperatorAction.of("fault", connector=1).params["error_code"] == "OtherError"
    assert len({PLUG, OperatorAction("plug_in", {"connector": 1})}) == 1
    with pytest.raises(TypeError):
        action.params["charge_point_id"] = "CP002"  # type: ignore[index]


@pytest.mark.parametrize(
    ("name", "params", "problem"),
    [
        ("jump", {}, "unknown operator action 'jump'; known: plug_in, "),
        ("plug_in", {}, "plug_in(connector): missing parameter connector"),
        ("plug_in", {"connector": 1, "side": "left"}, "unexpected parameter(s) side"),
        ("power_loss", {"connector": 1}, "power_loss(): unexpected parameter(s) connector"),
        ("plug_in", {"connector": "1"}, "connector must be an integer, not str"),
        ("plug_in", {"connector": True}, "connector must be an integer, not bool"),
        ("plug_in", {"connector": 0}, "connector must be at least 1"),
        ("present_id_tag", {"id_tag": ""}, "id_tag must not be empty"),
        ("present_id_tag", {"id_tag": None}, "id_tag must be a string, not NoneType"),
        ("fault", {"connector": 1, "error_code": "NoError"}, "error_code must be one of "),
        ("local_list_failure", {"enabled": 1}, "enabled must be true or false, not int"),
        ("csms_send", {"charge_point_id": "CP001", "action": "BootNotification"},
         "action must be one of CancelReservation, "),
        ("csms_send", {"charge_point_id": "CP001", "action": "Reset", "payload": "Hard"},
         "payload must be a JSON object, not str"),
        ("csms_send", {"charge_point_id": "CP", "action": "Reset", "payload": {"x": float("nan")}},
         "parameters are not plain JSON"),
        ("csms_configure", {"setting": "s", "value": object()}, "parameters are not plain JSON"),
    ],
)  # fmt: skip
def test_a_wrong_action_fails_when_it_is_made(
    name: str, params: dict[str, object], problem: str
) -> None:
    with pytest.raises(ValueError) as caught:
        OperatorAction(name, params)
    assert problem in str(caught.value)


def test_params_must_be_a_mapping() -> None:
    with pytest.raises(ValueError, match="params must be a mapping"):
        OperatorAction("plug_in", [("connector", 1)])  # type: ignore[arg-type]


# --- Secrets --------------------------------------------------------------------------------------


def test_secrets_never_reach_the_instruction_or_repr() -> None:
    password = OperatorAction.of("csms_configure", setting="basic_auth_password", value="hunter22")
    assert password.instruction() == "Prepare the CSMS: set basic_auth_password to •••."
    assert "hunter22" not in repr(password)
    assert password.params["value"] == "hunter22"  # the backend still gets it

    key = OperatorAction.of(
        "csms_send",
        charge_point_id="CP001",
        action="ChangeConfiguration",
        payload={"key": "AuthorizationKey", "value": "0011223344556677"},
    )
    assert key.instruction() == (
        "Make the CSMS send ChangeConfiguration to charge point CP001 with "
        '{"key": "AuthorizationKey", "value": "•••"}.'
    )

    member = OperatorAction.of(
        "csms_configure",
        setting="charge_point",
        value={"id": "CP1", "Password": "pw", "authorization_key": "k", "list": [{"password": 1}]},
    )
    assert member.redacted_params()["value"] == {
        "id": "CP1", "Password": "•••", "authorization_key": "•••", "list": [{"password": "•••"}]
    }


# --- PromptOperator -------------------------------------------------------------------------------


@pytest.fixture
def pipe() -> Iterator[tuple[TextIO, TextIO]]:
    """A terminal nobody types into until the test writes to it."""
    read_fd, write_fd = os.pipe()
    reader, writer = os.fdopen(read_fd, "r"), os.fdopen(write_fd, "w")
    yield reader, writer
    writer.close()  # end of input ends any read still waiting in a prompt thread
    for thread in threading.enumerate():
        if thread.name == "octt-prompt":
            thread.join(2)
    reader.close()


@pytest.mark.asyncio
async def test_prompt_enter_means_done() -> None:
    output = io.StringIO()
    outcome = await PromptOperator(io.StringIO("\n"), output).perform(PLUG, 1)
    assert outcome == OperatorOutcome(True, "confirmed at the terminal")
    assert "[operator] Plug the cable into connector 1.\n" in output.getvalue()
    assert "(1 s)" in output.getvalue()


@pytest.mark.asyncio
@pytest.mark.parametrize("answer", ["n", "N", "no", "skip"])
async def test_prompt_n_means_refused(answer: str) -> None:
    output = io.StringIO()
    with pytest.raises(OperatorError, match="'plug_in' not done: refused at the terminal"):
        await PromptOperator(io.StringIO(f"{answer}\n"), output).perform(PLUG, 1)
    assert output.getvalue().endswith("[operator] not done: refused at the terminal\n")


@pytest.mark.asyncio
async def test_prompt_asks_again_on_an_unclear_answer() -> None:
    output = io.StringIO()
    outcome = await PromptOperator(io.StringIO("maybe\nyes\n"), output).perform(PLUG, 1)
    assert outcome.done
    assert output.getvalue().count("Press Enter when done") == 2


@pytest.mark.asyncio
async def test_prompt_end_of_input_is_an_error() -> None:
    with pytest.raises(OperatorError, match="input is closed"):
        await PromptOperator(io.StringIO(""), io.StringIO()).perform(PLUG, 1)


@pytest.mark.asyncio
async def test_prompt_waits_without_blocking_the_event_loop(pipe: tuple[TextIO, TextIO]) -> None:
    reader, writer = pipe
    step = asyncio.create_task(PromptOperator(reader, io.StringIO()).perform(PLUG, 2))
    for _ in range(3):  # the loop keeps running while the person works
        await asyncio.sleep(0.01)
    assert not step.done()
    writer.write("\n")
    writer.flush()
    assert (await step).done


@pytest.mark.asyncio
async def test_prompt_without_an_answer_times_out(pipe: tuple[TextIO, TextIO]) -> None:
    reader, _ = pipe
    output = io.StringIO()
    started = time.monotonic()
    with pytest.raises(OperatorError, match="no answer at the terminal within 0.05 s"):
        await PromptOperator(reader, output).perform(PLUG, 0.05)
    assert time.monotonic() - started < 5  # bounded by the timeout, not hanging
    assert "not done: no answer at the terminal" in output.getvalue()


@pytest.mark.asyncio
async def test_a_timed_out_read_serves_the_next_prompt(pipe: tuple[TextIO, TextIO]) -> None:
    reader, writer = pipe
    operator = PromptOperator(reader, io.StringIO())
    with pytest.raises(OperatorError, match="no answer"):
        await operator.perform(PLUG, 0.05)
    step = asyncio.create_task(operator.perform(PLUG, 2))
    await asyncio.sleep(0.01)
    assert [t.name for t in threading.enumerate()].count("octt-prompt") == 1
    writer.write("\n")
    writer.flush()
    assert (await step).done


@pytest.mark.asyncio
async def test_a_late_answer_does_not_confirm_the_next_step(pipe: tuple[TextIO, TextIO]) -> None:
    reader, writer = pipe
    operator = PromptOperator(reader, io.StringIO())
    with pytest.raises(OperatorError, match="no answer"):
        await operator.perform(PLUG, 0.05)
    writer.write("\n")  # Enter for the step that already gave up
    writer.flush()
    answers = operator._answers  # the read still waiting from the first prompt
    await _until(lambda: answers._pending is not None and answers._pending.done())
    writer.write("n\n")
    writer.flush()
    with pytest.raises(OperatorError, match="refused"):
        await operator.perform(PLUG, 2)


@pytest.mark.asyncio
async def test_prompt_without_a_terminal_fails_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))  # not a TTY, as in CI
    for operator in (PromptOperator(), PromptOperator(io.StringIO("\n"), interactive=False)):
        with pytest.raises(OperatorError, match="no terminal to prompt on; choose another"):
            await asyncio.wait_for(operator.perform(PLUG, 300), 1)


# --- ShellOperator --------------------------------------------------------------------------------


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
    await _until(lambda: _gone(command) and _gone(child))


# --- WebhookOperator ------------------------------------------------------------------------------


def _http(status: int, body: object, *, reason: str = "Whatever") -> bytes:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
    return f"{head}Content-Length: {len(raw)}\r\nConnection: close\r\n\r\n".encode() + raw


class Rig:
    """A one-route HTTP server on loopback: records each request, answers with canned bytes.

    ``answer=None`` never answers (until the rig closes): a hung endpoint.
    """

    def __init__(self, answer: bytes | None) -> None:
        self.answer = answer
        self.requests: list[tuple[str, dict[str, str], Any]] = []
        self._release = asyncio.Event()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode().split("\r\n")
        headers = dict(line.split(": ", 1) for line in head[1:] if line)
        body = await reader.readexactly(int(headers["Content-Length"]))
        self.requests.append((head[0], headers, json.loads(body)))
        if self.answer is None:
            await self._release.wait()
        else:
            writer.write(self.answer)
            await writer.drain()
        writer.close()


@pytest_asyncio.fixture
async def rig_server() -> AsyncIterator[Callable[[bytes | None], Any]]:
    """Starts Rigs on 127.0.0.1:0 and yields (rig, url) pairs; closes them after the test."""
    started: list[tuple[Rig, asyncio.Server]] = []

    async def start(answer: bytes | None, tls: ssl.SSLContext | None = None) -> tuple[Rig, str]:
        rig = Rig(answer)
        server = await asyncio.start_server(rig._serve, "127.0.0.1", 0, ssl=tls)
        started.append((rig, server))
        scheme = "https" if tls else "http"
        return rig, f"{scheme}://127.0.0.1:{server.sockets[0].getsockname()[1]}"

    yield start
    for rig, server in started:
        rig._release.set()
        server.close()
        await server.wait_closed()


@pytest.mark.asyncio
async def test_webhook_done(rig_server: Any) -> None:
    answer = {"ok": True, "detail": "plugged\n in", "state": "Preparing"}
    rig, url = await rig_server(_http(200, answer, reason="OK"))
    outcome = await WebhookOperator(url).perform(PLUG, 2)
    assert outcome == OperatorOutcome(True, "plugged in", answer)
    ((request_line, headers, body),) = rig.requests
    assert request_line == "POST /actions/plug_in HTTP/1.1"
    assert headers["Host"] == url.removeprefix("http://")
    assert headers["Content-Type"] == "application/json"
    assert body == {"connector": 1}


@pytest.mark.asyncio
async def test_webhook_url_may_have_a_path(rig_server: Any) -> None:
    rig, url = await rig_server(_http(200, {"ok": True}))
    tag = OperatorAction.of("present_id_tag", id_tag="TAG")
    assert (await WebhookOperator(url + "/rig/").perform(tag, 2)).done
    assert rig.requests[0][0] == "POST /rig/actions/present_id_tag HTTP/1.1"
    assert rig.requests[0][2] == {"id_tag": "TAG", "connector": None}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (_http(409, {"ok": False, "error": "connector 1\nis occupied"}),
         "answered 409 (cannot be done now): connector 1 is occupied"),
        (_http(404, {"ok": False, "error": "unknown action 'plug_in'"}),
         "answered 404 (no such action): unknown action 'plug_in'"),
        (_http(400, {"ok": False, "error": "bad parameters"}), "answered 400: bad parameters"),
        (_http(500, b"boom"), "answered 500: not a JSON object: 'boom'"),
        (_http(200, {"ok": False, "error": "jammed"}), "answered 200: jammed"),
        (_http(200, {"state": "Preparing"}), 'answered 200: no "ok": true in the answer'),
        (_http(200, b'{"ok": tru'), "answered 200: not a JSON object: '{\"ok\": tru'"),
        (_http(200, [True]), "answered 200: not a JSON object: '[true]'"),
        (b"SSH-2.0-OpenSSH_9.6\r\n", "answered badly: not an HTTP answer: 'SSH-2.0"),
        (b"", "answered badly: not an HTTP answer: ''"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}", "2 bytes read on a total of 100"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n{}", "invalid literal for int()"),
    ],
)  # fmt: skip
async def test_webhook_errors(rig_server: Any, answer: bytes, reason: str) -> None:
    _, url = await rig_server(answer)
    with pytest.raises(OperatorError) as caught:
        await WebhookOperator(url).perform(PLUG, 2)
    assert str(caught.value).startswith(f"operator step 'plug_in' not done: {url}/actions/plug_in")
    assert reason in str(caught.value)


@pytest.mark.asyncio
async def test_webhook_reads_chunked_and_close_delimited_answers(rig_server: Any) -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"7\r\n{\"ok\": \r\n6;ext=1\r\ntrue, \r\nc\r\n\"n\": \"done\"}\r\n0\r\nX-Trailer: 1\r\n\r\n"
    )
    _, url = await rig_server(chunked)
    assert (await WebhookOperator(url).perform(PLUG, 2)).data == {"ok": True, "n": "done"}
    _, url = await rig_server(b'HTTP/1.0 200 OK\r\n\r\n{"ok": true}')
    assert (await WebhookOperator(url).perform(PLUG, 2)).done


@pytest.mark.asyncio
async def test_webhook_connection_refused() -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    with pytest.raises(OperatorError, match=f"cannot reach http://127.0.0.1:{port}/actions/plug"):
        await WebhookOperator(f"http://127.0.0.1:{port}").perform(PLUG, 2)


@pytest.mark.asyncio
async def test_webhook_slow_endpoint_times_out(rig_server: Any) -> None:
    rig, url = await rig_server(None)
    started = time.monotonic()
    with pytest.raises(OperatorError, match=r"no answer from http://.*/plug_in within 0.2 s"):
        await WebhookOperator(url).perform(PLUG, 0.2)
    assert time.monotonic() - started < 5  # bounded by the timeout, not hanging
    assert len(rig.requests) == 1


def _self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that is its own CA, and its key."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "octt test rig")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "rig.pem", directory / "rig.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))  # fmt: skip
    return cert_file, key_file


@pytest.mark.asyncio
async def test_webhook_over_https(
    rig_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert_file, key_file = _self_signed(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_file, key_file)
    rig, url = await rig_server(_http(200, {"ok": True}), tls)
    with pytest.raises(OperatorError, match="cannot reach https:.*CERTIFICATE_VERIFY_FAILED"):
        await WebhookOperator(url).perform(PLUG, 2)  # the rig's certificate is not trusted yet
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # read by the default context
    assert (await WebhookOperator(url).perform(PLUG, 2)).done
    assert rig.requests[-1][0] == "POST /actions/plug_in HTTP/1.1"


@pytest.mark.parametrize("url", ["ftp://rig/", "localhost:8080", "http://", "/actions"])
def test_webhook_rejects_a_bad_url_when_built(url: str) -> None:
    with pytest.raises(ValueError, match="operator url must be http://"):
        WebhookOperator(url)


# --- CallableOperator -----------------------------------------------------------------------------


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
    [(False, "refused by the callable"),
     (OperatorOutcome(False, "no cable at hand"), "no cable at hand"),
     (OperatorOutcome(False), "refused by the callable"),
     ("yes", "the callable returned str; expected OperatorOutcome, bool or None")],
)  # fmt: skip
async def test_callable_refusals(result: object, reason: str) -> None:
    with pytest.raises(OperatorError, match=f"'plug_in' not done: {reason}$"):
        await CallableOperator(lambda action: result).perform(PLUG, 1)


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
    [("octt_test_rig_glue.plug", "must be 'package.module:function'"),
     (":plug", "must be 'package.module:function'"),
     ("octt_test_rig_glue:", "must be 'package.module:function'"),
     ("octt_no_such_module:plug", "No module named 'octt_no_such_module'"),
     ("octt_test_rig_glue:unplug", "has no attribute 'unplug'"),
     ("octt_test_rig_glue:NOT_CALLABLE", "is a int")],
)  # fmt: skip
def test_callable_bad_spec(glue_module: str, spec: str, problem: str) -> None:
    with pytest.raises(ValueError, match="operator callable") as caught:
        CallableOperator.from_spec(spec)
    assert problem in str(caught.value)


# --- From the PICS --------------------------------------------------------------------------------


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
