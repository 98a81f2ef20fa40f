"""The PICS: what a vendor declares about its device under test.

The Protocol Implementation Conformance Statement decides which cases apply, fills in the
``<Configured ...>`` placeholders of the official test steps (id tags, connector, intervals) and
carries the timing values that performance measurements are judged against.

It is one TOML file. Every section and key is described in the template that
``octt pics init`` writes (:func:`template`). A PICS that does not validate is refused as a
whole, with every problem listed as ``file:line: dotted.key: message``: a wrong declaration
would otherwise surface much later as a misleading verdict.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import json
import math
import re
import textwrap
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

REDACTED = "•••"
"""What :meth:`Pics.redacted` shows instead of a secret."""


class SutSide(StrEnum):
    """Which product is under test; the harness plays the other side."""

    CHARGE_POINT = "charge-point"
    CSMS = "csms"


class Profile(StrEnum):
    """OCPP 1.6 feature profiles, spelled as in the SupportedFeatureProfiles key."""

    CORE = "Core"
    FIRMWARE_MANAGEMENT = "FirmwareManagement"
    LOCAL_AUTH_LIST_MANAGEMENT = "LocalAuthListManagement"
    RESERVATION = "Reservation"
    SMART_CHARGING = "SmartCharging"
    REMOTE_TRIGGER = "RemoteTrigger"
    SECURITY = "Security"


@dataclass(frozen=True)
class Identity:
    vendor: str
    model: str
    serial_number: str = ""
    software_version: str = ""
    charge_point_id: str = "CP001"


@dataclass(frozen=True)
class Connection:
    """Where the two sides meet.

    Charge point DUT: the harness listens on ``listen_host:listen_port`` and the DUT connects to
    ``ws://listen_host:listen_port<path>/<charge_point_id>``. CSMS DUT: the harness connects to
    ``csms_url + "/" + charge_point_id``.
    """

    listen_host: str = "127.0.0.1"
    listen_port: int = 9000
    path: str = "/ocpp"
    csms_url: str = "ws://127.0.0.1:9000/ocpp"
    security_profile: int = 0
    basic_auth_password: str = field(default="", repr=False)
    tls_ca_file: str = ""
    tls_cert_file: str = ""
    tls_key_file: str = ""


@dataclass(frozen=True)
class Capabilities:
    """Hardware and behaviour choices that select or deselect official cases."""

    connectors: int = 1
    fixed_cable: bool = False
    connector_lock: bool = True
    backup_power: bool = False
    authorization_cache: bool = True
    local_stop: bool = True
    offline_authorization: tuple[str, ...] = ("cache",)
    reserve_connector_zero: bool = True
    energy_meter: bool = True
    rfid_readers: int = 1
    charging_rate_units: tuple[str, ...] = ("A", "W")
    phases: int = 3
    voltage: float = 230.0
    max_charging_profiles_installed: int = 10
    charging_schedule_max_periods: int = 24
    charge_profile_max_stack_level: int = 10
    firmware_url_schemes: tuple[str, ...] = ("http", "ftp")
    milliseconds_in_timestamps: bool = True


@dataclass(frozen=True)
class IdTags:
    """The ``<Configured ...>`` id tags of the official cases.

    ``valid`` and ``valid_2`` both belong to ``parent`` (TC_069, TC_053). ``invalid`` is unknown
    to the CSMS; ``blocked`` and ``expired`` are known with that status.
    """

    valid: str = "TAG-VALID-1"
    valid_2: str = "TAG-VALID-2"
    invalid: str = "TAG-INVALID"
    blocked: str = "TAG-BLOCKED"
    expired: str = "TAG-EXPIRED"
    parent: str = "TAG-PARENT"


@dataclass(frozen=True)
class ConfigurationKey:
    value: str
    readonly: bool = False


@dataclass(frozen=True)
class Timing:
    """Seconds. The first five are the certificate's Performance Measurement PICS values;
    the rest are intervals the harness configures on the DUT so runs stay short."""

    ocpp_response_timeout: float = 30.0
    response_time_authorize: float = 5.0
    triggered_function_timeout: float = 30.0
    remote_start_time: float = 30.0
    remote_stop_time: float = 30.0
    heartbeat_interval: int = 60
    boot_retry_interval: int = 10
    meter_value_sample_interval: int = 10
    clock_aligned_data_interval: int = 60
    connection_timeout: int = 30
    reservation_expiry: int = 60
    transaction_duration: float = 10.0
    reboot_timeout: float = 120.0
    operator_timeout: float = 300.0
    max_time_deviation: float = 2.0


@dataclass(frozen=True)
class OperatorSettings:
    """How manual steps are carried out: ``prompt``, ``shell``, ``webhook`` or ``callable``."""

    backend: str = "prompt"
    command: str = ""
    url: str = ""
    callable: str = ""


_SECRET_CONFIGURATION_KEYS = frozenset({"authorizationkey"})
"""Configuration keys (lower-cased) whose values are credentials: the security whitepaper's
AuthorizationKey is the charge point's Basic-auth password."""


@dataclass(frozen=True)
class Pics:
    """A validated PICS; build it with :func:`load_pics` or :func:`parse_pics`."""

    side: SutSide
    identity: Identity
    profiles: frozenset[Profile]
    connection: Connection = Connection()
    capabilities: Capabilities = Capabilities()
    id_tags: IdTags = IdTags()
    # Left out of repr: it may hold AuthorizationKey; use redacted() to show it.
    configuration: dict[str, ConfigurationKey] = field(default_factory=dict, repr=False)
    timing: Timing = Timing()
    operator: OperatorSettings = OperatorSettings()
    source: str = ""

    def supports(self, profile: Profile) -> bool:
        return profile in self.profiles

    def config_value(self, key: str) -> str | None:
        """The declared value of a configuration key, or None when the DUT does not have it.

        OCPP configuration key names are CiString50, so the lookup ignores case.
        """
        wanted = key.lower()
        for name, entry in self.configuration.items():
            if name.lower() == wanted:
                return entry.value
        return None

    def redacted(self) -> dict[str, Any]:
        """Everything in the PICS as a JSON-able dict in the TOML's own layout, for the report.

        Secrets (the Basic-auth password, AuthorizationKey, passwords inside URLs) become
        ``"•••"`` so a report can be shared without leaking credentials.
        """
        connection = _plain(self.connection)
        if connection["basic_auth_password"]:
            connection["basic_auth_password"] = REDACTED
        connection["csms_url"] = _redact_url(self.connection.csms_url)
        operator = _plain(self.operator)
        operator["url"] = _redact_url(self.operator.url)
        return {
            "source": self.source,
            "dut": {"side": str(self.side), **_plain(self.identity)},
            "profiles": {key: profile in self.profiles for key, profile in _PROFILE_KEYS.items()},
            "connection": connection,
            "capabilities": _plain(self.capabilities),
            "id_tags": _plain(self.id_tags),
            "timing": _plain(self.timing),
            "operator": operator,
            "configuration": {
                name: {"value": _redact_value(name, entry.value), "readonly": entry.readonly}
                for name, entry in self.configuration.items()
            },
        }


