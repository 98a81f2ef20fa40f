"""Manual steps of the official test cases, done by a person or by automation.

OCPP test cases contain steps in brackets -- "[plug in the cable]", "[present RFID]", "[make the
CSMS send RemoteStartTransaction]" -- that no protocol message can bring about. A test case names
such a step as an :class:`OperatorAction` from a fixed vocabulary (:data:`ACTIONS`) and hands it to
an :class:`Operator`. The operator returns an :class:`OperatorOutcome` once the step is done, or
raises :class:`OperatorError` when it is refused, fails or takes too long. The runner turns that
error into ``inconclusive``, never ``fail``: a step that did not happen proves nothing about the
device under test.

Four backends share the interface. :class:`PromptOperator` asks a person at the terminal (a
lab). :class:`ShellOperator` runs a rig's command, :class:`WebhookOperator` speaks the reference
DUT control API (``docs/design.md``) and :class:`CallableOperator` calls Python (CI).
:func:`operator_from_settings` builds the one a PICS names.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib
import inspect
import json
import os
import shlex
import signal
import ssl
import string
import sys
import threading
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol, TextIO, TypeVar, cast, runtime_checkable
from urllib.parse import urlsplit

from octt_py.pics import OperatorSettings, SutSide

T = TypeVar("T")


class OperatorError(Exception):
    """A manual step was not done: refused, timed out, or the backend failed.

    It carries the action's name and the reason, so the verdict can say which step failed and why.
    """

    def __init__(self, action: str, reason: str) -> None:
        super().__init__(f"operator step {action!r} not done: {reason}")
        self.action = action
        self.reason = reason


# --- The interface --------------------------------------------------------------------------------


@dataclass(frozen=True)
class OperatorAction:
    """One manual step from the vocabulary, checked when it is created.

    A misspelt action or parameter is a harness bug, so it raises ValueError here instead of
    reaching a person or a rig as a step that nobody can do. ``params`` is stored complete
    (defaults filled in) and as plain JSON, because backends pass it on as command-line arguments
    or a request body.
    """

    name: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        spec = ACTIONS.get(self.name)
        if spec is None:
            raise ValueError(f"unknown operator action {self.name!r}; known: {', '.join(ACTIONS)}")
        object.__setattr__(self, "params", MappingProxyType(spec.bind(self.params)))

    @classmethod
    def of(cls, name: str, **params: object) -> OperatorAction:
        """Shorthand: ``OperatorAction.of("plug_in", connector=1)``."""
        return cls(name, params)

    @property
    def spec(self) -> ActionSpec:
        return ACTIONS[self.name]

    def redacted_params(self) -> dict[str, object]:
        """The params with passwords and authorization keys masked: for instructions and traces."""
        return cast(dict[str, object], _redact(self.params))

    def instruction(self) -> str:
        """The sentence a person at the device reads."""
        return self.spec.render(self.redacted_params())

    def __repr__(self) -> str:
        return f"OperatorAction({self.name!r}, {self.redacted_params()!r})"

    def __hash__(self) -> int:  # params is a mapping; hash what it holds
        return hash((self.name, json.dumps(dict(self.params), sort_keys=True)))


@dataclass(frozen=True)
class OperatorOutcome:
    """What a backend reported for a step it carried out."""

    done: bool
    detail: str = ""
    data: Mapping[str, object] = field(default_factory=dict)


@runtime_checkable
class Operator(Protocol):
    """Carries out manual steps.

    ``perform`` returns (with ``done`` true) only when the step has been carried out. It raises
    OperatorError when the step is refused, fails, or is not done within ``timeout`` seconds.
    """

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome: ...


# --- The vocabulary -------------------------------------------------------------------------------

_REQUIRED: Any = object()  # the default of a parameter that has none
_KIND_NAMES = {int: "an integer", str: "a string", bool: "true or false", Mapping: "a JSON object"}


@dataclass(frozen=True)
class Param:
    """One parameter of an action: the JSON type it takes and the values the catalogue allows."""

    name: str
    kind: type  # int, str, bool, Mapping (a JSON object) or object (any JSON value)
    default: object = _REQUIRED
    minimum: int | None = None
    choices: frozenset[str] = frozenset()

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def problem(self, value: object) -> str | None:
        """Why ``value`` does not fit, or None when it does."""
        if self.kind is object or (value is None and self.default is None):
            return None
        if not isinstance(value, self.kind) or (self.kind is int and isinstance(value, bool)):
            return f"must be {_KIND_NAMES[self.kind]}, not {type(value).__name__}"
        if self.minimum is not None and value < self.minimum:  # type: ignore[operator]
            return f"must be at least {self.minimum}"
        if value == "":
            return "must not be empty"
        if self.choices and value not in self.choices:
            return f"must be one of {', '.join(sorted(self.choices))}"
        return None


@dataclass(frozen=True)
class ActionSpec:
    """One word of the vocabulary: its parameters and how to say it to a person."""

    name: str
    side: SutSide  # the device the step acts on: the DUT of the cases that use it
    params: tuple[Param, ...]
    render: Callable[[Mapping[str, Any]], str]  # the instruction, from redacted params

    def signature(self) -> str:
        """``present_id_tag(id_tag, connector=None)``: how the action is called."""
        args = (p.name if p.required else f"{p.name}={p.default!r}" for p in self.params)
        return f"{self.name}({', '.join(args)})"

    def bind(self, params: Mapping[str, object]) -> dict[str, object]:
        """The complete, checked parameters as plain JSON; ValueError names what is wrong."""
        if not isinstance(params, Mapping):
            raise ValueError(f"{self.signature()}: params must be a mapping")
        known = {p.name for p in self.params}
        if extra := sorted(set(params) - known):
            raise ValueError(f"{self.signature()}: unexpected parameter(s) {', '.join(extra)}")
        bound: dict[str, object] = {}
        for param in self.params:
            if param.name not in params and param.required:
                raise ValueError(f"{self.signature()}: missing parameter {param.name}")
            value = params.get(param.name, param.default)
            if (problem := param.problem(value)) is not None:
                raise ValueError(f"{self.signature()}: {param.name} {problem}")
            bound[param.name] = value
        return _plain_json(self, bound)


def _plain_json(spec: ActionSpec, params: dict[str, object]) -> dict[str, object]:
    """A deep copy that is plain JSON (dicts, lists, str, numbers), or ValueError."""
    try:
        text = json.dumps(params, allow_nan=False, default=_jsonable)
        return cast(dict[str, object], json.loads(text))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{spec.signature()}: parameters are not plain JSON: {exc}") from None


def _jsonable(value: object) -> object:
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


# Parameters shared by several actions.
_CONNECTOR = Param("connector", int, minimum=1)
_CONNECTOR_OR_CP = Param("connector", int, minimum=0)  # 0 is the charge point as a whole
_ENABLED = Param("enabled", bool)

# OCPP 1.6 ChargePointErrorCode without NoError: what a fault can be.
_FAULT_CODES = frozenset({
    "ConnectorLockFailure", "EVCommunicationError", "GroundFailure", "HighTemperature",
    "InternalError", "LocalListConflict", "OtherError", "OverCurrentFailure", "OverVoltage",
    "PowerMeterFailure", "PowerSwitchFailure", "ReaderFailure", "ResetFailure", "UnderVoltage",
    "WeakSignal",
})  # fmt: skip

# The messages a CSMS initiates in OCPP 1.6 and its security extension.
_CSMS_MESSAGES = frozenset({
    "CancelReservation", "CertificateSigned", "ChangeAvailability", "ChangeConfiguration",
    "ClearCache", "ClearChargingProfile", "DataTransfer", "DeleteCertificate",
    "ExtendedTriggerMessage", "GetCompositeSchedule", "GetConfiguration", "GetDiagnostics",
    "GetInstalledCertificateIds", "GetLocalListVersion", "GetLog", "InstallCertificate",
    "RemoteStartTransaction", "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList",
    "SetChargingProfile", "SignedUpdateFirmware", "TriggerMessage", "UnlockConnector",
    "UpdateFirmware",
})  # fmt: skip


def _where(connector: int) -> str:
    return "the charge point" if connector == 0 else f"connector {connector}"


def _text(value: object) -> str:
    """A value as a person reads it: strings bare, everything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _toggle(on: str, off: str) -> Callable[[Mapping[str, Any]], str]:
    return lambda p: on if p["enabled"] else off


