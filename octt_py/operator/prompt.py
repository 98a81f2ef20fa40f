"""The prompt backend: a person at the terminal does each step (a lab with a real device)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
import threading
from typing import TextIO

from octt_py.operator.steps import (
    OperatorAction,
    OperatorError,
    OperatorOutcome,
    StepNotSupported,
    within,
)

_DONE_ANSWERS = frozenset({"", "y", "yes", "done"})
_CANNOT_ANSWERS = frozenset({"n", "no", "cannot"})  # this rig cannot do the step: not applicable
_FAILED_ANSWERS = frozenset({"f", "failed"})  # tried, and it did not happen: inconclusive


class PromptOperator:
    """A person at the terminal does the step: for a lab run with a real device.

    Enter (or y) means done; n means this rig cannot do the step, so the case does not apply;
    f means it was tried and did not work, so the case is inconclusive. Answers are read in a
    daemon thread, so the event loop (and with it the DUT's connection) keeps running while the
    person works, and a prompt that timed out leaves no thread behind that would hold up the
    harness's exit.
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
            return await within(
                action, timeout, "no answer at the terminal", self._ask(action, timeout)
            )
        except OperatorError as exc:
            self._say(f"\n[operator] not done: {exc.reason}\n")
            raise

    async def _ask(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        while True:
            self._say(
                "[operator] Press Enter when done, n if this rig cannot do it, f if it failed "
                f"({timeout:g} s): "
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
            if answer in _CANNOT_ANSWERS:
                raise StepNotSupported(
                    action.name, "this rig cannot do it (answered at the terminal)"
                )
            if answer in _FAILED_ANSWERS:
                raise OperatorError(action.name, "it failed (answered at the terminal)")

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