def _plain(obj: Any) -> dict[str, Any]:
    """A flat dataclass as a JSON-able dict (tuples become lists)."""
    return {
        f.name: list(value) if isinstance(value := getattr(obj, f.name), tuple) else value
        for f in fields(obj)
    }


def _redact_value(key: str, value: str) -> str:
    return REDACTED if key.lower() in _SECRET_CONFIGURATION_KEYS else value


def _redact_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username}:{REDACTED}@{host}"))


_PROFILE_KEYS: dict[str, Profile] = {
    "core": Profile.CORE,
    "firmware_management": Profile.FIRMWARE_MANAGEMENT,
    "local_auth_list_management": Profile.LOCAL_AUTH_LIST_MANAGEMENT,
    "reservation": Profile.RESERVATION,
    "smart_charging": Profile.SMART_CHARGING,
    "remote_trigger": Profile.REMOTE_TRIGGER,
    "security": Profile.SECURITY,
}
"""TOML key in ``[profiles]`` -> profile."""


REQUIRED_KEYS: dict[Profile, dict[str, bool | None]] = {
    # OCPP 1.6 edition 2, section 9, with errata sheet v4.0 and the 2025-04 erratum applied.
    # True: read-only ("R"); False: read-write ("RW"); None: the spec lets the charge point choose.
    Profile.CORE: {
        "AuthorizeRemoteTxRequests": None,  # 9.1.3: "R or RW"
        "ClockAlignedDataInterval": False,
        "ConnectionTimeOut": False,
        "ConnectorPhaseRotation": False,
        "GetConfigurationMaxKeys": True,
        "HeartbeatInterval": False,
        "LocalAuthorizeOffline": False,
        "LocalPreAuthorize": False,
        "MeterValuesAlignedData": False,
        "MeterValuesSampledData": False,
        "MeterValueSampleInterval": False,
        "NumberOfConnectors": True,
        "ResetRetries": False,
        # StopTransactionOnEVSideDisconnect: optional since errata v4.0 (3.80), so not listed.
        "StopTransactionOnInvalidId": False,
        "StopTxnAlignedData": False,
        "StopTxnSampledData": False,
        "SupportedFeatureProfiles": True,
        "TransactionMessageAttempts": False,
        "TransactionMessageRetryInterval": False,
        "UnlockConnectorOnEVSideDisconnect": None,  # 2025-04 erratum (3.84): "R or RW"
    },
    # SupportedFileTransferProtocols (errata 3.90) is optional.
    Profile.FIRMWARE_MANAGEMENT: {},
    Profile.LOCAL_AUTH_LIST_MANAGEMENT: {
        "LocalAuthListEnabled": False,
        "LocalAuthListMaxLength": True,
        "SendLocalListMaxLength": True,
    },
    # ReserveConnectorZeroSupported (9.3.1) is optional.
    Profile.RESERVATION: {},
    Profile.SMART_CHARGING: {
        "ChargeProfileMaxStackLevel": True,
        "ChargingScheduleAllowedChargingRateUnit": True,
        "ChargingScheduleMaxPeriods": True,
        "MaxChargingProfilesInstalled": True,
    },
    Profile.REMOTE_TRIGGER: {},
    # Every key of the security whitepaper (SecurityProfile, AuthorizationKey, CpoName, ...)
    # is optional or required only for some security profiles.
    Profile.SECURITY: {},
}
"""The configuration keys a charge point must report for each profile it supports, and their
accessibility; TC_019_CS checks GetConfiguration against it."""


# ---------------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class PicsIssue:
    """One problem in a PICS file. ``key`` is the dotted TOML key, empty for syntax errors."""

    line: int
    key: str
    message: str

    def format(self, source: str) -> str:
        where = f"{source}:{self.line}: "
        return f"{where}{self.key}: {self.message}" if self.key else f"{where}{self.message}"


class PicsError(Exception):
    """A PICS file that cannot be used; lists every problem found, one per line."""

    def __init__(self, source: str, errors: list[PicsIssue]) -> None:
        self.source = source
        self.errors = sorted(errors, key=lambda issue: (issue.line, issue.key))
        super().__init__("\n".join(issue.format(source) for issue in self.errors))


# ---------------------------------------------------------------------------------------------
# Schema: one table drives validation, error messages, typo suggestions and the template.

_Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class _Key:
    name: str
    kind: str  # "str", "int", "float", "bool" or "list" (of strings)
    doc: str
    csms_doc: str = ""  # replaces doc in the CSMS template when the meaning differs
    what: str = ""  # the expectation in type errors, when the default is too vague
    check: _Check | None = None
    choices: tuple[str, ...] = ()  # allowed values of a "str", or of the items of a "list"
    required: bool = False
    secret: bool = False  # never echo the value in a message
    sides: tuple[SutSide, ...] = (SutSide.CHARGE_POINT, SutSide.CSMS)  # shown in template(side)

    def doc_for(self, side: SutSide) -> str:
        return self.csms_doc if side is SutSide.CSMS and self.csms_doc else self.doc


@dataclass(frozen=True)
class _Section:
    name: str
    doc: str
    keys: tuple[_Key, ...]
    csms_doc: str = ""

    def doc_for(self, side: SutSide) -> str:
        return self.csms_doc if side is SutSide.CSMS and self.csms_doc else self.doc


_WHAT = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "list": "a list of strings",
}


def _at_least(low: int) -> _Check:
    return lambda v: None if v >= low else f"must be at least {low}, got {v}"


def _between(low: int, high: int) -> _Check:
    return lambda v: None if low <= v <= high else f"must be between {low} and {high}, got {v}"


