"""The interface between a case and whoever carries out its manual steps.

A case names a step as an :class:`OperatorAction` and hands it to an :class:`Operator`. The
operator returns an :class:`OperatorOutcome` once the step is done. It raises
:class:`StepNotSupported` when the rig cannot do that step at all -- the case then does not
apply to this rig (``not applicable``) -- and :class:`OperatorError` when the step was tried and
did not happen, or took too long (``inconclusive``). Neither is ever a ``fail``: a step that did
not happen proves nothing about the device under test.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol, TypeVar, cast, runtime_checkable

from octt_py.operator.vocabulary import ACTIONS, ActionSpec, redact
from octt_py.secrets import RUN as RUN_SECRETS

T = TypeVar("T")


class OperatorError(Exception):
    """A manual step was not done: it was tried and failed, timed out, or the backend failed.

    It carries the action's name and the reason, so the verdict can say which step failed and why.
    """

    def __init__(self, action: str, reason: str) -> None:
        super().__init__(f"operator step {action!r} not done: {reason}")
        self.action = action
        self.reason = reason


class StepNotSupported(OperatorError):
    """The rig cannot do this step at all (no input for error codes, no way to cut the power):
    the case that needs it does not apply here. Backends say so by an exit status, an HTTP
    status or this exception (docs/your-device.md)."""


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
        """The params with passwords and authorization keys masked: for instructions and traces
        (the run's secrets registry learns them here, so that they are scrubbed everywhere)."""
        RUN_SECRETS.learn_value(self.params)
        return cast(dict[str, object], redact(self.params))

    def instruction(self) -> str:
        """The sentence a person at the device reads."""
        return self.spec.render(self.redacted_params())

    def as_json(self) -> str:
        """The whole step for a rig: its name, its parameters (unmasked: the rig may need a
        password to set it) and the instruction a person would read."""
        step = {"action": self.name, "params": dict(self.params), "instruction": self.instruction()}
        return json.dumps(step, ensure_ascii=False)

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
    StepNotSupported when the rig cannot do the step, and OperatorError when the step fails or
    is not done within ``timeout`` seconds.
    """

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome: ...


async def within(
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
