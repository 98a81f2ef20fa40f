"""The vocabulary of manual steps: every step a case may ask for, its parameters, the sentence a
person reads, and which secrets in the parameters are never shown.

Each step is an :class:`ActionSpec` in :data:`ACTIONS`; ``docs/your-device.md`` says what each
one must do on a real rig. The PICS knows the steps by name (``octt_py.pics.support``), so that
``unsupported.operator_steps`` is checked when the PICS is read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, cast

from octt_py.pics import REDACTED, SutSide
from octt_py.pics.support import CSMS_INITIATED
from octt_py.secrets import is_secret_name, without_url_passwords

_REQUIRED: Any = object()  # the default of a parameter that has none
_KIND_NAMES = {
    int: "an integer", str: "a string", bool: "true or false", Mapping: "a JSON object",
    list: "a JSON array",
}


@dataclass(frozen=True)
class Param:
    """One parameter of an action: the JSON type it takes and the values the catalogue allows."""

    name: str
    kind: type  # int, str, bool, Mapping (a JSON object), list or object (any JSON value)
    default: object = _REQUIRED
    minimum: int | None = None
    choices: frozenset[str] = frozenset()

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def problem(self, value: object) -> str | None:
        """Why ``value`` does not fit, or None when it does."""
        if self.kind is object or (value is None and self.default is None):
            return None
        if not isinstance(value, self.kind) or (self.kind is int and isinstance(value, bool)):
            return f"must be {_KIND_NAMES[self.kind]}, not {type(value).__name__}"
        if self.minimum is not None and value < self.minimum:  # type: ignore[operator]
            return f"must be at least {self.minimum}"
        if value == "":
            return "must not be empty"
        if self.choices and value not in self.choices:
            return f"must be one of {', '.join(sorted(self.choices))}"
        return None


@dataclass(frozen=True)
class ActionSpec:
    """One word of the vocabulary: its parameters and how to say it to a person."""

    name: str
    side: SutSide  # the device the step acts on: the DUT of the cases that use it
    params: tuple[Param, ...]
    render: Callable[[Mapping[str, Any]], str]  # the instruction, from redacted params

    def signature(self) -> str:
        """``present_id_tag(id_tag, connector=None)``: how the action is called."""
        args = (p.name if p.required else f"{p.name}={p.default!r}" for p in self.params)
        return f"{self.name}({', '.join(args)})"

    def bind(self, params: Mapping[str, object]) -> dict[str, object]:
        """The complete, checked parameters as plain JSON; ValueError names what is wrong."""
        if not isinstance(params, Mapping):
            raise ValueError(f"{self.signature()}: params must be a mapping")
        known = {p.name for p in self.params}
        if extra := sorted(set(params) - known):
            raise ValueError(f"{self.signature()}: unexpected parameter(s) {', '.join(extra)}")
        bound: dict[str, object] = {}
        for param in self.params:
            if param.name not in params and param.required:
                raise ValueError(f"{self.signature()}: missing parameter {param.name}")
            value = params.get(param.name, param.default)
            if (problem := param.problem(value)) is not None:
                raise ValueError(f"{self.signature()}: {param.name} {problem}")
            bound[param.name] = value
        return _plain_json(self, bound)


def _plain_json(spec: ActionSpec, params: dict[str, object]) -> dict[str, object]:
    """A deep copy that is plain JSON (dicts, lists, str, numbers), or ValueError."""
    try:
        text = json.dumps(params, allow_nan=False, default=_jsonable)
        return cast(dict[str, object], json.loads(text))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{spec.signature()}: parameters are not plain JSON: {exc}") from None


def _jsonable(value: object) -> object:
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


# Parameters shared by several actions.
_CONNECTOR = Param("connector", int, minimum=1)
_CONNECTOR_OR_CP = Param("connector", int, minimum=0)  # 0 is the charge point as a whole
_ENABLED = Param("enabled", bool)

# OCPP 1.6 ChargePointErrorCode without NoError: what a fault can be.
_FAULT_CODES = frozenset({
    "ConnectorLockFailure", "EVCommunicationError", "GroundFailure", "HighTemperature",
    "InternalError", "LocalListConflict", "OtherError", "OverCurrentFailure", "OverVoltage",
    "PowerMeterFailure", "PowerSwitchFailure", "ReaderFailure", "ResetFailure", "UnderVoltage",
    "WeakSignal",
})  # fmt: skip

# The messages a CSMS initiates in OCPP 1.6 and its security extension.
_CSMS_MESSAGES = frozenset(CSMS_INITIATED)


def _where(connector: int) -> str:
    return "the charge point" if connector == 0 else f"connector {connector}"


def _text(value: object) -> str:
    """A value as a person reads it: strings bare, everything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _toggle(on: str, off: str) -> Callable[[Mapping[str, Any]], str]:
    return lambda p: on if p["enabled"] else off