def _positive(v: float) -> str | None:
    if v <= 0 or math.isnan(v):
        return f"must be greater than 0, got {_describe(v)}"
    return None if math.isfinite(v) else f"must be finite, got {_describe(v)}"


def _not_empty(v: str | tuple[str, ...]) -> str | None:
    return None if v else "must not be empty"


def _ci_string(limit: int, field_name: str) -> _Check:
    """OCPP CiStringNN fields: the DUT would otherwise fail schema validation mid-run."""

    def check(v: str) -> str | None:
        if not v:
            return "must not be empty"
        if len(v) > limit:
            return f"must be at most {limit} characters ({field_name}), got {len(v)}"
        return None

    return check


def _optional_ci_string(limit: int, field_name: str) -> _Check:
    inner = _ci_string(limit, field_name)
    return lambda v: inner(v) if v else None


def _id_tag(v: str) -> str | None:
    return _ci_string(20, "OCPP IdToken")(v)


def _charge_point_id(v: str) -> str | None:
    if not re.fullmatch(r"[^/?#\s]+", v):
        return 'must be non-empty and contain no "/", "?", "#" or whitespace'
    return None


def _url_path(v: str) -> str | None:
    return None if v.startswith("/") else f'must start with "/", got {_describe(v)}'


def _port_ok(parts: SplitResult) -> bool:
    try:
        parts.port  # noqa: B018 - urllib validates the port lazily, on access
    except ValueError:
        return False
    return True


def _url(schemes: tuple[str, ...]) -> _Check:
    expected = " or ".join(f"{s}://" for s in schemes)

    def check(v: str) -> str | None:
        parts = urlsplit(v)
        if parts.scheme in schemes and parts.hostname and _port_ok(parts):
            return None
        return f"expected a {expected} URL, got {_describe(_redact_url(v))}"

    return check


def _optional(check: _Check) -> _Check:
    return lambda v: check(v) if v else None


def _module_function(v: str) -> str | None:
    if re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*", v):
        return None
    return f'expected "module:function", got {_describe(v)}'


def _password(v: str) -> str | None:
    # Security whitepaper: the Basic-auth password (AuthorizationKey) is 16 to 40 characters.
    if v and not 16 <= len(v) <= 40:
        return f"must be 16 to 40 characters long, got {len(v)} characters"
    return None


_T = SutSide.CHARGE_POINT, SutSide.CSMS
_CP = (SutSide.CHARGE_POINT,)
_CSMS = (SutSide.CSMS,)