def _present_id_tag(p: Mapping[str, Any]) -> str:
    where = "the charge point" if p["connector"] is None else f"connector {p['connector']}"
    return f"Present id tag {p['id_tag']} at {where}."


def _csms_send(p: Mapping[str, Any]) -> str:
    what = f"Make the CSMS send {p['action']} to charge point {p['charge_point_id']}"
    return f"{what} with {_text(p['payload'])}." if p["payload"] else f"{what}."


def _csms_configure(p: Mapping[str, Any]) -> str:
    what = f"Prepare the CSMS: set {p['setting']} to {_text(p['value'])}"
    if p["charge_point_id"] is None:
        return f"{what}."
    return f"{what} for charge point {p['charge_point_id']}."


_CP, _CSMS = SutSide.CHARGE_POINT, SutSide.CSMS

ACTIONS: Mapping[str, ActionSpec] = MappingProxyType({spec.name: spec for spec in (
    # On a charge point under test.
    ActionSpec("plug_in", _CP, (_CONNECTOR,),
               lambda p: f"Plug the cable into connector {p['connector']}."),
    ActionSpec("unplug", _CP, (_CONNECTOR,),
               lambda p: f"Unplug the cable at connector {p['connector']} completely "
                         "(from the EV and, if detachable, from the charge point)."),
    ActionSpec("ev_disconnect", _CP, (_CONNECTOR,),
               lambda p: f"Unplug the cable from the EV at connector {p['connector']}; "
                         "leave it in the charge point."),
    ActionSpec("present_id_tag", _CP,
               (Param("id_tag", str), Param("connector", int, default=None, minimum=1)),
               _present_id_tag),
    ActionSpec("press_stop", _CP, (_CONNECTOR,),
               lambda p: f"Press the stop button for connector {p['connector']}."),
    ActionSpec("fault", _CP,
               (_CONNECTOR_OR_CP, Param("error_code", str, "OtherError", choices=_FAULT_CODES)),
               lambda p: f"Put {_where(p['connector'])} into a fault "
                         f"(error code {p['error_code']})."),
    ActionSpec("clear_fault", _CP, (_CONNECTOR_OR_CP,),
               lambda p: f"Clear the fault on {_where(p['connector'])}."),
    ActionSpec("lock_failure", _CP, (_CONNECTOR,),
               lambda p: f"Make the next cable lock on connector {p['connector']} fail "
                         "(e.g. insert the plug only halfway)."),
    ActionSpec("unlock_failure", _CP, (_CONNECTOR,),
               lambda p: f"Make the next unlock of connector {p['connector']} fail "
                         "(e.g. block the lock)."),
    ActionSpec("power_loss", _CP, (), lambda p: "Cut the charge point's power and keep it off."),
    ActionSpec("power_restore", _CP, (), lambda p: "Restore the charge point's power."),
    ActionSpec("reboot", _CP, (),
               lambda p: "Power-cycle the charge point: switch it off, then on again."),
    ActionSpec("go_offline", _CP, (),
               lambda p: "Cut the charge point's network connection to the central system."),
    ActionSpec("go_online", _CP, (), lambda p: "Restore the charge point's network connection."),
    ActionSpec("ev_suspend", _CP, (_CONNECTOR,),
               lambda p: f"Make the EV at connector {p['connector']} stop drawing energy."),
    ActionSpec("ev_resume", _CP, (_CONNECTOR,),
               lambda p: f"Make the EV at connector {p['connector']} draw energy again."),
    ActionSpec("local_list_failure", _CP, (_ENABLED,),
               _toggle("Make storing a local authorization list fail on the charge point.",
                       "Let the charge point store local authorization lists again.")),
    ActionSpec("reservation_refusal", _CP, (_ENABLED,),
               _toggle("Make the charge point reject reservations.",
                       "Let the charge point accept reservations again.")),
    ActionSpec("trigger_refusal", _CP, (_ENABLED,),
               _toggle("Make the charge point reject TriggerMessage requests.",
                       "Let the charge point accept TriggerMessage requests again.")),
    ActionSpec("firmware_install_failure", _CP, (_ENABLED,),
               _toggle("Make firmware installation fail on the charge point.",
                       "Let firmware installation succeed on the charge point again.")),
    ActionSpec("security_profile", _CP, (Param("profile", int, minimum=0),),
               lambda p: f"Configure the charge point locally to connect with security profile "
                         f"{p['profile']} (security white paper), and let it reconnect."),
    # On a CSMS under test.
    ActionSpec("csms_send", _CSMS,
               (Param("charge_point_id", str), Param("action", str, choices=_CSMS_MESSAGES),
                Param("payload", Mapping, default={})),
               _csms_send),
    ActionSpec("csms_configure", _CSMS,
               (Param("setting", str), Param("value", object),
                Param("charge_point_id", str, default=None)),
               _csms_configure),
)})  # fmt: skip


