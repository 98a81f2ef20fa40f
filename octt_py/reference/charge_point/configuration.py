"""The configuration keys of OCPP 1.6 (section 9) with readonly flags and value validation.

The store is seeded with the standard keys of every feature profile the PICS declares, then the
PICS ``[configuration]`` table overrides values and readonly flags (and may add vendor keys).
It lives in the non-volatile store: ChangeConfiguration survives a reboot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from ocpp.v16.enums import ConfigurationStatus, Measurand

from octt_py.pics import Pics, Profile

MAX_VALUE_LENGTH = 500  # CiString500 in GetConfiguration.conf
PROFILE_KEYS = ("Core", "FirmwareManagement", "LocalAuthListManagement", "Reservation",
                "SmartCharging", "RemoteTrigger")
MEASURANDS = frozenset(m.value for m in Measurand)


class Kind(Enum):
    """How a key's value is checked on ChangeConfiguration."""

    INT = "int"  # integer >= 0
    BOOL = "bool"  # "true" / "false"
    MEASURANDS = "measurands"  # comma separated list of Measurand values
    TEXT = "text"  # anything up to 500 characters


@dataclass
class Key:
    name: str
    value: str
    readonly: bool
    kind: Kind = Kind.TEXT
    max_items_key: str | None = None  # for lists: the key holding the maximum length


def _bool(flag: bool) -> str:
    return "true" if flag else "false"


def standard_keys(pics: Pics) -> list[Key]:
    """The keys this charge point implements, in spec order, with defaults from the PICS."""
    cap, timing = pics.capabilities, pics.timing
    profiles = [p for p in PROFILE_KEYS if Profile(p) in pics.profiles or p == "Core"]
    keys = [
        Key("AllowOfflineTxForUnknownId", "false", False, Kind.BOOL),
        Key("AuthorizeRemoteTxRequests", "true", False, Kind.BOOL),
        Key("ClockAlignedDataInterval", "0", False, Kind.INT),
        Key("ConnectionTimeOut", str(timing.connection_timeout), False, Kind.INT),
        Key("ConnectorPhaseRotation", "NotApplicable", False),
        Key("GetConfigurationMaxKeys", "50", True, Kind.INT),
        Key("HeartbeatInterval", str(timing.heartbeat_interval), False, Kind.INT),
        Key("LocalAuthorizeOffline", "true", False, Kind.BOOL),
        Key("LocalPreAuthorize", "true", False, Kind.BOOL),
        Key("MeterValuesAlignedData", "Energy.Active.Import.Register", False, Kind.MEASURANDS,
            "MeterValuesAlignedDataMaxLength"),
        Key("MeterValuesAlignedDataMaxLength", "8", True, Kind.INT),
        Key("MeterValuesSampledData", "Energy.Active.Import.Register", False, Kind.MEASURANDS,
            "MeterValuesSampledDataMaxLength"),
        Key("MeterValuesSampledDataMaxLength", "8", True, Kind.INT),
        Key("MeterValueSampleInterval", str(timing.meter_value_sample_interval), False, Kind.INT),
        Key("NumberOfConnectors", str(cap.connectors), True, Kind.INT),
        Key("ResetRetries", "1", False, Kind.INT),
        Key("StopTransactionOnEVSideDisconnect", "true", False, Kind.BOOL),
        Key("StopTransactionOnInvalidId", "true", False, Kind.BOOL),
        Key("StopTxnAlignedData", "", False, Kind.MEASURANDS, "StopTxnAlignedDataMaxLength"),
        Key("StopTxnAlignedDataMaxLength", "8", True, Kind.INT),
        Key("StopTxnSampledData", "", False, Kind.MEASURANDS, "StopTxnSampledDataMaxLength"),
        Key("StopTxnSampledDataMaxLength", "8", True, Kind.INT),
        Key("SupportedFeatureProfiles", ",".join(profiles), True),
        Key("TransactionMessageAttempts", "3", False, Kind.INT),
        Key("TransactionMessageRetryInterval", "10", False, Kind.INT),
        Key("UnlockConnectorOnEVSideDisconnect", "true", False, Kind.BOOL),
        Key("WebSocketPingInterval", "0", False, Kind.INT),
    ]
    if Profile.FIRMWARE_MANAGEMENT in pics.profiles:
        schemes = ",".join(s.upper() for s in cap.firmware_url_schemes)
        keys.append(Key("SupportedFileTransferProtocols", schemes, True))
    if cap.authorization_cache:
        keys.append(Key("AuthorizationCacheEnabled", "true", False, Kind.BOOL))
    if Profile.LOCAL_AUTH_LIST_MANAGEMENT in pics.profiles:
        keys += [
            Key("LocalAuthListEnabled", "true", False, Kind.BOOL),
            Key("LocalAuthListMaxLength", "100", True, Kind.INT),
            Key("SendLocalListMaxLength", "100", True, Kind.INT),
        ]
    if Profile.RESERVATION in pics.profiles:
        keys.append(Key("ReserveConnectorZeroSupported", _bool(cap.reserve_connector_zero),
                        True, Kind.BOOL))
    if Profile.SMART_CHARGING in pics.profiles:
        units = ",".join({"A": "Current", "W": "Power"}[u] for u in cap.charging_rate_units)
        keys += [
            Key("ChargeProfileMaxStackLevel", str(cap.charge_profile_max_stack_level), True,
                Kind.INT),
            Key("ChargingScheduleAllowedChargingRateUnit", units, True),
            Key("ChargingScheduleMaxPeriods", str(cap.charging_schedule_max_periods), True,
                Kind.INT),
            Key("ConnectorSwitch3to1PhaseSupported", "false", True, Kind.BOOL),
            Key("MaxChargingProfilesInstalled", str(cap.max_charging_profiles_installed), True,
                Kind.INT),
        ]
    if Profile.SECURITY in pics.profiles:  # security white paper, section "Configuration Keys"
        security = pics.security
        keys += [
            Key("AdditionalRootCertificateCheck", _bool(security.additional_root_certificate_check),
                True, Kind.BOOL),
            Key("AuthorizationKey", pics.connection.basic_auth_password, False),
            Key("CertificateSignedMaxChainSize", str(security.certificate_signed_max_chain_size),
                True, Kind.INT),
            Key("CertificateStoreMaxLength", str(security.certificate_store_max_length), True,
                Kind.INT),
            Key("CpoName", security.cpo_name, False),
            Key("SecurityProfile", str(pics.connection.security_profile), False, Kind.INT),
        ]
    return keys


