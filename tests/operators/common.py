"""What the operator backend tests share: a step, this Python as a command, a bounded wait."""

from __future__ import annotations

import asyncio
import shlex
import sys
import time
from collections.abc import Callable

from octt_py.operator import OperatorAction

PLUG = OperatorAction.of("plug_in", connector=1)
PY = shlex.quote(sys.executable)


async def until(condition: Callable[[], bool], within: float = 2.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.005)