def _present_id_tag(p: Mapping[str, Any]) -> str:
    where = "the charge point" if p["connector"] is None else f"connector {p['connector']}"
    return f"Present id tag {p['id_tag']} at {where}."


def _csms_send(p: Mapping[str, Any]) -> str:
    what = f"Make the CSMS send {p['action']} to charge point {p['charge_point_id']}"
    return f"{what} with {_text(p['payload'])}." if p["payload"] else f"{what}."


def _csms_provision_id_tags(p: Mapping[str, Any]) -> str:
    def entry(item: Mapping[str, Any]) -> str:
        info = item.get("idTagInfo", {})
        parent = f", parent {info['parentIdTag']}" if info.get("parentIdTag") else ""
        expiry = f", expired {info['expiryDate']}" if info.get("expiryDate") else ""
        return f"{item.get('idTag')} {info.get('status')}{parent}{expiry}"

    known = "; ".join(entry(item) for item in p["id_tags"])
    unknown = ", ".join(str(tag) for tag in p["unknown"])
    points = ", ".join(str(cp) for cp in p["charge_point_ids"])
    what = f"Register these id tags in the CSMS (for charge point {points}): {known}."
    return f"{what} Make sure the CSMS does not know {unknown}." if unknown else what


def _csms_configure(p: Mapping[str, Any]) -> str:
    what = f"Prepare the CSMS: set {p['setting']} to {_text(p['value'])}"
    if p["charge_point_id"] is None:
        return f"{what}."
    return f"{what} for charge point {p['charge_point_id']}."


_CP, _CSMS = SutSide.CHARGE_POINT, SutSide.CSMS