SECURITY_KEYS = frozenset({"SecurityProfile", "AuthorizationKey"})
"""Keys whose change the security behaviour decides (``SecurityBehaviour.security_change``)."""
WRITE_ONLY = frozenset({"AuthorizationKey"})
"""Keys GetConfiguration never reports (white paper: AuthorizationKey is write-only)."""


class Configuration:
    """Configuration keys by name, in a stable order."""

    def __init__(self, pics: Pics) -> None:
        self._keys: dict[str, Key] = {key.name: key for key in standard_keys(pics)}
        for name, declared in pics.configuration.items():
            known = self._keys.get(name)
            if known is None:
                self._keys[name] = Key(name, declared.value, declared.readonly)
            else:
                known.value, known.readonly = declared.value, declared.readonly

    def __contains__(self, name: object) -> bool:
        return name in self._keys

    def all_keys(self) -> list[Key]:
        return list(self._keys.values())

    def get(self, name: str) -> str | None:
        key = self._keys.get(name)
        return None if key is None else key.value

    def get_int(self, name: str, default: int = 0) -> int:
        value = self.get(name)
        try:
            return int(value) if value is not None else default
        except ValueError:
            return default

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.get(name)
        return default if value is None else value.strip().lower() == "true"

    def get_list(self, name: str) -> list[str]:
        value = self.get(name) or ""
        return [item.strip() for item in value.split(",") if item.strip()]

    def lookup(self, names: Iterable[str]) -> tuple[list[Key], list[str]]:
        """The known keys among ``names`` and the unknown names, each in request order."""
        known, unknown = [], []
        for name in names:
            key = self._keys.get(name)
            if key is None:
                unknown.append(name)
            else:
                known.append(key)
        return known, unknown

    def check(self, name: str, value: str) -> ConfigurationStatus:
        """What ChangeConfiguration of ``name`` to ``value`` would answer, without storing."""
        key = self._keys.get(name)
        if key is None:
            return ConfigurationStatus.not_supported
        if key.readonly or not self._valid(key, value):
            return ConfigurationStatus.rejected
        return ConfigurationStatus.accepted

    def change(self, name: str, value: str) -> ConfigurationStatus:
        status = self.check(name, value)
        if status == ConfigurationStatus.accepted:
            key = self._keys[name]
            key.value = value.strip().lower() if key.kind is Kind.BOOL else value.strip()
        return status

    def set(self, name: str, value: str) -> None:
        """Set a key from inside the charge point (e.g. HeartbeatInterval from the boot)."""
        if name in self._keys:
            self._keys[name].value = value

    def _valid(self, key: Key, value: str) -> bool:
        if len(value) > MAX_VALUE_LENGTH:
            return False
        text = value.strip()
        if key.kind is Kind.INT:
            return text.isascii() and text.isdigit()
        if key.kind is Kind.BOOL:
            return text.lower() in ("true", "false")
        if key.kind is Kind.MEASURANDS:
            items = [item.strip() for item in text.split(",")] if text else []
            limit = self.get_int(key.max_items_key, len(items)) if key.max_items_key else None
            return (all(item in MEASURANDS for item in items)
                    and (limit is None or len(items) <= limit))
        return True
