"""``octt pics check``: a PICS read the way a run reads it, without a DUT, plus warnings for
declarations that are valid one by one but contradict each other or the run they would give.

Errors are those of :func:`load_pics` (``file:line: key: message``); a PICS with errors is
refused by ``octt run`` too. Warnings use the same form and never stop a run: they say where a
declaration has no effect or rules out more than it seems to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from octt_py.pics.errors import PicsError, PicsIssue
from octt_py.pics.load import load_pics
from octt_py.pics.locate import _Locator
from octt_py.pics.model import Pics, SutSide
from octt_py.pics.support import OPERATOR_STEPS


@dataclass(frozen=True)
class CheckResult:
    """What ``octt pics check`` found in one file."""

    source: str
    pics: Pics | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


def check_file(path: str | Path) -> CheckResult:
    """Read ``path`` as a run would; errors as the loader reports them, then the warnings."""
    path = Path(path)
    try:
        pics = load_pics(path)
    except PicsError as exc:
        return CheckResult(str(path), None, tuple(str(exc).splitlines()), ())
    except OSError as exc:
        return CheckResult(str(path), None, (f"{path}: {exc.strerror or exc}",), ())
    locator = _Locator(path.read_text(encoding="utf-8-sig"))
    warnings = [
        PicsIssue(locator.line(tuple(key.split("."))), key, f"warning: {message}").format(str(path))
        for key, message in contradictions(pics)
    ]
    return CheckResult(str(path), pics, (), tuple(warnings))


def contradictions(pics: Pics) -> Iterable[tuple[str, str]]:
    """(dotted key, message) for each declaration that contradicts another or has no effect."""
    caps, unsupported = pics.capabilities, pics.unsupported
    is_charge_point = pics.side is SutSide.CHARGE_POINT
    if caps.fixed_cable and caps.connector_lock:
        yield ("capabilities.connector_lock",
               "a fixed cable is never locked into the charge point, so connector_lock has no "
               "effect with capabilities.fixed_cable = true (the lock cases TC_024 and TC_030 "
               "are for sockets); set it to false to say what the hardware is")
    if is_charge_point and caps.authorization_cache and unsupported.action_entry("ClearCache", {}):
        yield ("unsupported.actions",
               "ClearCache is declared unsupported but capabilities.authorization_cache is true: "
               "every case clears the cache first, so every case would be not applicable")
    unknown_id = pics.config_value("AllowOfflineTxForUnknownId")
    if "unknown_id" in caps.offline_authorization and unknown_id is not None and unknown_id.lower() != "true":
        yield ("capabilities.offline_authorization",
               f'"unknown_id" is declared but the configuration has AllowOfflineTxForUnknownId = '
               f'"{unknown_id}"')
    side = str(pics.side)
    for step in unsupported.operator_steps:
        if OPERATOR_STEPS.get(step) != side:
            yield ("unsupported.operator_steps",
                   f"{step} is a step of the {OPERATOR_STEPS.get(step)} cases; this PICS is for a "
                   f"{side}, so it has no effect")