# --- Secrets --------------------------------------------------------------------------------------

_SECRET_MARK = "•••"
_SECRET_NAMES = ("password", "authorizationkey")


def _redact(value: Any) -> Any:
    """A copy of a JSON value with its secrets masked.

    Masked: every member whose name is secret, and the ``value`` of a mapping whose ``key`` or
    ``setting`` names a secret -- ChangeConfiguration's ``{"key": "AuthorizationKey", "value":
    ...}`` and ``csms_configure(setting="basic_auth_password", value=...)``.
    """
    if isinstance(value, Mapping):
        names_secret = _is_secret(value.get("key")) or _is_secret(value.get("setting"))
        return {
            name: _SECRET_MARK if _is_secret(name) or (names_secret and name == "value")
            else _redact(member)
            for name, member in value.items()
        }  # fmt: skip
    if isinstance(value, list):
        return [_redact(item) for item in value]
    return value


def _is_secret(name: object) -> bool:
    """Password-like names in any spelling: basic_auth_password, AuthorizationKey, ..."""
    if not isinstance(name, str):
        return False
    folded = name.lower().replace("_", "").replace("-", "")
    return any(secret in folded for secret in _SECRET_NAMES)


# --- Shared by the backends -----------------------------------------------------------------------


async def _within(
    action: OperatorAction, timeout: float, waiting_for: str, work: Coroutine[Any, Any, T]
) -> T:
    """Await ``work`` for at most ``timeout`` seconds; the deadline becomes an OperatorError.

    ``work`` must turn its own errors into OperatorError, so that any TimeoutError seen here is
    the deadline.
    """
    try:
        async with asyncio.timeout(timeout):
            return await work
    except TimeoutError:
        raise OperatorError(action.name, f"{waiting_for} within {timeout:g} s") from None