_SECTIONS: tuple[_Section, ...] = (
    _Section(
        "dut",
        "The device under test.",
        (
            _Key(
                "side", "str",
                'Which product is under test: "charge-point" (the harness plays the CSMS) or '
                '"csms" (the harness plays a charge point). Decides which half of the catalogue '
                "runs.",
                choices=("charge-point", "csms"), required=True,
            ),
            _Key(
                "vendor", "str",
                "chargePointVendor the charge point sends in BootNotification (at most 20 "
                "characters); checked by the Booted reusable state (TC_001, TC_002 and every "
                "case that boots).",
                csms_doc="Your CSMS's vendor, printed on the report; the emulated charge point "
                "also sends it as chargePointVendor in BootNotification, so at most 20 "
                "characters (TC_001).",
                check=_ci_string(20, "BootNotification chargePointVendor"), required=True,
            ),
            _Key(
                "model", "str",
                "chargePointModel the charge point sends in BootNotification (at most 20 "
                "characters); checked like vendor.",
                csms_doc="Your CSMS's product name, printed on the report; also sent as "
                "chargePointModel, so at most 20 characters.",
                check=_ci_string(20, "BootNotification chargePointModel"), required=True,
            ),
            _Key(
                "serial_number", "str",
                "chargePointSerialNumber (at most 25 characters, may be empty). With security "
                "profile 3 it is the CN of the charge point certificate (TC_074, TC_087).",
                csms_doc="chargePointSerialNumber of the emulated charge point (at most 25 "
                "characters, may be empty); the CN of its certificate with security profile 3 "
                "(TC_074, TC_087).",
                check=_optional_ci_string(25, "BootNotification chargePointSerialNumber"),
            ),
            _Key(
                "software_version", "str",
                "Firmware / software version under test (at most 50 characters); printed on the "
                "report, compared with BootNotification firmwareVersion when present.",
                csms_doc="Software version of your CSMS (at most 50 characters), printed on the "
                "report; the emulated charge point sends it as firmwareVersion.",
                check=_optional_ci_string(50, "BootNotification firmwareVersion"),
            ),
            _Key(
                "charge_point_id", "str",
                "Charge point identity: the last path segment of the websocket URL and the "
                "Basic-auth username (TC_085).",
                csms_doc="Identity the emulated charge point connects with: the last path segment "
                "of the websocket URL and the Basic-auth username (TC_085). Register it in your "
                "CSMS before the run.",
                what="a string", check=_charge_point_id,
            ),
        ),
    ),
    _Section(
        "profiles",
        "OCPP 1.6 feature profiles the charge point implements (true/false). Cases of an "
        "unsupported profile are reported not_applicable. Must agree with the "
        "SupportedFeatureProfiles configuration key (TC_019).",
        (
            _Key("core", "bool", "Core: mandatory, must be true (TC_001 to TC_041, TC_061, "
                 "TC_062, TC_064, TC_068 to TC_071)."),
            _Key("firmware_management", "bool",
                 "Firmware Management: UpdateFirmware, GetDiagnostics (TC_044_x, TC_045_x)."),
            _Key("local_auth_list_management", "bool",
                 "Local Auth List Management: SendLocalList, GetLocalListVersion (TC_008_x, "
                 "TC_042_x, TC_043_x)."),
            _Key("reservation", "bool",
                 "Reservation: ReserveNow, CancelReservation (TC_046 to TC_053)."),
            _Key("smart_charging", "bool",
                 "Smart Charging: charging profiles and composite schedules (TC_056 to TC_060, "
                 "TC_066, TC_067, TC_072, TC_082)."),
            _Key("remote_trigger", "bool", "Remote Trigger: TriggerMessage (TC_054, TC_055)."),
            _Key("security", "bool",
                 "The OCPP 1.6 security whitepaper (TC_073 to TC_088); which of its cases apply "
                 "also depends on connection.security_profile."),
        ),
        csms_doc="OCPP 1.6 feature profiles the CSMS implements (true/false). Cases of an "
        "unsupported profile are reported not_applicable.",
    ),
    _Section(
        "connection",
        "How the charge point reaches the harness, which plays the CSMS.",
        (
            _Key("listen_host", "str",
                 "Address the harness listens on; 0.0.0.0 to accept a charge point on the "
                 "network.", check=_not_empty, sides=_CP),
            _Key("listen_port", "int",
                 "TCP port the harness listens on; 0 picks a free port (printed at start).",
                 what="an integer port number", check=_between(0, 65535), sides=_CP),
            _Key("path", "str",
                 'URL path before the charge point id: the charge point connects to '
                 'ws://<listen_host>:<listen_port><path>/<charge_point_id>.',
                 check=_url_path, sides=_CP),
            _Key("csms_url", "str",
                 "Websocket URL of your CSMS without the charge point id; the harness connects "
                 'to <csms_url>/<charge_point_id>. wss:// for security profiles 2 and 3.',
                 check=_url(("ws", "wss")), sides=_CSMS),
            _Key("security_profile", "int",
                 "Security profile in use, 0 to 3 (whitepaper): 0 none, 1 Basic auth over ws, 2 "
                 "Basic auth over TLS, 3 TLS client certificates. Selects TC_073/TC_085 (1, 2), "
                 "TC_075, TC_076, TC_078, TC_086 (2, 3), TC_074, TC_077, TC_087 (3).",
                 what="an integer", check=_between(0, 3)),
            _Key("basic_auth_password", "str",
                 "Basic-auth password (AuthorizationKey), 16 to 40 characters; required for "
                 "security profiles 1 and 2. Never printed: reports show it as •••.",
                 check=_password, secret=True),
            _Key("tls_ca_file", "str",
                 "PEM file of the CA that signed the charge point certificates; required for "
                 "security profile 3. Relative paths are relative to this file.",
                 csms_doc="PEM file of the CA that signed your CSMS's server certificate "
                 "(security profiles 2 and 3); empty to use the system's trusted CAs. Relative "
                 "paths are relative to this file."),
            _Key("tls_cert_file", "str",
                 "PEM server certificate the harness presents; required for security profiles "
                 "2 and 3. Relative paths are relative to this file.",
                 csms_doc="PEM client certificate the emulated charge point presents; required "
                 "for security profile 3. Relative paths are relative to this file."),
            _Key("tls_key_file", "str", "PEM private key of tls_cert_file."),
        ),
        csms_doc="How the harness, playing a charge point, reaches your CSMS.",
    ),
    _Section(
        "capabilities",
        "Hardware and behaviour of the charge point; each item selects or deselects cases.",
        (
            _Key("connectors", "int",
                 "Number of connectors (NumberOfConnectors); the Booted state expects a "
                 "StatusNotification for connector 0 and each of them (TC_001).",
                 check=_at_least(1)),
            _Key("fixed_cable", "bool",
                 "true if the cable is fixed to the charge point, false for a socket "
                 "(TC_005_1, TC_017_x, TC_018_x, TC_024)."),
            _Key("connector_lock", "bool",
                 "The socket has a locking mechanism the charge point can report on (TC_024, "
                 "TC_030)."),
            _Key("backup_power", "bool",
                 "Stops transactions before going down on power loss (TC_032_1) instead of "
                 "after restart (TC_032_2)."),
            _Key("authorization_cache", "bool",
                 "Has an Authorization Cache (TC_007_x, TC_061_x)."),
            _Key("local_stop", "bool",
                 "A transaction can be stopped at the charge point (TC_038, TC_039)."),
            _Key("offline_authorization", "list",
                 'How the charge point authorizes while offline, any of "cache", "local_list", '
                 '"unknown_id" (AllowOfflineTxForUnknownId); empty for none (TC_037_x, TC_039).',
                 choices=("cache", "local_list", "unknown_id")),
            _Key("reserve_connector_zero", "bool",
                 "Accepts reservations of connector 0 (ReserveConnectorZeroSupported; TC_049, "
                 "TC_050_x)."),
            _Key("energy_meter", "bool",
                 "Has an energy meter and reports meter values (TC_036, TC_070, TC_071)."),
            _Key("rfid_readers", "int",
                 "Number of identification readers; one reader shared by several connectors "
                 "changes TC_068 and TC_069. 0 if identification is by other means only.",
                 check=_at_least(0)),
            _Key("charging_rate_units", "list",
                 'Charging rate units accepted in charging schedules, "A" and/or "W" '
                 "(ChargingScheduleAllowedChargingRateUnit; TC_056, TC_057, TC_059, TC_066).",
                 choices=("A", "W"), check=_not_empty),
            _Key("phases", "int",
                 "Number of phases used in charging schedules (numberPhases; smart charging "
                 "cases).", check=_between(1, 3)),
            _Key("voltage", "float",
                 "Nominal voltage per phase in volts, to compare A and W limits (smart "
                 "charging cases).", what="a number of volts", check=_positive),
            _Key("max_charging_profiles_installed", "int",
                 "MaxChargingProfilesInstalled; TC_066 needs at least 3.", check=_at_least(1)),
            _Key("charging_schedule_max_periods", "int",
                 "ChargingScheduleMaxPeriods; TC_066 needs at least 5.", check=_at_least(1)),
            _Key("charge_profile_max_stack_level", "int",
                 "ChargeProfileMaxStackLevel; TC_072 stacks two levels.", check=_at_least(0)),
            _Key("firmware_url_schemes", "list",
                 'URL schemes the charge point can download firmware from and upload '
                 'diagnostics to, any of "http", "https", "ftp", "ftps" (TC_044_x, TC_045_x).',
                 choices=("http", "https", "ftp", "ftps"), check=_not_empty),
            _Key("milliseconds_in_timestamps", "bool",
                 "The charge point's timestamps carry fractions of a second; used when "
                 "comparing timestamps (TC_070, TC_071)."),
        ),
        csms_doc="The charge point the harness emulates towards your CSMS; each item selects "
        "or deselects cases.",
    ),
    _Section(
        "id_tags",
        "The <Configured ...> id tags of the official cases, at most 20 characters each and "
        "all different. The harness, playing the CSMS, answers Authorize for them as described "
        "below.",
        (
            _Key("valid", "str", "Accepted, parent id tag = parent (Authorized state: most cases).",
                 check=_id_tag),
            _Key("valid_2", "str",
                 "A second Accepted tag with the same parent (TC_068, TC_069, TC_046_1, TC_053).",
                 check=_id_tag),
            _Key("invalid", "str", "Unknown to the CSMS: answered Invalid (TC_023_x, TC_037_x).",
                 check=_id_tag),
            _Key("blocked", "str", "Known with status Blocked (TC_023_3).", check=_id_tag),
            _Key("expired", "str", "Known with status Expired (TC_023_2).", check=_id_tag),
            _Key("parent", "str", "parentIdTag of valid and valid_2 (TC_069, TC_053).",
                 check=_id_tag),
        ),
        csms_doc="The <Configured ...> id tags of the official cases, at most 20 characters "
        "each and all different. Register them in your CSMS before the run, with the status "
        "described below.",
    ),
    _Section(
        "timing",
        "Seconds. The first five are your Performance Measurement PICS values (measured and "
        "reported, and used as the harness's time limits); the rest are intervals the harness "
        "configures or waits for. Short values make a run fast.",
        (
            _Key("ocpp_response_timeout", "float",
                 "Longest time the DUT may take to answer any request (every case).",
                 what="a number of seconds", check=_positive),
            _Key("response_time_authorize", "float",
                 "Longest time the CSMS may take to answer Authorize (TC_003, TC_004_1, "
                 "TC_023_x).", what="a number of seconds", check=_positive),
            _Key("triggered_function_timeout", "float",
                 "Longest time between accepting a TriggerMessage and sending the triggered "
                 "message (TC_054).", what="a number of seconds", check=_positive),
            _Key("remote_start_time", "float",
                 "Longest time from RemoteStartTransaction to StartTransaction once the cable "
                 "is in (TC_010, TC_011_1).", what="a number of seconds", check=_positive),
            _Key("remote_stop_time", "float",
                 "Longest time from RemoteStopTransaction to StopTransaction (TC_012).",
                 what="a number of seconds", check=_positive),
            _Key("heartbeat_interval", "int",
                 "Heartbeat interval the harness hands out in BootNotification.conf and checks "
                 "(TC_001, TC_002).", what="an integer number of seconds", check=_positive),
            _Key("boot_retry_interval", "int",
                 "Interval returned with a Rejected or Pending BootNotification (TC_001, "
                 "TC_002).", what="an integer number of seconds", check=_positive),
            _Key("meter_value_sample_interval", "int",
                 "MeterValueSampleInterval set for sampled meter value cases (TC_036, TC_070; "
                 "TC_021 on the csms side).", what="an integer number of seconds", check=_positive),
            _Key("clock_aligned_data_interval", "int",
                 "ClockAlignedDataInterval set for TC_071.",
                 what="an integer number of seconds", check=_positive),
            _Key("connection_timeout", "int",
                 "ConnectionTimeOut set for TC_004_2 and TC_011_2.",
                 what="an integer number of seconds", check=_positive),
            _Key("reservation_expiry", "int",
                 "How far in the future reservations expire (TC_046 to TC_053; TC_047 waits for "
                 "it).", what="an integer number of seconds", check=_positive),
            _Key("transaction_duration", "float",
                 "How long test transactions charge before they are stopped; how long TC_041 "
                 "watches for a transaction that must not start.",
                 what="a number of seconds", check=_positive),
            _Key("reboot_timeout", "float",
                 "Longest time a reboot may take, reset to BootNotification (TC_013 to TC_016, "
                 "TC_032_x, TC_034, TC_044_x).", what="a number of seconds", check=_positive),
            _Key("operator_timeout", "float",
                 "Longest wait for a manual step before the case is inconclusive.",
                 what="a number of seconds", check=_positive),
            _Key("max_time_deviation", "float",
                 "Tolerance on every interval and timestamp check (heartbeats, meter values, "
                 "schedules; TC_059, TC_070, TC_071).",
                 what="a number of seconds", check=_positive),
        ),
    ),
    _Section(
        "operator",
        "How manual steps (plug in, present an id tag, cut the power ...) are carried out. "
        "octt run --reference replaces this section when it starts the bundled reference DUT.",
        (
            _Key("backend", "str",
                 '"prompt": ask at the terminal; "shell": run command with the step as JSON on '
                 'stdin; "webhook": POST to url/actions/<step> (see docs/design.md); "callable":'
                 ' call a Python function.',
                 choices=("prompt", "shell", "webhook", "callable")),
            _Key("command", "str", 'Shell command, required when backend = "shell".'),
            _Key("url", "str",
                 'Base URL of the control endpoint, required when backend = "webhook".',
                 check=_optional(_url(("http", "https")))),
            _Key("callable", "str",
                 'Python function as "module:function", required when backend = "callable".',
                 check=_optional(_module_function)),
        ),
        csms_doc="How manual steps (make your CSMS send a request, ...) are carried out. "
        "octt run --reference replaces this section when it starts the bundled reference DUT.",
    ),
)

