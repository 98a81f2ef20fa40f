"""The prompt backend, run for real on pipes: a person's answers mean done, cannot, failed."""

from __future__ import annotations

import asyncio
import io
import os
import sys
import threading
import time
from collections.abc import Iterator
from typing import TextIO

import pytest

from octt_py.operator import (
    OperatorError,
    OperatorOutcome,
    PromptOperator,
    StepNotSupported,
)

from .common import PLUG, until

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
@pytest.mark.parametrize("answer", ["n", "N", "no", "cannot"])
async def test_prompt_n_means_this_rig_cannot_do_it(answer: str) -> None:
    output = io.StringIO()
    with pytest.raises(StepNotSupported) as raised:
        await PromptOperator(io.StringIO(f"{answer}\n"), output).perform(PLUG, 1)
    assert str(raised.value) == (
        "operator step 'plug_in' not done: this rig cannot do it (answered at the terminal)"
    )
    assert output.getvalue() == (
        "\n[operator] Plug the cable into connector 1.\n"
        "[operator] Press Enter when done, n if this rig cannot do it, f if it failed (1 s): "
        "\n[operator] not done: this rig cannot do it (answered at the terminal)\n"
    )


@pytest.mark.asyncio
@pytest.mark.parametrize("answer", ["f", "failed"])
async def test_prompt_f_means_tried_and_failed(answer: str) -> None:
    with pytest.raises(OperatorError) as raised:
        await PromptOperator(io.StringIO(f"{answer}\n"), io.StringIO()).perform(PLUG, 1)
    assert not isinstance(raised.value, StepNotSupported)
    assert raised.value.reason == "it failed (answered at the terminal)"


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
    await until(lambda: answers._pending is not None and answers._pending.done())
    writer.write("f\n")
    writer.flush()
    with pytest.raises(OperatorError, match="it failed"):
        await operator.perform(PLUG, 2)


@pytest.mark.asyncio
async def test_prompt_without_a_terminal_fails_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))  # not a TTY, as in CI
    for operator in (PromptOperator(), PromptOperator(io.StringIO("\n"), interactive=False)):
        with pytest.raises(OperatorError, match="no terminal to prompt on; choose another"):
            await asyncio.wait_for(operator.perform(PLUG, 300), 1)