ACTIONS: Mapping[str, ActionSpec] = MappingProxyType({spec.name: spec for spec in (
    # On a charge point under test.
    ActionSpec("plug_in", _CP, (_CONNECTOR,),
               lambda p: f"Plug the cable into connector {p['connector']}."),
    ActionSpec("unplug", _CP, (_CONNECTOR,),
               lambda p: f"Unplug the cable at connector {p['connector']} completely "
                         "(from the EV and, if detachable, from the charge point)."),
    ActionSpec("ev_disconnect", _CP, (_CONNECTOR,),
               lambda p: f"Unplug the cable from the EV at connector {p['connector']}; "
                         "leave it in the charge point."),
    ActionSpec("present_id_tag", _CP,
               (Param("id_tag", str), Param("connector", int, default=None, minimum=1)),
               _present_id_tag),
    ActionSpec("press_stop", _CP, (_CONNECTOR,),
               lambda p: f"Press the stop button for connector {p['connector']}."),
    ActionSpec("fault", _CP,
               (_CONNECTOR_OR_CP, Param("error_code", str, "OtherError", choices=_FAULT_CODES)),
               lambda p: f"Put {_where(p['connector'])} into a fault "
                         f"(error code {p['error_code']})."),
    ActionSpec("clear_fault", _CP, (_CONNECTOR_OR_CP,),
               lambda p: f"Clear the fault on {_where(p['connector'])}."),
    ActionSpec("lock_failure", _CP, (_CONNECTOR,),
               lambda p: f"Make the next cable lock on connector {p['connector']} fail "
                         "(e.g. insert the plug only halfway)."),
    ActionSpec("unlock_failure", _CP, (_CONNECTOR,),
               lambda p: f"Make the next unlock of connector {p['connector']} fail "
                         "(e.g. block the lock)."),
    ActionSpec("power_loss", _CP, (), lambda p: "Cut the charge point's power and keep it off."),
    ActionSpec("power_restore", _CP, (), lambda p: "Restore the charge point's power."),
    ActionSpec("reboot", _CP, (),
               lambda p: "Power-cycle the charge point: switch it off, then on again."),
    ActionSpec("go_offline", _CP, (),
               lambda p: "Cut the charge point's network connection to the central system."),
    ActionSpec("go_online", _CP, (), lambda p: "Restore the charge point's network connection."),
    ActionSpec("ev_suspend", _CP, (_CONNECTOR,),
               lambda p: f"Make the EV at connector {p['connector']} stop drawing energy."),
    ActionSpec("ev_resume", _CP, (_CONNECTOR,),
               lambda p: f"Make the EV at connector {p['connector']} draw energy again."),
    ActionSpec("local_list_failure", _CP, (_ENABLED,),
               _toggle("Make storing a local authorization list fail on the charge point.",
                       "Let the charge point store local authorization lists again.")),
    ActionSpec("reservation_refusal", _CP, (_ENABLED,),
               _toggle("Make the charge point reject reservations.",
                       "Let the charge point accept reservations again.")),
    ActionSpec("trigger_refusal", _CP, (_ENABLED,),
               _toggle("Make the charge point reject TriggerMessage requests.",
                       "Let the charge point accept TriggerMessage requests again.")),
    ActionSpec("firmware_install_failure", _CP, (_ENABLED,),
               _toggle("Make firmware installation fail on the charge point.",
                       "Let firmware installation succeed on the charge point again.")),
    ActionSpec("security_profile", _CP, (Param("profile", int, minimum=0),),
               lambda p: f"Configure the charge point locally to connect with security profile "
                         f"{p['profile']} (security white paper), and let it reconnect."),
    # On a CSMS under test.
    ActionSpec("csms_send", _CSMS,
               (Param("charge_point_id", str), Param("action", str, choices=_CSMS_MESSAGES),
                Param("payload", Mapping, default={})),
               _csms_send),
    ActionSpec("csms_provision_id_tags", _CSMS,
               (Param("charge_point_ids", list), Param("id_tags", list),
                Param("unknown", list, default=[])),
               _csms_provision_id_tags),
    ActionSpec("csms_configure", _CSMS,
               (Param("setting", str), Param("value", object),
                Param("charge_point_id", str, default=None)),
               _csms_configure),
)})  # fmt: skip


# --- Secrets --------------------------------------------------------------------------------------


def redact(value: Any) -> Any:
    """A copy of a JSON value with its secrets masked.

    Masked: every member whose name is secret, the ``value`` of a mapping whose ``key`` or
    ``setting`` names a secret -- ChangeConfiguration's ``{"key": "AuthorizationKey", "value":
    ...}`` and ``csms_configure(setting="basic_auth_password", value=...)`` -- and the password
    of a URL (an FTP location of the harness's file server).
    """
    if isinstance(value, Mapping):
        names_secret = is_secret_name(value.get("key")) or is_secret_name(value.get("setting"))
        return {
            name: REDACTED if is_secret_name(name) or (names_secret and name == "value")
            else redact(member)
            for name, member in value.items()
        }  # fmt: skip
    if isinstance(value, list):
        return [redact(item) for item in value]
    if isinstance(value, str) and "://" in value:
        return without_url_passwords(value)
    return value