_SECTION_BY_NAME = {section.name: section for section in _SECTIONS}
_CONFIGURATION = "configuration"
_KNOWN_SECTIONS = (*_SECTION_BY_NAME, _CONFIGURATION)
_SECTION_OF_KEY = {key.name: s.name for s in _SECTIONS for key in s.keys}


# ---------------------------------------------------------------------------------------------
# Positions: tomllib keeps none, so a small scanner maps dotted keys to lines.


class _Locator:
    """Line numbers of table headers and keys in a TOML text that tomllib has accepted."""

    _BARE = re.compile(r"[A-Za-z0-9_-]+")
    _SCALAR = re.compile(r"[^,\]}\n#]*")

    def __init__(self, text: str) -> None:
        self._text = text
        self._i = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._lines: dict[tuple[str, ...], int] = {}
        # Positions are a courtesy; an unexpected construct must never hide the real error.
        with contextlib.suppress(IndexError, ValueError, AttributeError):
            self._document()

    def line(self, path: tuple[str, ...]) -> int:
        """Line of ``path``, else of its closest written parent, else 1."""
        for n in range(len(path), 0, -1):
            if path[:n] in self._lines:
                return self._lines[path[:n]]
        return 1

    def _record(self, path: tuple[str, ...], pos: int) -> None:
        line = bisect.bisect_right(self._line_starts, pos)
        for n in range(1, len(path) + 1):
            self._lines.setdefault(path[:n], line)

    def _skip(self, newlines: bool = False) -> None:
        text, n = self._text, len(self._text)
        while self._i < n:
            c = text[self._i]
            if c in " \t\r" or (newlines and c == "\n"):
                self._i += 1
            elif c == "#":
                end = text.find("\n", self._i)
                self._i = n if end < 0 else end
            else:
                return

    def _document(self) -> None:
        text, table = self._text, tuple[str, ...]()
        while True:
            self._skip(newlines=True)
            if self._i >= len(text):
                return
            start = self._i
            if text[self._i] == "[":
                self._i += 2 if text.startswith("[[", self._i) else 1
                table = self._key()
                self._record(table, start)
                self._i = text.index("]", self._i) + 1
                if text.startswith("]", self._i):
                    self._i += 1
            else:
                path = table + self._key()
                self._record(path, start)
                self._i += 1  # "="
                self._value(path)

    def _key(self) -> tuple[str, ...]:
        text, parts = self._text, []
        while True:
            self._skip()
            if text[self._i] == '"':
                parts.append(self._basic_string())
            elif text[self._i] == "'":
                end = text.index("'", self._i + 1)
                parts.append(text[self._i + 1 : end])
                self._i = end + 1
            else:
                match = self._BARE.match(text, self._i)
                assert match is not None
                parts.append(match.group())
                self._i = match.end()
            self._skip()
            if not text.startswith(".", self._i):
                return tuple(parts)
            self._i += 1

    def _basic_string(self) -> str:
        text, j = self._text, self._i + 1
        while text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        raw, self._i = text[self._i : j + 1], j + 1
        try:
            return str(json.loads(raw))
        except ValueError:
            return raw[1:-1]

    def _value(self, path: tuple[str, ...]) -> None:
        text = self._text
        self._skip()
        if text.startswith(('"""', "'''"), self._i):
            quote, j = text[self._i], self._i + 3
            while not text.startswith(quote * 3, j):
                j += 2 if quote == '"' and text[j] == "\\" else 1
            end = j + 3
            while end < len(text) and text[end] == quote and end - j < 5:  # content ends in quotes
                end += 1
            self._i = end
        elif text[self._i] == '"':
            self._basic_string()
        elif text[self._i] == "'":
            self._i = text.index("'", self._i + 1) + 1
        elif text[self._i] in "{[":
            closing = "}" if text[self._i] == "{" else "]"
            self._i += 1
            while True:
                self._skip(newlines=True)
                if text[self._i] == closing:
                    self._i += 1
                    return
                if closing == "}":
                    start = self._i
                    inner = path + self._key()
                    self._record(inner, start)
                    self._i += 1  # "="
                    self._value(inner)
                else:
                    self._value(path)
                self._skip(newlines=True)
                if text[self._i] == ",":
                    self._i += 1
        else:
            match = self._SCALAR.match(text, self._i)
            assert match is not None
            self._i = match.end()


