"""The commented PICS template that ``octt pics init`` writes."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from octt_py.pics.model import (
    _PROFILE_KEYS,
    REQUIRED_KEYS,
    Capabilities,
    ConfigurationKey,
    Connection,
    Identity,
    IdTags,
    OperatorSettings,
    Profile,
    Security,
    SutSide,
    Timing,
    _plain,
)
from octt_py.pics.schema import _CONFIGURATION, _SECTIONS


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
    "Optional: configuration keys the emulated charge point reports to your CSMS in "
    'GetConfiguration (TC_019_1, TC_019_2), as Key = { value = "...", readonly = true/false } '
    'or Key = "..." for a read-write key.'
)


def _template_configuration() -> list[tuple[str, ConfigurationKey, str]]:
    """The required Core keys, with values that agree with the template's other defaults and
    a one-line description (OCPP 1.6 section 9.1)."""
    timing, capabilities = Timing(), Capabilities()
    entries = {
        "AuthorizeRemoteTxRequests": (
            "true", "Authorize remote starts like local ones (R or RW; TC_010, TC_011_1)."),
        "ClockAlignedDataInterval": (
            "0", "Seconds between clock-aligned meter values, 0 = off (TC_071)."),
        "ConnectionTimeOut": (
            str(timing.connection_timeout),
            "Seconds from Preparing until an unplugged session is cancelled (TC_004_2)."),
        "ConnectorPhaseRotation": ("1.RST", "Phase rotation per connector, e.g. 1.RST,2.RTS."),
        "GetConfigurationMaxKeys": ("50", "Most keys one GetConfiguration may request (R)."),
        "HeartbeatInterval": (
            str(timing.heartbeat_interval), "Seconds of inactivity before a Heartbeat."),
        "LocalAuthorizeOffline": (
            "true", "Start transactions for locally authorized tags while offline (TC_037_x)."),
        "LocalPreAuthorize": (
            "false", "Start for locally authorized tags without waiting for Authorize (TC_007_1)."),
        "MeterValuesAlignedData": (
            "Energy.Active.Import.Register", "Measurands sent every ClockAlignedDataInterval."),
        "MeterValuesSampledData": (
            "Energy.Active.Import.Register", "Measurands sent every MeterValueSampleInterval."),
        "MeterValueSampleInterval": (
            str(timing.meter_value_sample_interval),
            "Seconds between sampled meter values during a transaction, 0 = off (TC_070)."),
        "NumberOfConnectors": (
            str(capabilities.connectors), "Physical connectors, as capabilities.connectors (R)."),
        "ResetRetries": ("3", "Retries of an unsuccessful reset."),
        "StopTransactionOnInvalidId": (
            "true", "Stop a transaction whose StartTransaction is not Accepted (TC_037_2/3)."),
        "StopTxnAlignedData": ("", "Clock-aligned measurands in StopTransaction transactionData."),
        "StopTxnSampledData": ("", "Sampled measurands in StopTransaction transactionData."),
        "SupportedFeatureProfiles": (
            str(Profile.CORE), "Supported feature profiles; must agree with [profiles] (R)."),
        "TransactionMessageAttempts": (
            "3", "Attempts to deliver a transaction message the CSMS failed to process."),
        "TransactionMessageRetryInterval": (
            "60", "Seconds to wait before resubmitting such a message."),
        "UnlockConnectorOnEVSideDisconnect": (
            "true", "Unlock the socket when the cable is pulled at the EV (R or RW; TC_005_x)."),
    }
    return [
        (key, ConfigurationKey(entries[key][0], bool(readonly)), entries[key][1])
        for key, readonly in REQUIRED_KEYS[Profile.CORE].items()
    ]


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
        for key, entry, doc in _template_configuration():
            readonly = _toml(entry.readonly)
            lines += [*_comment(doc),
                      f"{key} = {{ value = {_toml(entry.value)}, readonly = {readonly} }}"]
    else:
        lines += ["", *_comment(_CSMS_CONFIGURATION_DOC), f"[{_CONFIGURATION}]"]
    return "\n".join(lines) + "\n"
