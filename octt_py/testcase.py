"""How a test-case module declares its official case.

A module under ``testcases/`` holds one official case::

    @case("TC_003_CS", "Regular Charging Session - Plugin First", Profile.CORE)
    async def test_TC_003_CS(csms: FakeCsms) -> None:
        ...

``@case`` records the case's identity and PICS requirements on a :class:`Case` and returns a
plain pytest test function, so ``pytest -k TC_003`` and ``-m core`` select it like any test.
The body runs on the harness's event loop, never on pytest's; the pytest plugin hands it to the
runner and maps the verdict back to a pytest outcome.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from octt_py.pics import Pics, Profile, SutSide

CASE_ID = re.compile(r"^TC_\d{3}(?:_\d)?_(CS|CSMS)$")

Body = Callable[[Any], Awaitable[None]]


@dataclass(frozen=True)
class Requirement:
    """A PICS condition a case needs; ``because`` is shown when it does not hold."""

    holds: Callable[[Pics], bool]
    because: str | Callable[[Pics], str]

    def reason(self, pics: Pics) -> str | None:
        if self.holds(pics):
            return None
        return self.because if isinstance(self.because, str) else self.because(pics)


def needs(holds: Callable[[Pics], bool], because: str) -> Requirement:
    return Requirement(holds, because)


def needs_action(action: str, **request: Any) -> Requirement:
    """The case needs the CALL ``action`` (of the kind ``request`` names, e.g. ``type="Soft"``):
    a charge point that implements it, or a CSMS that can send it (PICS ``unsupported.actions``).
    Known before the case starts, so it does not start at all; the same check also stops any
    case at the CALL itself."""

    def why(pics: Pics) -> str:
        return pics.unsupported.action_reason(pics.side, action, request) or ""

    return Requirement(lambda pics: pics.unsupported.action_entry(action, request) is None, why)


def needs_step(*steps: str) -> Requirement:
    """The case needs these manual steps (PICS ``unsupported.operator_steps``)."""

    def why(pics: Pics) -> str:
        return next(r for s in steps if (r := pics.unsupported.step_reason(s)) is not None)

    return Requirement(
        lambda pics: all(pics.unsupported.step_reason(s) is None for s in steps), why
    )


@dataclass(frozen=True)
class Case:
    case_id: str
    title: str
    profile: Profile
    body: Body
    requires: tuple[Requirement, ...] = ()
    description: str = field(default="", compare=False)

    @property
    def sut(self) -> SutSide:
        """``_CS`` cases test a charge point, ``_CSMS`` cases a central system."""
        return SutSide.CHARGE_POINT if self.case_id.endswith("_CS") else SutSide.CSMS

    @property
    def official_id(self) -> str:
        return self.case_id.rsplit("_", 1)[0]

    def not_applicable_because(self, pics: Pics) -> str | None:
        if not pics.supports(self.profile):
            return f"the PICS does not declare the {self.profile} profile"
        for requirement in self.requires:
            reason = requirement.reason(pics)
            if reason is not None:
                return reason
        return None


MARKERS = {
    Profile.CORE: "core",
    Profile.FIRMWARE_MANAGEMENT: "firmware_management",
    Profile.LOCAL_AUTH_LIST_MANAGEMENT: "local_auth_list_management",
    Profile.RESERVATION: "reservation",
    Profile.SMART_CHARGING: "smart_charging",
    Profile.REMOTE_TRIGGER: "remote_trigger",
    Profile.SECURITY: "security",
}
SIDE_MARKERS = {SutSide.CHARGE_POINT: "charge_point", SutSide.CSMS: "csms"}


def case(
    case_id: str, title: str, profile: Profile, *, requires: tuple[Requirement, ...] = ()
) -> Callable[[Body], Callable[..., None]]:
    """Declare an official case; see the module docstring."""
    if not CASE_ID.match(case_id):
        raise ValueError(f"{case_id!r} is not an official case id like TC_004_1_CSMS")

    def declare(body: Body) -> Callable[..., None]:
        if not inspect.iscoroutinefunction(body):
            raise TypeError(f"{case_id}: the case body must be an async function")
        if body.__name__ != f"test_{case_id}":
            raise ValueError(f"{case_id}: name the function test_{case_id}")
        declared = Case(case_id, title, profile, body, requires, inspect.getdoc(body) or "")

        def run(octt: Any) -> None:
            octt.run_for_pytest(declared)

        run.__name__ = body.__name__
        run.__qualname__ = body.__qualname__
        run.__module__ = body.__module__
        run.__doc__ = body.__doc__
        run.case = declared  # type: ignore[attr-defined]
        marks = [
            pytest.mark.octt_case(case_id),
            getattr(pytest.mark, MARKERS[profile]),
            getattr(pytest.mark, SIDE_MARKERS[declared.sut]),
        ]
        for mark in marks:
            run = mark(run)
        return run

    return declare


def case_of(test_function: Callable[..., Any]) -> Case:
    """The :class:`Case` behind a test function made by :func:`case`."""
    declared = getattr(test_function, "case", None)
    if not isinstance(declared, Case):
        raise TypeError(f"{test_function!r} is not an octt-py case")
    return declared


def discover(package: str = "testcases") -> list[Case]:
    """Every case declared in the modules of ``package``, in case-id order."""
    root = importlib.import_module(package)
    found = []
    for module_info in pkgutil.walk_packages(root.__path__, f"{package}."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            declared = getattr(value, "case", None)
            if isinstance(declared, Case) and value.__module__ == module.__name__:
                found.append(declared)
    return sorted(found, key=lambda c: c.case_id)