# ---------------------------------------------------------------------------------------------
# Validation


def _dotted(path: tuple[str, ...]) -> str:
    return ".".join(p if _Locator._BARE.fullmatch(p) else json.dumps(p) for p in path)


def _describe(value: Any) -> str:
    """A value as the vendor wrote it in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_describe(item) for item in value) + "]"
    if isinstance(value, dict):
        return "a table"
    return str(value.isoformat())  # dates and times


def _kind_of(value: Any) -> str:
    """A value's TOML type, for messages that must not show the value itself."""
    if isinstance(value, bool):
        return "a boolean"
    for kind, name in ((str, "a string"), (int, "an integer"), (float, "a number"),
                       (list, "an array"), (dict, "a table")):
        if isinstance(value, kind):
            return name
    return "a date or time"


def _one_of(choices: tuple[str, ...]) -> str:
    quoted = [json.dumps(c) for c in choices]
    if len(quoted) == 2:
        return f"{quoted[0]} or {quoted[1]}"
    return "one of " + ", ".join(quoted)


def _suggestion(name: str, known: list[str]) -> str:
    by_lower = {k.lower(): k for k in known}
    match = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.5)
    return f" (did you mean '{by_lower[match[0]]}'?)" if match else ""


_BAD = object()
"""Marks a value that failed validation (its issue is already recorded)."""


