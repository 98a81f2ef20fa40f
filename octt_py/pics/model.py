"""The PICS data model: the dataclasses a parsed PICS becomes, the profiles, and the
configuration keys each profile requires."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from octt_py.pics.support import Unsupported

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
    charge_point_ids: tuple[str, ...] = ()  # CSMS DUT: identities to rotate through, one per case


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
    max_frame_size: int = 1 << 20
    """The largest websocket message the harness takes (bytes, default 1 MiB); a larger one is
    the DUT's framing nonconformance, and the harness closes the connection with 1009."""


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
    crossing_calls: str = "rotate"  # CSMS DUT: the emulated charge point's CALL before its reply


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
    the rest are intervals the harness configures on the DUT so runs stay short, and the pauses
    it keeps: between cases, before closing a connection, offline and without power."""

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
    case_pause: float = 1.0
    drain_window: float = 0.5
    offline_period: float = 20.0
    power_off_period: float = 5.0


@dataclass(frozen=True)
class Security:
    """The OCPP 1.6 security white paper as the DUT implements it (the security PICS).

    The profile in use now is ``Connection.security_profile`` and the AuthorizationKey is
    ``Connection.basic_auth_password``; this section says which profiles the DUT can be moved
    to and what the certificate cases need.
    """

    profile_1: bool = False
    profile_2: bool = False
    profile_3: bool = False
    certificates: str = "generate"  # or "files": the [connection] tls_* files are the lab's
    cpo_name: str = ""
    certificate_signed_max_chain_size: int = 10000
    certificate_store_max_length: int = 10
    additional_root_certificate_check: bool = False
    signed_firmware: bool = False
    tls_csms_url: str = ""  # CSMS DUT: where it serves wss, when not at csms_url

    def supports(self, profile: int) -> bool:
        """Whether the DUT can run at security ``profile`` (0, no security, always)."""
        return profile == 0 or bool(getattr(self, f"profile_{profile}", False))


@dataclass(frozen=True)
class Verdicts:
    """How findings weigh: ``strict`` makes extended findings (checks beyond the official step
    table) fail their case, as ``octt run --strict`` does, for a lab that always wants that."""

    strict: bool = False


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
    unsupported: Unsupported = Unsupported()
    source: str = ""
    security: Security = Security()
    verdicts: Verdicts = Verdicts()

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
            "unsupported": _plain(self.unsupported),
            "security": _plain(self.security),
            "verdicts": _plain(self.verdicts),
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
