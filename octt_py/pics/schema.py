"""The table of PICS sections and keys: one table drives validation, error messages, typo
suggestions and the template."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

from octt_py.pics.model import SutSide, _redact_url
from octt_py.pics.support import OPERATOR_STEPS, known_actions
from octt_py.spelling import did_you_mean


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


def _not_negative(v: float) -> str | None:
    if v < 0 or math.isnan(v):
        return f"must be 0 or more, got {_describe(v)}"
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


def _each_charge_point_id(v: tuple[str, ...]) -> str | None:
    return next((problem for item in v if (problem := _charge_point_id(item))), None)


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
    if re.fullmatch(r"([A-Za-z_][\w.]*|[^:]+\.py):[A-Za-z_][\w.]*", v):
        return None
    return f'expected "module:function" or "path/to/file.py:function", got {_describe(v)}'


def _names(known: list[str], what: str) -> _Check:
    """Every item must be one of ``known``; an unknown one is named with its nearest spelling."""

    def check(v: tuple[str, ...]) -> str | None:
        for item in v:
            if item not in known:
                return f"unknown {what} {_describe(item)}{did_you_mean(item, known)}"
        return None

    return check


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
            _Key(
                "charge_point_ids", "list",
                "Not used when the DUT is a charge point.",
                csms_doc="More identities for the emulated charge point, registered in your CSMS "
                "like charge_point_id: each case takes the next one in turn (charge_point_id "
                "first), so that no case reconnects under the id the previous case just closed. "
                "Empty: every case uses charge_point_id.",
                check=_each_charge_point_id, sides=_CSMS,
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
                 "TCP port the harness listens on (octt run --port overrides it); 0 picks a free "
                 "one, for the bundled reference charge point only.",
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
            _Key("max_frame_size", "int",
                 "Largest websocket message the harness takes, in bytes (default 1048576, 1 MiB). "
                 "A larger one is a framing nonconformance of the DUT: the harness closes the "
                 "connection with 1009 (message too big) and the case fails, naming the size.",
                 what="an integer number of bytes", check=_between(1024, 1 << 30)),
        ),
        csms_doc="How the harness, playing a charge point, reaches your CSMS.",
    ),
    _Section(
        "capabilities",
        "Hardware and behaviour of the charge point; each item selects or deselects cases. The "
        "cable is one of three: fixed (fixed_cable = true), a socket with a lock (false, "
        "connector_lock = true) or a socket without one (false, false); docs/your-device.md "
        "lists the cases each rules in and out.",
        (
            _Key("connectors", "int",
                 "Number of connectors (NumberOfConnectors); the Booted state expects a "
                 "StatusNotification for connector 0 and each of them (TC_001).",
                 csms_doc="Connectors of the emulated charge point: it reports connector 0 and "
                 "each of them at boot, and TC_031_CSMS unlocks one beyond them.",
                 check=_at_least(1)),
            _Key("fixed_cable", "bool",
                 "true: the cable is fixed to the charge point (it has no socket, so nothing "
                 "to unlock): TC_017_2 and TC_018_2 apply (UnlockConnector must be answered "
                 "NotSupported); TC_005_1, TC_017_1, TC_018_1, TC_024 and TC_030 do not. "
                 "false: the charge point has a socket the driver plugs a cable into: the "
                 "reverse, and connector_lock decides the lock cases.", sides=_CP),
            _Key("connector_lock", "bool",
                 "Only for a socket (fixed_cable = false): true if it locks the plug in and "
                 "reports when locking or unlocking fails; TC_024 (lock failure) and TC_030 "
                 "(unlock failure) apply. false for a socket without a lock: both are ruled "
                 "out, TC_017_1 and TC_018_1 still apply. With a fixed cable set it to false.",
                 sides=_CP),
            _Key("backup_power", "bool",
                 "Stops transactions before going down on power loss (TC_032_1) instead of "
                 "after restart (TC_032_2).", sides=_CP),
            _Key("authorization_cache", "bool",
                 "Has an Authorization Cache (TC_007_x, TC_061_x).", sides=_CP),
            _Key("local_stop", "bool",
                 "A transaction can be stopped at the charge point (TC_038, TC_039).", sides=_CP),
            _Key("offline_authorization", "list",
                 'How the charge point authorizes while offline, any of "cache", "local_list", '
                 '"unknown_id" (AllowOfflineTxForUnknownId); empty for none (TC_037_x, TC_039).',
                 choices=("cache", "local_list", "unknown_id"), sides=_CP),
            _Key("reserve_connector_zero", "bool",
                 "Accepts reservations of connector 0 (ReserveConnectorZeroSupported; TC_049, "
                 "TC_050_x).",
                 csms_doc="The emulated charge point accepts reservations of connector 0 "
                 "(ReserveConnectorZeroSupported): TC_049_CSMS applies."),
            _Key("energy_meter", "bool",
                 "Has an energy meter and reports meter values (TC_036, TC_070, TC_071).",
                 sides=_CP),
            _Key("rfid_readers", "int",
                 "Number of identification readers; one reader shared by several connectors "
                 "changes TC_068 and TC_069. 0 if identification is by other means only.",
                 check=_at_least(0), sides=_CP),
            _Key("charging_rate_units", "list",
                 'Charging rate units accepted in charging schedules, "A" and/or "W" '
                 "(ChargingScheduleAllowedChargingRateUnit; TC_056, TC_057, TC_059, TC_066).",
                 csms_doc='Units the emulated charge point accepts in charging schedules, "A" '
                 'and/or "W" (its ChargingScheduleAllowedChargingRateUnit): profiles your CSMS '
                 "sends in another unit fail the smart charging cases; the first is the one the "
                 "harness asks for.",
                 choices=("A", "W"), check=_not_empty),
            _Key("phases", "int",
                 "Number of phases used in charging schedules (numberPhases; smart charging "
                 "cases).",
                 csms_doc="Phases of the emulated charge point (TC_056_CSMS compares the "
                 "profile's numberPhases with it).", check=_between(1, 3)),
            _Key("voltage", "float",
                 "Nominal voltage per phase in volts, to compare A and W limits (smart "
                 "charging cases).", what="a number of volts", check=_positive, sides=_CP),
            _Key("max_charging_profiles_installed", "int",
                 "MaxChargingProfilesInstalled; TC_066 needs at least 3.", check=_at_least(1),
                 sides=_CP),
            _Key("charging_schedule_max_periods", "int",
                 "ChargingScheduleMaxPeriods; TC_066 needs at least 5.",
                 csms_doc="The emulated charge point's ChargingScheduleMaxPeriods: a profile "
                 "from your CSMS with more periods fails.", check=_at_least(1)),
            _Key("charge_profile_max_stack_level", "int",
                 "ChargeProfileMaxStackLevel; TC_072 stacks two levels.",
                 csms_doc="The emulated charge point's ChargeProfileMaxStackLevel: a profile "
                 "from your CSMS stacked higher fails.", check=_at_least(0)),
            _Key("firmware_url_schemes", "list",
                 'URL schemes the charge point can download firmware from and upload '
                 'diagnostics to, any of "http", "https", "ftp", "ftps" (TC_044_x, TC_045_x).',
                 csms_doc='URL schemes the emulated charge point downloads firmware and uploads '
                 'diagnostics with, any of "http", "https", "ftp", "ftps" (TC_044_x, '
                 "TC_045_x). The harness offers your CSMS a location on its own file server over "
                 "http, else ftp; a CSMS that names its own location must use one of these.",
                 choices=("http", "https", "ftp", "ftps"), check=_not_empty),
            _Key("milliseconds_in_timestamps", "bool",
                 "The charge point's timestamps carry fractions of a second; used when "
                 "comparing timestamps (TC_070, TC_071).", sides=_CP),
            _Key("crossing_calls", "str",
                 "Not used when the DUT is a charge point.",
                 csms_doc='Where the official steps allow either order, whether the emulated '
                 'charge point sends its own CALL before answering your CSMS\'s (e.g. '
                 'DiagnosticsStatusNotification Uploading before GetDiagnostics.conf): "rotate" '
                 '(a fixed half of those cases, chosen by case id), "always" or "never".',
                 choices=("rotate", "always", "never"), sides=_CSMS),
        ),
        csms_doc="THE EMULATED CHARGE POINT, not your CSMS: the charge point the harness plays "
        "towards your CSMS, what it reports and accepts. Keys that only describe a charge point "
        "under test are left out here.",
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
        "each and all different. Your CSMS must know them with the status described below: "
        "before the first case the operator is asked to register them (step "
        "csms_provision_id_tags); list that step in unsupported.operator_steps if you register "
        "them by hand before the run.",
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
                 "message (TC_054).",
                 csms_doc="Longest wait for the CALL your CSMS was asked to send, once the "
                 "operator step is done; also the longest retrieveDate ahead an UpdateFirmware "
                 "may name (TC_044_x).", what="a number of seconds", check=_positive),
            _Key("remote_start_time", "float",
                 "Longest time from RemoteStartTransaction to StartTransaction once the cable "
                 "is in (TC_010, TC_011_1).", what="a number of seconds", check=_positive,
                 sides=_CP),
            _Key("remote_stop_time", "float",
                 "Longest time from RemoteStopTransaction to StopTransaction (TC_012).",
                 what="a number of seconds", check=_positive, sides=_CP),
            _Key("heartbeat_interval", "int",
                 "Heartbeat interval the harness hands out in BootNotification.conf and checks "
                 "(TC_001, TC_002).",
                 csms_doc="The emulated charge point's heartbeat interval: offline transactions "
                 "it reports (TC_037_x, TC_039) began at least three of them ago.",
                 what="an integer number of seconds", check=_positive),
            _Key("boot_retry_interval", "int",
                 "Interval returned with a Rejected or Pending BootNotification (TC_001, "
                 "TC_002).", what="an integer number of seconds", check=_positive, sides=_CP),
            _Key("meter_value_sample_interval", "int",
                 "MeterValueSampleInterval set for sampled meter value cases (TC_036, TC_070).",
                 csms_doc="The MeterValueSampleInterval value the operator is asked to have your "
                 "CSMS set on the emulated charge point (TC_021_CSMS, TC_040_2_CSMS).",
                 what="an integer number of seconds", check=_positive),
            _Key("clock_aligned_data_interval", "int",
                 "ClockAlignedDataInterval set for TC_071.",
                 what="an integer number of seconds", check=_positive, sides=_CP),
            _Key("connection_timeout", "int",
                 "ConnectionTimeOut set for TC_004_2 and TC_011_2.",
                 csms_doc="The emulated charge point's ConnectionTimeOut: how long it waits for "
                 "a cable before it gives up a session (TC_004_2_CSMS, TC_011_2_CSMS).",
                 what="an integer number of seconds", check=_positive),
            _Key("reservation_expiry", "int",
                 "How far in the future reservations expire (TC_046 to TC_053; TC_047 waits for "
                 "it).",
                 csms_doc="How far ahead the reservations the operator asks your CSMS for "
                 "expire (TC_046_CSMS to TC_053_CSMS; TC_047_CSMS checks the expiryDate).",
                 what="an integer number of seconds", check=_positive),
            _Key("transaction_duration", "float",
                 "How long test transactions charge before they are stopped; how long TC_041 "
                 "watches for a transaction that must not start.",
                 csms_doc="How long the emulated charge point's transactions charge before "
                 "they are stopped (TC_039_CSMS dates its offline transaction with it).",
                 what="a number of seconds", check=_positive),
            _Key("reboot_timeout", "float",
                 "Longest time a reboot may take, reset to BootNotification (TC_013 to TC_016, "
                 "TC_032_x, TC_034, TC_044_x).",
                 csms_doc="Longest wait for your CSMS to accept the emulated charge point's "
                 "connection (each case connects anew, and again after each restart).",
                 what="a number of seconds", check=_positive),
            _Key("operator_timeout", "float",
                 "Longest wait for a manual step before the case is inconclusive.",
                 what="a number of seconds", check=_positive),
            _Key("max_time_deviation", "float",
                 "Tolerance on every interval and timestamp check (heartbeats, meter values, "
                 "schedules; TC_059, TC_070, TC_071).",
                 what="a number of seconds", check=_positive),
            _Key("case_pause", "float",
                 "Pause between the end of one case and the start of the next, so a device "
                 "that needs a moment after a close is not hit by a reconnect at once.",
                 what="a number of seconds", check=_not_negative),
            _Key("drain_window", "float",
                 "How long the harness keeps listening before it closes a connection or ends a "
                 "case; what arrives in it is judged with the case.",
                 what="a number of seconds", check=_not_negative),
            _Key("offline_period", "float",
                 "How long connectivity stays removed in the offline cases (TC_036 to TC_039); "
                 "long enough for the device to notice it is offline.",
                 csms_doc="How long the emulated charge point stays offline in the offline cases "
                 "(TC_037_x, TC_039) before it reconnects.",
                 what="a number of seconds", check=_not_negative),
            _Key("power_off_period", "float",
                 "How long the power stays off in the power-cycle cases (TC_001, TC_032_x, "
                 "TC_034).",
                 csms_doc="How long the emulated charge point stays down when it reboots or "
                 "loses power (TC_013, TC_014, TC_032_1, TC_044_x).",
                 what="a number of seconds", check=_not_negative),
        ),
        csms_doc="Seconds. ocpp_response_timeout and response_time_authorize are your CSMS's "
        "Performance Measurement PICS values; the others set how THE EMULATED CHARGE POINT "
        "behaves and how long the harness waits for your CSMS and the operator.",
    ),
    _Section(
        "security",
        "The OCPP 1.6 security white paper (the security PICS): which security profiles the "
        "charge point can be moved to and what the certificate cases need. The profile in use "
        "now is connection.security_profile, the AuthorizationKey connection.basic_auth_password. "
        "A security case that needs a profile declared false here is not applicable.",
        (
            _Key("profile_1", "bool", "Supports security profile 1: Basic auth over ws (TC_073, "
                 "TC_085)."),
            _Key("profile_2", "bool", "Supports security profile 2: Basic auth over TLS with a "
                 "server certificate (TC_075, TC_076, TC_078, TC_086)."),
            _Key("profile_3", "bool", "Supports security profile 3: TLS with client "
                 "certificates (TC_074, TC_077, TC_087)."),
            _Key("certificates", "str",
                 '"generate": the harness makes a test PKI for each run (CA, server and charge '
                 'point certificates, invalid variants) and nothing is kept; "files": use the '
                 "lab's own certificates and keys in [connection] tls_*.",
                 choices=("generate", "files")),
            _Key("cpo_name", "str",
                 "CpoName: the O of the charge point certificate (TC_074, TC_087).",
                 csms_doc="CpoName: the O of the emulated charge point's certificate and CSR "
                 "(TC_074, TC_087)."),
            _Key("certificate_signed_max_chain_size", "int",
                 "CertificateSignedMaxChainSize: the largest CertificateSigned.req certificate "
                 "chain in bytes (TC_074, TC_077).", check=_at_least(1)),
            _Key("certificate_store_max_length", "int",
                 "CertificateStoreMaxLength: how many root certificates the charge point can "
                 "hold (TC_075_x, TC_076).", check=_at_least(1)),
            _Key("additional_root_certificate_check", "bool",
                 "AdditionalRootCertificateCheck: a new CentralSystemRootCertificate must be "
                 "signed by the old one (TC_075_2)."),
            _Key("signed_firmware", "bool",
                 "Supports SignedUpdateFirmware (TC_080, TC_081; needs firmware_management)."),
            _Key("tls_csms_url", "str",
                 "Websocket URL of your CSMS for security profiles 2 and 3 (wss://), when it is "
                 "not csms_url; empty: csms_url with the wss scheme.",
                 check=_optional(_url(("wss",))), sides=_CSMS),
        ),
        csms_doc="The OCPP 1.6 security white paper as your CSMS implements it: which security "
        "profiles it serves; the profile the emulated charge point connects with now is "
        "connection.security_profile.",
    ),
    _Section(
        "operator",
        "How manual steps (plug in, present an id tag, cut the power ...) are carried out. "
        "octt run --reference replaces this section when it starts the bundled reference DUT.",
        (
            _Key("backend", "str",
                 '"prompt": ask at the terminal; "shell": run a command; "webhook": POST to a '
                 'URL; "callable": call a Python function. docs/your-device.md shows each, and '
                 "how each says a step cannot be done on this rig (the case is then "
                 "not_applicable) or failed (inconclusive).",
                 choices=("prompt", "shell", "webhook", "callable")),
            _Key("command", "str",
                 'Command, required when backend = "shell", e.g. "./rig.sh {action} '
                 '{params_json}": fields {action}, {params_json}, {instruction} and each '
                 "parameter of the step by name; the step also comes as one line of JSON on "
                 'stdin ({"action", "params", "instruction"}). Exit status 0: done; 77: this rig '
                 "cannot do the step; anything else: failed."),
            _Key("url", "str",
                 'Base URL, required when backend = "webhook": each step is POSTed to '
                 "<url>/actions/<step> with its parameters as a JSON object. 2xx with "
                 '{"ok": true}: done; 501: this rig cannot do the step; anything else: failed.',
                 check=_optional(_url(("http", "https")))),
            _Key("callable", "str",
                 'Python function, required when backend = "callable": "module:function" (the '
                 "module is looked up next to this file first, then on the Python path) or "
                 '"path/to/file.py:function" (relative to this file). It gets the step and '
                 "returns when it is done; it raises octt_py.operator.StepNotSupported when the "
                 "rig cannot do that step.",
                 check=_optional(_module_function)),
        ),
        csms_doc="How manual steps (make your CSMS send a request, ...) are carried out. "
        "octt run --reference replaces this section when it starts the bundled reference DUT.",
    ),
)

_SECTIONS += (
    _Section(
        "unsupported",
        "What the charge point or its rig cannot do, below the level of a whole profile. A case "
        "that needs one of these is reported not_applicable with this as the reason, instead of "
        "waiting for it and ending inconclusive.",
        (
            _Key("actions", "list",
                 'CSMS-initiated CALLs the charge point does not implement, e.g. '
                 '["GetCompositeSchedule"]; "Action:Value" rules out one kind only: '
                 '"Reset:Soft", "ChangeAvailability:Inoperative", "TriggerMessage:MeterValues", '
                 '"SendLocalList:Differential", "SetChargingProfile:TxDefaultProfile".',
                 csms_doc='CALLs your CSMS cannot be made to send, e.g. ["GetCompositeSchedule", '
                 '"ClearCache", "Reset:Soft"]; "Action:Value" rules out one kind only '
                 '("Reset:Soft", "TriggerMessage:MeterValues", "SendLocalList:Differential", '
                 '"SetChargingProfile:TxProfile" ...).',
                 check=_names(known_actions(), "action")),
            _Key("operator_steps", "list",
                 'Manual steps your rig cannot carry out, e.g. ["fault", "clear_fault"] for a rig '
                 'with no input for error codes, ["power_loss", "power_restore"] without a '
                 "switchable supply. docs/your-device.md lists every step.",
                 csms_doc='Manual steps nobody can carry out on your CSMS, e.g. '
                 '["csms_provision_id_tags"] when the id tags are registered by hand before the '
                 "run. docs/your-device.md lists every step.",
                 check=_names(sorted(OPERATOR_STEPS), "operator step")),
        ),
        csms_doc="What your CSMS (or whoever drives it) cannot do, below the level of a whole "
        "profile. A case that needs one of these is reported not_applicable with this as the "
        "reason, instead of waiting for it and ending inconclusive.",
    ),
    _Section(
        "verdicts",
        "How findings weigh in a verdict.",
        (
            _Key("strict", "bool",
                 "true: extended findings (checks beyond the official step table: consistency "
                 "across messages, the harness's own readings of the spec) fail their case, as "
                 "octt run --strict does; false: they are reported but only official checks "
                 "fail a case, as the OCTT would."),
        ),
    ),
)

_SECTION_BY_NAME = {section.name: section for section in _SECTIONS}
_CONFIGURATION = "configuration"
_KNOWN_SECTIONS = (*_SECTION_BY_NAME, _CONFIGURATION)
_SECTION_OF_KEY = {key.name: s.name for s in _SECTIONS for key in s.keys}