class _Validator:
    """Collects every issue of one PICS document instead of stopping at the first."""

    def __init__(self, doc: dict[str, Any], locator: _Locator) -> None:
        self.doc = doc
        self.locator = locator
        self.issues: list[PicsIssue] = []
        self.bad: set[tuple[str, ...]] = set()  # keys already reported; cross checks skip them

    def issue(self, path: tuple[str, ...], message: str) -> None:
        self.bad.add(path)
        self.issues.append(PicsIssue(self.locator.line(path), _dotted(path), message))

    def tables(self) -> dict[str, dict[str, Any]]:
        tables: dict[str, dict[str, Any]] = {}
        for name, value in self.doc.items():
            if name not in _KNOWN_SECTIONS:
                if name in _SECTION_OF_KEY:
                    hint = f" (it belongs in [{_SECTION_OF_KEY[name]}])"
                else:
                    hint = _suggestion(name, list(_KNOWN_SECTIONS))
                self.issue((name,), f"unknown section{hint}")
            elif not isinstance(value, dict):
                self.issue((name,), f"expected a table, got {_describe(value)}")
            else:
                tables[name] = value
        return tables

    def section(self, section: _Section, table: dict[str, Any]) -> dict[str, Any]:
        """The valid values of one section, by key; defaults are filled in by the caller."""
        known = {key.name: key for key in section.keys}
        values: dict[str, Any] = {}
        for name, raw in table.items():
            path = (section.name, name)
            spec = known.get(name)
            if spec is None:
                self.issue(path, "unknown key" + _suggestion(name, list(known)))
            elif (value := self.convert(spec, path, raw)) is not _BAD:
                values[name] = value
        for spec in section.keys:
            if spec.required and spec.name not in table:
                self.issue((section.name, spec.name), "required key is missing")
        return values

    def convert(self, spec: _Key, path: tuple[str, ...], raw: Any) -> Any:
        value: Any = _BAD
        if spec.kind == "bool":
            if isinstance(raw, bool):
                value = raw
        elif spec.kind == "int":
            if isinstance(raw, int) and not isinstance(raw, bool):
                value = raw
        elif spec.kind == "float":
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                value = raw
        elif spec.kind == "str":
            if isinstance(raw, str):
                value = raw
        elif isinstance(raw, list) and all(isinstance(item, str) for item in raw):
            value = tuple(raw)
        if value is _BAD:
            got = _kind_of(raw) if spec.secret else _describe(raw)
            self.issue(path, f"expected {spec.what or _WHAT[spec.kind]}, got {got}")
            return _BAD
        if spec.choices:
            items = value if spec.kind == "list" else (value,)
            for item in items:
                if item not in spec.choices:
                    if spec.kind == "list":
                        message = f"unknown value {_describe(item)}; expected any of "
                        message += ", ".join(json.dumps(c) for c in spec.choices)
                    else:
                        message = f"expected {_one_of(spec.choices)}, got {_describe(item)}"
                    self.issue(path, message)
                    return _BAD
        if spec.check is not None and (problem := spec.check(value)) is not None:
            self.issue(path, problem)
            return _BAD
        return float(value) if spec.kind == "float" else value

    def configuration(self, table: dict[str, Any]) -> dict[str, ConfigurationKey]:
        result: dict[str, ConfigurationKey] = {}
        seen: dict[str, str] = {}
        for name, raw in table.items():
            path = (_CONFIGURATION, name)
            if name.lower() in seen:
                self.issue(path, f"duplicates '{seen[name.lower()]}' (configuration keys are "
                           "case-insensitive)")
                continue
            seen[name.lower()] = name
            if len(name) > 50:
                self.issue(path, f"key names are at most 50 characters (CiString50), got "
                           f"{len(name)}")
                continue
            entry = self.configuration_entry(path, raw, secret=name.lower()
                                             in _SECRET_CONFIGURATION_KEYS)
            if entry is not None:
                result[name] = entry
        return result

    def configuration_entry(
        self, path: tuple[str, ...], raw: Any, secret: bool
    ) -> ConfigurationKey | None:
        got = _kind_of(raw) if secret else _describe(raw)
        if isinstance(raw, (bool, int, float)):
            hint = "" if secret else f" (write {json.dumps(_describe(raw))})"
            self.issue(path, f"expected a string, got {got}{hint}")
            return None
        if isinstance(raw, dict):
            ok = True
            for inner in raw:
                if inner not in ("value", "readonly"):
                    ok = False
                    self.issue((*path, inner),
                               "unknown key" + _suggestion(inner, ["value", "readonly"]))
            if "value" not in raw:
                ok = False
                self.issue((*path, "value"), "required key is missing")
            elif not isinstance(raw["value"], str):
                ok = False
                inner_got = _kind_of(raw["value"]) if secret else _describe(raw["value"])
                self.issue((*path, "value"), f"expected a string, got {inner_got}")
            readonly = raw.get("readonly", False)
            if not isinstance(readonly, bool):
                ok = False
                self.issue((*path, "readonly"), f"expected true or false, got "
                           f"{_describe(readonly)}")
            if not ok:
                return None
            value, path = raw["value"], (*path, "value")
        elif isinstance(raw, str):
            value, readonly = raw, False
        else:
            self.issue(path, 'expected a string or { value = "...", readonly = true/false }, '
                       f"got {got}")
            return None
        if len(value) > 500:
            self.issue(path, f"values are at most 500 characters (CiString500), got {len(value)}")
            return None
        return ConfigurationKey(value, readonly)


def _cross_checks(
    v: _Validator,
    side: SutSide | None,
    values: dict[str, dict[str, Any]],
    profiles: frozenset[Profile],
    configuration: dict[str, ConfigurationKey],
) -> None:
    """Rules that tie keys together; each reports at the key the vendor most likely has to fix."""
    profile_table = values["profiles"]
    if profile_table.get("core", True) is False:
        v.issue(("profiles", "core"), "must be true (Core is mandatory in OCPP 1.6)")

    def missing(section: str, name: str, merged: dict[str, Any]) -> bool:
        return not merged[name] and (section, name) not in v.bad

    operator = {**_plain(OperatorSettings()), **values["operator"]}
    companion = {"shell": "command", "webhook": "url", "callable": "callable"}.get(
        operator["backend"]
    )
    if companion and missing("operator", companion, operator):
        v.issue(("operator", companion),
                f'required when operator.backend is "{operator["backend"]}"')

    connection = {**_plain(Connection()), **values["connection"]}
    if ("connection", "security_profile") not in v.bad:
        _security_checks(v, side, connection, "csms_url" in values["connection"], missing)

    capabilities = {**_plain(Capabilities()), **values["capabilities"]}
    offline = values["capabilities"].get("offline_authorization", ())
    if "cache" in offline and not capabilities["authorization_cache"]:
        v.issue(("capabilities", "offline_authorization"),
                '"cache" needs capabilities.authorization_cache = true')
    if "local_list" in offline and Profile.LOCAL_AUTH_LIST_MANAGEMENT not in profiles:
        v.issue(("capabilities", "offline_authorization"),
                '"local_list" needs profiles.local_auth_list_management = true')

    tags = {**_plain(IdTags()), **values["id_tags"]}
    first_with: dict[str, str] = {}
    for name, tag in tags.items():
        if (other := first_with.setdefault(tag.lower(), name)) != name:  # IdToken ignores case
            at = name if name in values["id_tags"] else other
            v.issue(("id_tags", at), f"must differ from id_tags.{other if at == name else name}")

    _configuration_agrees(v, capabilities, profiles, configuration)


