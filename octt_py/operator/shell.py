"""The shell backend: a command does each step (a test rig's script, a simulator's CLI)."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import signal
import string
from collections.abc import Mapping

from octt_py.operator.steps import (
    OperatorAction,
    OperatorError,
    OperatorOutcome,
    StepNotSupported,
    within,
)

CANNOT_DO_STATUS = 77
"""The exit status by which a command says "this rig cannot do this step" (as automake's test
harness spells "skip"): the case needing it is not applicable. Any other non-zero status means
the step was tried and failed."""

_SHELL_FIELDS = ("action", "params_json", "instruction")


class ShellOperator:
    """A command does the step: a test rig's script or a simulator's CLI.

    The template is split the way a shell would split it (shlex) *before* fields are filled in,
    so a value with spaces or quotes stays one argument and no shell ever interprets it. Fields:
    ``{action}`` (the step's name), ``{params_json}``, ``{instruction}``, and each parameter of
    the step by name (a parameter named like one of those three is ``{param_<name>}``). Values:
    None is empty, booleans are ``true``/``false``, objects are JSON. The whole step also comes
    on standard input, as one line of JSON: ``{"action": ..., "params": {...}, "instruction":
    ...}``. Exit status 0 means done (the last line of stdout is the detail), 77
    (:data:`CANNOT_DO_STATUS`) that the rig cannot do this step, anything else that it failed;
    the command and all it started are killed on timeout.
    """

    def __init__(self, command: str) -> None:
        self._template = _split_template(command)

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        fields = _shell_fields(action)
        argv = [_fill(token, fields, action) for token in self._template]
        try:
            process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                start_new_session=True,  # its own process group, so a timeout kills it all
            )
        except OSError as exc:
            raise OperatorError(action.name, f"cannot run {argv[0]!r}: {exc}") from None
        try:
            out, err = await within(
                action, timeout, "the command did not finish",
                process.communicate((action.as_json() + "\n").encode()),
            )
        finally:
            if process.returncode is None:
                _kill_group(process.pid)
                await process.wait()
        if process.returncode:  # communicate() returned, so the process has ended
            why = _tail(err) or _tail(out) or "no output"
            if process.returncode == CANNOT_DO_STATUS:
                raise StepNotSupported(action.name, f"the command cannot do it: {why}")
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
