"""Manual steps of the official test cases, done by a person or by automation.

OCPP test cases contain steps in brackets -- "[plug in the cable]", "[present RFID]", "[make the
CSMS send RemoteStartTransaction]" -- that no protocol message can bring about. A test case names
such a step as an :class:`OperatorAction` from a fixed vocabulary (:data:`ACTIONS`,
``vocabulary``) and hands it to an :class:`Operator` (``steps``). The operator returns an
:class:`OperatorOutcome` once the step is done. It raises :class:`StepNotSupported` when the rig
cannot do the step -- the case then does not apply to it -- and :class:`OperatorError` when the
step was tried and failed or took too long, which makes the case ``inconclusive``. Neither is
ever ``fail``: a step that did not happen proves nothing about the device under test.

Four backends share the interface, one module each. :class:`PromptOperator` asks a person at
the terminal (a lab). :class:`ShellOperator` runs a rig's command, :class:`WebhookOperator`
speaks the reference DUT control API (``docs/design.md``) and :class:`CallableOperator` calls
Python (CI, a lab's glue). :func:`operator_from_settings` builds the one a PICS names;
``docs/your-device.md`` shows each at work.
"""

from __future__ import annotations

from pathlib import Path

from octt_py.operator.function import CallableOperator
from octt_py.operator.prompt import PromptOperator
from octt_py.operator.shell import ShellOperator
from octt_py.operator.steps import (
    Operator,
    OperatorAction,
    OperatorError,
    OperatorOutcome,
    StepNotSupported,
)
from octt_py.operator.vocabulary import ACTIONS, ActionSpec, Param
from octt_py.operator.webhook import WebhookOperator
from octt_py.pics import OperatorSettings

__all__ = [
    "ACTIONS",
    "ActionSpec",
    "CallableOperator",
    "Operator",
    "OperatorAction",
    "OperatorError",
    "OperatorOutcome",
    "Param",
    "PromptOperator",
    "ShellOperator",
    "StepNotSupported",
    "WebhookOperator",
    "operator_from_settings",
]

_NEEDS = {"shell": "command", "webhook": "url", "callable": "callable"}


def operator_from_settings(settings: OperatorSettings, base_dir: Path | None = None) -> Operator:
    """The backend the PICS's ``[operator]`` section names; ValueError when it is incomplete.
    ``base_dir`` is the PICS file's folder, where a callable's module is looked up first."""
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
        return CallableOperator.from_spec(settings.callable, base_dir)
    raise ValueError(
        f"unknown operator backend {backend!r}; choose prompt, shell, webhook or callable"
    )
