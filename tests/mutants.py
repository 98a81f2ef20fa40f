"""Schema-breaking mutants of what a DUT sends, for the tests that prove nothing a DUT says can
give the verdict `error` (issue 13 §3).

A :class:`Mutator` sits on the harness's receive path (``session.Link._received``) and, once the
case's own steps have begun (``Session.settle``), rewrites the Nth CALLRESULT or CALL the DUT
sends with one mutant: to the harness that is exactly a DUT that sent it. The mutants are the
ways real devices get a payload wrong: a string where an integer belongs and back, a list or an
object sent as a string, a required field left out, NaN, a nested object where a scalar belongs,
a dateTime without its UTC offset. Only a mutant that breaks the OCPP 1.6 schema of the message
is used: a dropped optional field is still a valid message, and proves nothing here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from octt_py import session as session_module
from octt_py.validation import Kind, SchemaSet, default_schemas

Path = tuple[str | int, ...]
Payload = dict[str, Any]
Mutant = Callable[[Payload], list[tuple[Path, Payload]]]
"""Every way to apply a mutant to a payload: (the path it changes, the mutated payload)."""

_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _leaves(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every value inside a payload, depth first, with its path (containers before their items)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), item
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*path, index), item
            yield from _leaves(item, (*path, index))


def _copy(payload: Payload) -> Payload:
    copied: Payload = json.loads(json.dumps(payload))
    return copied


def _parent(payload: Any, path: Path) -> Any:
    for step in path[:-1]:
        payload = payload[step]
    return payload


def replaced(payload: Payload, path: Path, value: Any) -> Payload:
    """``payload`` with the value at ``path`` replaced by ``value``."""
    copy = _copy(payload)
    _parent(copy, path)[path[-1]] = value
    return copy


def _without(payload: Payload, path: Path) -> Payload:
    copy = _copy(payload)
    del _parent(copy, path)[path[-1]]
    return copy


def _swap(wanted: Callable[[Any], bool], new: Callable[[Any], Any]) -> Mutant:
    def mutate(payload: Payload) -> list[tuple[Path, Payload]]:
        return [(path, replaced(payload, path, new(value))) for path, value in _leaves(payload) if wanted(value)]

    return mutate


def _drop_field(payload: Payload) -> list[tuple[Path, Payload]]:
    """Each member of each object left out (the schema filter keeps the required ones)."""
    members = [path for path, _ in _leaves(payload) if isinstance(path[-1], str)]
    return [(path, _without(payload, path)) for path in members]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (int, float, str)) and not isinstance(value, bool)


def _is_datetime(value: Any) -> bool:
    return isinstance(value, str) and bool(_DATETIME.match(value))


def without_offset(value: str) -> str:
    """A dateTime as a device with no notion of time zones writes it: local, no offset."""
    return re.sub(r"(Z|[+-]\d\d:\d\d)$", "", value)


MUTANTS: dict[str, Mutant] = {
    "string_to_int": _swap(lambda v: isinstance(v, str), lambda _: 12345),
    "int_to_string": _swap(_is_int, lambda _: "abc"),
    "list_to_string": _swap(lambda v: isinstance(v, list), lambda _: "not-a-list"),
    "object_to_string": _swap(lambda v: isinstance(v, dict), lambda _: "Accepted"),
    "drop_required_field": _drop_field,
    "nan": _swap(_is_scalar, lambda _: math.nan),
    "nested_object": _swap(_is_scalar, lambda _: {"nested": {"deep": [1]}}),
    "naive_datetime": _swap(_is_datetime, without_offset),
}
"""Mutant name -> every way it applies to a payload."""


def at(path: Path, value: Any) -> Mutant:
    """A mutant that sets one field (``value`` may be a function of the old value): the
    regression tests' exact repros."""

    def mutate(payload: Payload) -> list[tuple[Path, Payload]]:
        try:
            old = _parent(payload, path)[path[-1]]
        except (KeyError, IndexError, TypeError):
            return []
        return [(path, replaced(payload, path, value(old) if callable(value) else value))]

    return mutate


class Mutator:
    """Mutates the ``nth`` (1-based) DUT CALLRESULT or CALL, counted from the start of the
    case's steps, among those ``mutant`` can break (of ``action`` only, if given); of the ways
    it can, the one at ``pick`` (modulo their number). One mutation per case."""

    def __init__(
        self, mutant: str | Mutant, nth: int = 1, pick: int = 0, *, action: str = "",
        schemas: SchemaSet | None = None,
    ) -> None:
        self.mutant = MUTANTS[mutant] if isinstance(mutant, str) else mutant
        self.name = mutant if isinstance(mutant, str) else "mutant"
        self.nth, self.pick, self.action = nth, pick, action
        self.schemas = schemas or default_schemas()
        self.armed = False  # set once the case's own steps begin
        self.seen = 0
        self.done = ""  # what was mutated, for the assertion message

    def __call__(self, link: session_module.Link, text: str | bytes) -> str | bytes:
        if not self.armed or self.done or not isinstance(text, str):
            return text
        try:
            frame = json.loads(text)
        except ValueError:
            return text
        if not (isinstance(frame, list) and len(frame) in (3, 4) and frame[0] in (2, 3)):
            return text
        action, kind = _action_of(link, frame)
        payload = frame[-1]
        if not action or not isinstance(payload, dict) or self.action not in ("", action):
            return text
        ways = [
            (path, mutated) for path, mutated in self.mutant(payload)
            if self.schemas.validate(action, kind, mutated)
        ]
        if not ways:
            return text
        self.seen += 1
        if self.seen < self.nth:
            return text
        path, mutated = ways[self.pick % len(ways)]
        pointer = "/" + "/".join(str(step) for step in path)
        self.done = f"{self.name} of {action} {kind} at {pointer}"
        return json.dumps([*frame[:-1], mutated])


def _action_of(link: session_module.Link, frame: list[Any]) -> tuple[str, Kind]:
    """The action of a DUT frame: a CALL names it, a CALLRESULT answers a CALL the harness has
    outstanding on this link ("" when it answers none: that is not a schema matter)."""
    if frame[0] == 2:
        return (frame[2] if isinstance(frame[2], str) else ""), Kind.REQUEST
    outstanding = link.correlator._ours.get(frame[1]) if isinstance(frame[1], str) else None
    return (outstanding.call.action if outstanding is not None else ""), Kind.RESPONSE


@contextmanager
def mutating(mutator: Mutator) -> Iterator[Mutator]:
    """Put ``mutator`` on the harness's receive path while the block runs."""
    received = session_module.Link._received
    settle = session_module.Session.settle

    def patched_received(link: session_module.Link, text: str | bytes, at_ns: int) -> Any:
        return received(link, mutator(link, text), at_ns)

    def patched_settle(session: session_module.Session) -> None:
        settle(session)
        mutator.armed = True

    session_module.Link._received = patched_received  # type: ignore[method-assign]
    session_module.Session.settle = patched_settle  # type: ignore[method-assign]
    try:
        yield mutator
    finally:
        session_module.Link._received = received  # type: ignore[method-assign]
        session_module.Session.settle = settle  # type: ignore[method-assign]