def _security_checks(
    v: _Validator,
    side: SutSide | None,
    connection: dict[str, Any],
    url_declared: bool,
    missing: Callable[[str, str, dict[str, Any]], bool],
) -> None:
    """What each security profile needs: a password for 1 and 2, TLS files, the URL scheme."""
    level = connection["security_profile"]
    if level in (1, 2) and missing("connection", "basic_auth_password", connection):
        v.issue(("connection", "basic_auth_password"),
                "required when connection.security_profile is 1 or 2")
    needed: list[tuple[str, str]] = []
    if side is SutSide.CHARGE_POINT and level >= 2:
        needed += [("tls_cert_file", "2 or 3"), ("tls_key_file", "2 or 3")]
    if side is SutSide.CHARGE_POINT and level == 3:
        needed.append(("tls_ca_file", "3"))
    if side is SutSide.CSMS and level == 3:
        needed += [("tls_cert_file", "3"), ("tls_key_file", "3")]
    for name, levels in needed:
        if missing("connection", name, connection):
            v.issue(("connection", name), f"required when connection.security_profile is {levels}")
    if side is SutSide.CSMS and url_declared:
        scheme = "wss" if level >= 2 else "ws"
        if urlsplit(connection["csms_url"]).scheme != scheme:
            levels = "2 or 3" if level >= 2 else "0 or 1"
            v.issue(("connection", "csms_url"),
                    f"must start with {scheme}:// when connection.security_profile is {levels}, "
                    f"got {_describe(_redact_url(connection['csms_url']))}")


_MIRRORED: tuple[tuple[str, str], ...] = (
    ("NumberOfConnectors", "connectors"),
    ("MaxChargingProfilesInstalled", "max_charging_profiles_installed"),
    ("ChargingScheduleMaxPeriods", "charging_schedule_max_periods"),
    ("ChargeProfileMaxStackLevel", "charge_profile_max_stack_level"),
    ("ReserveConnectorZeroSupported", "reserve_connector_zero"),
)
"""Configuration keys that restate a capability; the two must agree."""

_RATE_UNITS = {"Current": "A", "Power": "W"}


def _configuration_agrees(
    v: _Validator,
    capabilities: dict[str, Any],
    profiles: frozenset[Profile],
    configuration: dict[str, ConfigurationKey],
) -> None:
    """A PICS that contradicts the DUT's own configuration would fail TC_019 for nothing."""

    def declared(key: str) -> tuple[str, ConfigurationKey] | None:
        for name, entry in configuration.items():
            if name.lower() == key.lower():
                return name, entry
        return None

    def disagree(name: str, entry: ConfigurationKey, what: str) -> None:
        v.issue((_CONFIGURATION, name), f"{_describe(entry.value)} disagrees with {what}")

    for key, capability in _MIRRORED:
        if (found := declared(key)) is None or ("capabilities", capability) in v.bad:
            continue
        expected = capabilities[capability]
        text = str(expected).lower() if isinstance(expected, bool) else str(expected)
        if found[1].value.strip().lower() != text.lower():
            disagree(*found, f"capabilities.{capability} = {_describe(expected)}")
    found = declared("ChargingScheduleAllowedChargingRateUnit")
    if found is not None and ("capabilities", "charging_rate_units") not in v.bad:
        units = {_RATE_UNITS.get(item.strip(), item.strip()) for item in found[1].value.split(",")}
        if units != set(capabilities["charging_rate_units"]):
            disagree(*found, "capabilities.charging_rate_units = "
                     f"{_describe(list(capabilities['charging_rate_units']))}")
    found = declared("SupportedFeatureProfiles")
    if found is not None and not any(path[0] == "profiles" for path in v.bad):
        listed = {item.strip() for item in found[1].value.split(",") if item.strip()}
        expected_profiles = {str(p) for p in profiles if p is not Profile.SECURITY}
        if listed != expected_profiles:
            names = ", ".join(sorted(expected_profiles))
            disagree(*found, f"[profiles], which declares {names}")


def _parse(text: str, source: str, base_dir: Path | None) -> Pics:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PicsError(source, [_syntax_issue(str(exc), text)]) from None
    v = _Validator(doc, _Locator(text))
    tables = v.tables()
    values = {s.name: v.section(s, tables.get(s.name, {})) for s in _SECTIONS}
    configuration = v.configuration(tables.get(_CONFIGURATION, {}))

    side = SutSide(values["dut"]["side"]) if "side" in values["dut"] else None
    declared = {**{key: key == "core" for key in _PROFILE_KEYS}, **values["profiles"]}
    profiles = frozenset(_PROFILE_KEYS[key] for key, on in declared.items() if on)
    _cross_checks(v, side, values, profiles, configuration)
    if v.issues:
        raise PicsError(source, v.issues)
    assert side is not None

    connection = values["connection"]
    if base_dir is not None:
        for name in ("tls_ca_file", "tls_cert_file", "tls_key_file"):
            if connection.get(name):
                connection[name] = str(base_dir / connection[name])
    dut = values["dut"]
    return Pics(
        side=side,
        identity=Identity(**{k: val for k, val in dut.items() if k != "side"}),
        profiles=profiles,
        connection=Connection(**connection),
        capabilities=Capabilities(**values["capabilities"]),
        id_tags=IdTags(**values["id_tags"]),
        configuration=configuration,
        timing=Timing(**values["timing"]),
        operator=OperatorSettings(**values["operator"]),
        source=source,
    )


def _syntax_issue(message: str, text: str) -> PicsIssue:
    """tomllib puts the position at the end of its message: "... (at line 3, column 5)"."""
    match = re.search(r" \(at line (\d+), column (\d+)\)$", message)
    if match:
        reason = message[: match.start()]
        return PicsIssue(int(match[1]), "", f"invalid TOML: {reason} (column {match[2]})")
    reason = message.removesuffix(" (at end of document)")
    last_line = max(len(text.splitlines()), 1)
    return PicsIssue(last_line, "", f"invalid TOML: {reason} (at end of file)")


def parse_pics(text: str, source: str = "<string>") -> Pics:
    """Validate a PICS given as TOML text; raises :class:`PicsError` listing every problem."""
    return _parse(text, source, None)


def load_pics(path: str | Path) -> Pics:
    """Read and validate a PICS file; raises :class:`PicsError` listing every problem.

    TLS file paths in the PICS are taken relative to the file, so a run works from any directory.
    """
    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        issue = PicsIssue(line, "", "invalid TOML: the file is not UTF-8")
        raise PicsError(str(path), [issue]) from None
    return _parse(text, str(path), path.parent)


# ---------------------------------------------------------------------------------------------
# Template


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


__all__ = [
    "REDACTED",
    "REQUIRED_KEYS",
    "Capabilities",
    "ConfigurationKey",
    "Connection",
    "IdTags",
    "Identity",
    "OperatorSettings",
    "Pics",
    "PicsError",
    "PicsIssue",
    "Profile",
    "SutSide",
    "Timing",
    "load_pics",
    "parse_pics",
    "template",
]
