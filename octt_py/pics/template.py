"""The commented PICS template that ``octt pics init`` writes."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from octt_py.pics.defaults import core_template_keys
from octt_py.pics.model import (
    _PROFILE_KEYS,
    Capabilities,
    Connection,
    Identity,
    IdTags,
    OperatorSettings,
    Security,
    SutSide,
    Timing,
    Verdicts,
    _plain,
)
from octt_py.pics.schema import _CONFIGURATION, _SECTIONS
from octt_py.pics.support import Unsupported


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return repr(value)


def _comment(text: str, width: int = 92) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, width - 2)]


_TEMPLATE_HEADER = {
    SutSide.CHARGE_POINT: (
        "octt-py PICS (Protocol Implementation Conformance Statement) of a CHARGE POINT under "
        "test. The harness plays the CSMS. Fill in every value that differs from your product; "
        "every key is optional except dut.side, dut.vendor and dut.model."
    ),
    SutSide.CSMS: (
        "octt-py PICS (Protocol Implementation Conformance Statement) of a CSMS under test. The "
        "harness plays a charge point. Fill in every value that differs from your product; "
        "every key is optional except dut.side, dut.vendor and dut.model."
    ),
}

_CONFIGURATION_DOC = (
    "Every configuration key your charge point reports in GetConfiguration, as "
    'Key = { value = "...", readonly = true/false }, or Key = "..." for a read-write key. '
    "Values are strings, as in OCPP. TC_019 checks the required keys of each supported "
    "profile and their accessibility; cases read which optional keys exist (e.g. "
    "AuthorizationCacheEnabled, LocalAuthListEnabled, StopTransactionOnEVSideDisconnect "
    "writable for TC_005_3). The required Core keys are listed; add those of your other "
    "profiles and your optional keys."
)

_CSMS_CONFIGURATION_DOC = (
    "THE EMULATED CHARGE POINT's configuration keys, not your CSMS's: what it reports in "
    "GetConfiguration (TC_019_1, TC_019_2) and lets ChangeConfiguration set (TC_021, TC_040_x), "
    'as Key = { value = "...", readonly = true/false } or Key = "..." for a read-write key. Left '
    "empty, it has the keys its [profiles] require, with values that agree with this file."
)


def template(side: SutSide) -> str:
    """A fully commented PICS for ``side`` with working defaults, for ``octt pics init``."""
    side = SutSide(side)
    defaults: dict[str, Any] = {
        "dut": {"side": str(side), **_plain(Identity("Example Vendor", "Example Model"))},
        "profiles": {key: key == "core" for key in _PROFILE_KEYS},
        "connection": _plain(Connection()),
        "capabilities": _plain(Capabilities()),
        "id_tags": _plain(IdTags()),
        "timing": _plain(Timing()),
        "security": _plain(Security()),
        "operator": _plain(OperatorSettings()),
        "unsupported": _plain(Unsupported()),
        "verdicts": _plain(Verdicts()),
    }
    lines = _comment(_TEMPLATE_HEADER[side])
    for section in _SECTIONS:
        lines += ["", *_comment(section.doc_for(side)), f"[{section.name}]"]
        for spec in section.keys:
            if side not in spec.sides:
                continue
            value = defaults[section.name][spec.name]
            lines += [*_comment(spec.doc_for(side)), f"{spec.name} = {_toml(value)}"]
    if side is SutSide.CHARGE_POINT:
        lines += ["", *_comment(_CONFIGURATION_DOC), f"[{_CONFIGURATION}]"]
        for key, entry, doc in core_template_keys(Capabilities(), Timing()):
            readonly = _toml(entry.readonly)
            lines += [*_comment(doc),
                      f"{key} = {{ value = {_toml(entry.value)}, readonly = {readonly} }}"]
    else:
        lines += ["", *_comment(_CSMS_CONFIGURATION_DOC), f"[{_CONFIGURATION}]"]
    return "\n".join(lines) + "\n"