# --- Backend: a person at the terminal ------------------------------------------------------------

_DONE_ANSWERS = frozenset({"", "y", "yes", "done"})
_REFUSED_ANSWERS = frozenset({"n", "no", "skip"})


class PromptOperator:
    """A person at the terminal does the step: for a lab run with a real device.

    Answers are read in a daemon thread, so the event loop (and with it the DUT's connection)
    keeps running while the person works, and a prompt that timed out leaves no thread behind
    that would hold up the harness's exit.
    """

    def __init__(
        self,
        input: TextIO | None = None,
        output: TextIO | None = None,
        interactive: bool | None = None,
    ) -> None:
        self._output = output if output is not None else sys.stdout
        self._answers = _LineReader(input if input is not None else sys.stdin)
        # Given streams are meant to be prompted on; a default stdin only when a person is there.
        self._interactive = (
            interactive if interactive is not None else input is not None or _is_tty(sys.stdin)
        )

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        if not self._interactive:
            raise OperatorError(
                action.name, "no terminal to prompt on; choose another operator backend"
            )
        self._say(f"\n[operator] {action.instruction()}\n")
        try:
            return await _within(
                action, timeout, "no answer at the terminal", self._ask(action, timeout)
            )
        except OperatorError as exc:
            self._say(f"\n[operator] not done: {exc.reason}\n")
            raise

    async def _ask(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        while True:
            self._say(
                f"[operator] Press Enter when done, or n and Enter if you cannot ({timeout:g} s): "
            )
            try:
                line = await self._answers.next_line()
            except (OSError, ValueError) as exc:  # stdin captured or closed
                raise OperatorError(action.name, f"cannot read the terminal: {exc}") from None
            if not line:
                raise OperatorError(action.name, "the terminal's input is closed")
            answer = line.strip().lower()
            if answer in _DONE_ANSWERS:
                return OperatorOutcome(True, "confirmed at the terminal")
            if answer in _REFUSED_ANSWERS:
                raise OperatorError(action.name, "refused at the terminal")

    def _say(self, text: str) -> None:
        self._output.write(text)
        self._output.flush()


class _LineReader:
    """Lines from a blocking text stream, each read in a daemon thread when asked for.

    A read that outlives its prompt (timed out) is handed to the next prompt while still
    waiting; a line that arrived after its prompt gave up is dropped, so a late Enter never
    confirms the next step.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending: concurrent.futures.Future[str] | None = None

    async def next_line(self) -> str:
        """The next line, "" at end of input."""
        if self._pending is None or self._pending.done():
            self._pending = concurrent.futures.Future()
            threading.Thread(
                target=self._read, args=(self._pending,), name="octt-prompt", daemon=True
            ).start()
        return await asyncio.wrap_future(self._pending)

    def _read(self, future: concurrent.futures.Future[str]) -> None:
        # Once running, the future cannot be cancelled by a timed-out prompt; it stays pending.
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(self._stream.readline())
        except Exception as exc:  # handed to the awaiting prompt
            future.set_exception(exc)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, OSError, ValueError):
        return False


# --- Backend: a rig's command ---------------------------------------------------------------------

_SHELL_FIELDS = ("action", "params_json", "instruction")


class ShellOperator:
    """A command does the step: a test rig's script or a simulator's CLI.

    The template is split the way a shell would split it (shlex) *before* fields are filled in,
    so a value with spaces or quotes stays one argument and no shell ever interprets it. Fields:
    ``{action}`` (the step's name), ``{params_json}``, ``{instruction}``, and each parameter of
    the step by name (a parameter named like one of those three is ``{param_<name>}``). Values:
    None is empty, booleans are ``true``/``false``, objects are JSON. Exit status 0 means done
    (the last line of stdout is the detail); the command and all it started are killed on timeout.
    """

    def __init__(self, command: str) -> None:
        self._template = _split_template(command)

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        fields = _shell_fields(action)
        argv = [_fill(token, fields, action) for token in self._template]
        try:
            process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                start_new_session=True,  # its own process group, so a timeout kills it all
            )
        except OSError as exc:
            raise OperatorError(action.name, f"cannot run {argv[0]!r}: {exc}") from None
        try:
            out, err = await _within(
                action, timeout, "the command did not finish", process.communicate()
            )
        finally:
            if process.returncode is None:
                _kill_group(process.pid)
                await process.wait()
        if process.returncode:  # communicate() returned, so the process has ended
            why = _tail(err) or _tail(out) or "no output"
            raise OperatorError(action.name, f"command {_exit(process.returncode)}: {why}")
        return OperatorOutcome(True, _last_line(out))


def _split_template(command: str) -> list[str]:
    """The command's arguments, with every field checked to be a plain name; ValueError if not."""
    try:
        tokens = shlex.split(command)
        fields = [name for token in tokens for _, name, _, _ in string.Formatter().parse(token)]
    except ValueError as exc:
        raise ValueError(f"operator command {command!r}: {exc}") from None
    if not tokens:
        raise ValueError("operator command is empty")
    for name in fields:
        if name is not None and not name.isidentifier():
            raise ValueError(
                f"operator command {command!r}: field {{{name}}} must be a name like {{connector}}"
            )
    return tokens


def _shell_fields(action: OperatorAction) -> dict[str, str]:
    fields = {
        f"param_{name}" if name in _SHELL_FIELDS else name: _shell_text(value)
        for name, value in action.params.items()
    }
    fields.update(
        action=action.name,
        params_json=json.dumps(dict(action.params)),
        instruction=action.instruction(),
    )
    return fields


def _shell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _fill(token: str, fields: Mapping[str, str], action: OperatorAction) -> str:
    try:
        return token.format_map(fields)
    except KeyError as exc:
        raise OperatorError(
            action.name,
            f"the command uses {{{exc.args[0]}}}, which {action.spec.signature()} does not have "
            f"(fields: {', '.join(fields)})",
        ) from None
    except ValueError as exc:  # a format spec that does not fit the value, e.g. {connector:d}
        raise OperatorError(action.name, f"the command's {token!r} does not fit: {exc}") from None


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _exit(returncode: int) -> str:
    if returncode < 0:
        return f"killed by signal {-returncode}"
    return f"exited with status {returncode}"


def _last_line(output: bytes) -> str:
    lines = output.decode(errors="replace").strip().splitlines()
    return lines[-1].strip() if lines else ""


def _tail(output: bytes, lines: int = 3, chars: int = 300) -> str:
    """The last few lines on one line: enough to say why, short enough for a verdict reason."""
    last = output.decode(errors="replace").strip().splitlines()[-lines:]
    return " | ".join(line.strip() for line in last)[-chars:]


# --- Backend: an HTTP endpoint --------------------------------------------------------------------

_MAX_ANSWER = 1 << 20
_WHY_STATUS = {404: " (no such action)", 409: " (cannot be done now)"}


class WebhookOperator:
    """An HTTP endpoint does the step: a reference DUT's control API, or a vendor rig speaking it.

    ``POST <url>/actions/<name>`` with the params as a JSON object; ``2xx {"ok": true, ...}`` is
    done, anything else is an OperatorError carrying the answer's ``error``. A small HTTP/1.1
    client on asyncio streams keeps octt-py free of an HTTP dependency for one POST per step.
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"operator url must be http://host[:port][/path], not {url!r}")
        self._url = url.rstrip("/")
        self._host = parts.hostname
        self._port = parts.port or (443 if parts.scheme == "https" else 80)
        self._netloc = parts.netloc.rpartition("@")[2]  # never send userinfo in Host
        self._path = parts.path.rstrip("/")
        self._ssl = ssl.create_default_context() if parts.scheme == "https" else None

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        where = f"{self._url}/actions/{action.name}"
        body = json.dumps(dict(action.params)).encode()
        status, answer = await _within(
            action, timeout, f"no answer from {where}", self._post(action, where, body)
        )
        reply = _json_object(answer)
        if 200 <= status < 300 and reply is not None and reply.get("ok") is True:
            return OperatorOutcome(True, _one_line(str(reply.get("detail", ""))), reply)
        why = _WHY_STATUS.get(status, "")
        raise OperatorError(action.name, f"{where} answered {status}{why}: {_error(reply, answer)}")

    async def _post(self, action: OperatorAction, where: str, body: bytes) -> tuple[int, bytes]:
        head = (
            f"POST {self._path}/actions/{action.name} HTTP/1.1\r\n"
            f"Host: {self._netloc}\r\n"
            "Content-Type: application/json\r\n"
            "Accept: application/json\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        )
        try:
            reader, writer = await asyncio.open_connection(self._host, self._port, ssl=self._ssl)
        except OSError as exc:
            raise OperatorError(action.name, f"cannot reach {where}: {exc}") from None
        try:
            writer.write(head.encode() + body)
            await writer.drain()
            return await _read_response(reader)
        except (OSError, EOFError, ValueError) as exc:  # reset, cut short, or not HTTP
            raise OperatorError(action.name, f"{where} answered badly: {exc}") from None
        finally:
            writer.close()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """Status code and body of an HTTP/1.x response; ValueError when it is not one."""
    status_line = (await reader.readline()).decode("latin-1").strip()
    version, _, rest = status_line.partition(" ")
    if not version.startswith("HTTP/1.") or not rest[:3].isdigit():
        raise ValueError(f"not an HTTP answer: {status_line[:80]!r}")
    headers: dict[str, str] = {}
    while line := (await reader.readline()).decode("latin-1").strip():
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = await _read_chunked(reader)
    elif "content-length" in headers:
        body = await _read_sized(reader, int(headers["content-length"]))
    else:
        body = await _read_to_end(reader)
    return int(rest[:3]), body


async def _read_sized(reader: asyncio.StreamReader, length: int) -> bytes:
    if not 0 <= length <= _MAX_ANSWER:
        raise ValueError(f"answer of {length} bytes")
    return await reader.readexactly(length)


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while size := int((await reader.readline()).split(b";")[0], 16):
        if len(body) + size > _MAX_ANSWER:
            raise ValueError("answer too long")
        body += await reader.readexactly(size)
        await reader.readline()  # the CRLF that ends each chunk
    while (await reader.readline()).strip():  # trailers
        pass
    return bytes(body)


async def _read_to_end(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while chunk := await reader.read(65536):
        body += chunk
        if len(body) > _MAX_ANSWER:
            raise ValueError("answer too long")
    return bytes(body)


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _error(reply: Mapping[str, Any] | None, body: bytes) -> str:
    """What the endpoint said went wrong, on one line."""
    if reply is None:
        return f"not a JSON object: {_one_line(body.decode(errors='replace'))[:200]!r}"
    if "error" in reply:
        return _one_line(str(reply["error"]))
    return 'no "ok": true in the answer'


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- Backend: Python code -------------------------------------------------------------------------


class CallableOperator:
    """Python code does the step: an in-process simulator, the harness's own tests, vendor glue.

    ``fn(action)`` returns an OperatorOutcome, True or None (done) or False (refused); it may be
    async. A plain function runs in a worker thread so it may block on a rig (a serial port, an
    HTTP call) without stalling the event loop and the timeout still holds; code that must use
    the event loop should be an async function.
    """

    def __init__(self, fn: Callable[[OperatorAction], object]) -> None:
        self._fn = fn

    @classmethod
    def from_spec(cls, spec: str) -> CallableOperator:
        """The function ``package.module:function`` (or ``:Class.method``) names."""
        module_name, _, path = spec.partition(":")
        if not module_name or not path:
            raise ValueError(f"operator callable must be 'package.module:function', not {spec!r}")
        try:
            target: Any = importlib.import_module(module_name)
            for name in path.split("."):
                target = getattr(target, name)
        except (ImportError, AttributeError) as exc:
            raise ValueError(f"operator callable {spec!r}: {exc}") from exc
        if not callable(target):
            raise ValueError(f"operator callable {spec!r} is a {type(target).__name__}")
        return cls(target)

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        result = await _within(action, timeout, "the callable did not finish", self._call(action))
        return _as_outcome(action, result)

    async def _call(self, action: OperatorAction) -> object:
        try:
            if inspect.iscoroutinefunction(self._fn):
                return await self._fn(action)
            result = await asyncio.to_thread(self._fn, action)
            return await result if inspect.isawaitable(result) else result
        except OperatorError:
            raise
        except Exception as exc:
            raise OperatorError(action.name, f"the callable raised {exc!r}") from exc


def _as_outcome(action: OperatorAction, result: object) -> OperatorOutcome:
    if result is None or result is True:
        return OperatorOutcome(True)
    if result is False:
        raise OperatorError(action.name, "refused by the callable")
    if isinstance(result, OperatorOutcome):
        if not result.done:
            raise OperatorError(action.name, result.detail or "refused by the callable")
        return result
    raise OperatorError(
        action.name,
        f"the callable returned {type(result).__name__}; expected OperatorOutcome, bool or None",
    )


# --- From the PICS --------------------------------------------------------------------------------

_NEEDS = {"shell": "command", "webhook": "url", "callable": "callable"}


def operator_from_settings(settings: OperatorSettings) -> Operator:
    """The backend the PICS's ``[operator]`` section names; ValueError when it is incomplete."""
    backend = settings.backend
    if (needed := _NEEDS.get(backend)) and not getattr(settings, needed):
        raise ValueError(f"operator backend {backend!r} needs operator.{needed} in the PICS")
    if backend == "prompt":
        return PromptOperator()
    if backend == "shell":
        return ShellOperator(settings.command)
    if backend == "webhook":
        return WebhookOperator(settings.url)
    if backend == "callable":
        return CallableOperator.from_spec(settings.callable)
    raise ValueError(
        f"unknown operator backend {backend!r}; choose prompt, shell, webhook or callable"
    )
