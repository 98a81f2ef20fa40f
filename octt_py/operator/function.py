"""The callable backend: Python code does each step (an in-process simulator, the harness's own
tests, a lab's glue to its rig)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib
import importlib.util
import inspect
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from octt_py.operator.steps import OperatorAction, OperatorError, OperatorOutcome, within


class CallableOperator:
    """Python code does the step.

    ``fn(action)`` returns an OperatorOutcome, True or None (done) or False (not done); it may be
    async. It raises :class:`~octt_py.operator.StepNotSupported` when the rig cannot do the step
    at all (the case is then not applicable) and may raise OperatorError with its own reason;
    any other exception means the step failed. A plain function runs in a daemon thread of its
    own, so it may block on a rig (a serial port, an HTTP call) without stalling the event loop:
    at the operator timeout the harness stops waiting for it, and a call that never returns does
    not hold up the harness's exit. Code that must use the event loop should be async.
    """

    def __init__(self, fn: Callable[[OperatorAction], object]) -> None:
        self._fn = fn

    @classmethod
    def from_spec(cls, spec: str, base_dir: Path | None = None) -> CallableOperator:
        """The function a PICS's ``operator.callable`` names: ``module:function`` (or
        ``module:Class.method``), with ``module`` looked up first in ``base_dir`` (the PICS
        file's folder) and then on the Python path; or ``path/to/file.py:function``, the path
        relative to ``base_dir``."""
        module_name, _, path = spec.partition(":")
        if not module_name or not path:
            raise ValueError(
                f"operator callable must be 'module:function' or 'file.py:function', not {spec!r}"
            )
        try:
            target: Any = _module(module_name, base_dir)
            for name in path.split("."):
                target = getattr(target, name)
        except (ImportError, AttributeError, OSError) as exc:
            raise ValueError(f"operator callable {spec!r}: {exc}") from exc
        if not callable(target):
            raise ValueError(f"operator callable {spec!r} is a {type(target).__name__}")
        return cls(target)

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        result = await within(action, timeout, "the callable did not finish", self._call(action))
        return _as_outcome(action, result)

    async def _call(self, action: OperatorAction) -> object:
        try:
            if inspect.iscoroutinefunction(self._fn):
                return await self._fn(action)
            result = await _in_daemon_thread(self._fn, action)
            return await result if inspect.isawaitable(result) else result
        except OperatorError:
            raise
        except Exception as exc:
            raise OperatorError(action.name, f"the callable raised {exc!r}") from exc


def _module(name: str, base_dir: Path | None) -> ModuleType:
    """A module by file path (``.py``, relative to ``base_dir``) or by name, ``base_dir`` first."""
    if name.endswith(".py"):
        file = Path(name) if base_dir is None else base_dir / name
        spec = importlib.util.spec_from_file_location(f"octt_operator_{file.stem}", file)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {file}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # so that dataclasses and pickling find it
        spec.loader.exec_module(module)
        return module
    if base_dir is not None and str(base_dir) not in sys.path:
        sys.path.insert(0, str(base_dir))  # the lab's glue sits next to its PICS
    return importlib.import_module(name)


def _in_daemon_thread(
    fn: Callable[[OperatorAction], object], action: OperatorAction
) -> asyncio.Future[object]:
    """``fn(action)`` in a thread of its own that the interpreter does not wait for at exit
    (asyncio's default executor is joined at shutdown: a rig call that hangs would hang the
    harness after the run)."""
    future: concurrent.futures.Future[object] = concurrent.futures.Future()

    def work() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(fn(action))
        except BaseException as exc:  # handed to the awaiting step
            future.set_exception(exc)

    threading.Thread(target=work, name=f"octt-operator-{action.name}", daemon=True).start()
    return asyncio.wrap_future(future)


def _as_outcome(action: OperatorAction, result: object) -> OperatorOutcome:
    if result is None or result is True:
        return OperatorOutcome(True)
    if result is False:
        raise OperatorError(action.name, "not done (the callable returned False)")
    if isinstance(result, OperatorOutcome):
        if not result.done:
            raise OperatorError(action.name, result.detail or "not done (the callable said so)")
        return result
    raise OperatorError(
        action.name,
        f"the callable returned {type(result).__name__}; expected OperatorOutcome, bool or None",
    )
