"""A working configuration for a charge point that a PICS describes but whose ``[configuration]``
is empty: the keys each declared profile requires (OCPP 1.6 section 9), with values that agree
with the rest of the PICS.

The PICS template lists the Core keys from here; the harness's emulated charge point (a CSMS
under test) reports and changes these keys when the lab declares none, instead of answering
every ChangeConfiguration NotSupported.
"""

from __future__ import annotations

from octt_py.pics.model import REQUIRED_KEYS, Capabilities, ConfigurationKey, Profile, Timing

_RATE_UNITS = {"A": "Current", "W": "Power"}


def default_configuration(
    profiles: frozenset[Profile], capabilities: Capabilities, timing: Timing
) -> dict[str, tuple[ConfigurationKey, str]]:
    """Key -> (value and accessibility, one-line description), for every key the declared
    profiles require, plus the optional keys cases read (AuthorizationCacheEnabled,
    AllowOfflineTxForUnknownId, StopTransactionOnEVSideDisconnect, ...)."""
    caps = capabilities
    values: dict[str, tuple[str, str]] = {
        # Core (OCPP 1.6 section 9.1)
        "AllowOfflineTxForUnknownId": (
            _bool("unknown_id" in caps.offline_authorization),
            "Start transactions for unknown id tags while offline (TC_037_x)."),
        "AuthorizationCacheEnabled": (
            _bool(caps.authorization_cache), "The authorization cache is on (TC_007_x, TC_061_x)."),
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
            str(caps.connectors), "Physical connectors, as capabilities.connectors (R)."),
        "ResetRetries": ("3", "Retries of an unsuccessful reset."),
        "StopTransactionOnEVSideDisconnect": (
            "true", "Stop the transaction when the cable is pulled at the EV (TC_005_x)."),
        "StopTransactionOnInvalidId": (
            "true", "Stop a transaction whose StartTransaction is not Accepted (TC_037_2/3)."),
        "StopTxnAlignedData": ("", "Clock-aligned measurands in StopTransaction transactionData."),
        "StopTxnSampledData": ("", "Sampled measurands in StopTransaction transactionData."),
        "SupportedFeatureProfiles": (
            ",".join(str(p) for p in Profile if p in profiles and p is not Profile.SECURITY),
            "Supported feature profiles; must agree with [profiles] (R)."),
        "TransactionMessageAttempts": (
            "3", "Attempts to deliver a transaction message the CSMS failed to process."),
        "TransactionMessageRetryInterval": (
            "60", "Seconds to wait before resubmitting such a message."),
        "UnlockConnectorOnEVSideDisconnect": (
            "true", "Unlock the socket when the cable is pulled at the EV (R or RW; TC_005_x)."),
        # Local Auth List Management (9.2)
        "LocalAuthListEnabled": ("true", "The local authorization list is in use."),
        "LocalAuthListMaxLength": ("100", "Most id tags the local list holds (R)."),
        "SendLocalListMaxLength": ("100", "Most id tags one SendLocalList may carry (R)."),
        # Reservation (9.3), Smart Charging (9.4), Firmware Management (errata 3.90)
        "ReserveConnectorZeroSupported": (
            _bool(caps.reserve_connector_zero), "Reservations of connector 0 (TC_049) (R)."),
        "ChargeProfileMaxStackLevel": (
            str(caps.charge_profile_max_stack_level), "Highest stackLevel of a profile (R)."),
        "ChargingScheduleAllowedChargingRateUnit": (
            ",".join(_RATE_UNITS[u] for u in caps.charging_rate_units),
            "Units a charging schedule may use (R)."),
        "ChargingScheduleMaxPeriods": (
            str(caps.charging_schedule_max_periods), "Most periods in one schedule (R)."),
        "MaxChargingProfilesInstalled": (
            str(caps.max_charging_profiles_installed), "Most profiles installed at once (R)."),
        "SupportedFileTransferProtocols": (
            ",".join(s.upper() for s in caps.firmware_url_schemes),
            "Protocols for firmware and diagnostics transfers (R)."),
    }
    optional = {
        "AllowOfflineTxForUnknownId": Profile.CORE, "AuthorizationCacheEnabled": Profile.CORE,
        "StopTransactionOnEVSideDisconnect": Profile.CORE,
        "ReserveConnectorZeroSupported": Profile.RESERVATION,
        "SupportedFileTransferProtocols": Profile.FIRMWARE_MANAGEMENT,
    }  # fmt: skip
    wanted: dict[str, bool] = {}
    for profile in Profile:
        if profile in profiles:
            wanted.update({key: bool(readonly) for key, readonly in REQUIRED_KEYS[profile].items()})
    for key, profile in optional.items():
        if profile in profiles:
            wanted[key] = key in ("ReserveConnectorZeroSupported", "SupportedFileTransferProtocols")
    return {
        key: (ConfigurationKey(values[key][0], readonly), values[key][1])
        for key, readonly in sorted(wanted.items())
    }


def core_template_keys(capabilities: Capabilities, timing: Timing) -> list[tuple[str, ConfigurationKey, str]]:
    """The required Core keys in their section-9 order, for the charge point PICS template."""
    defaults = default_configuration(frozenset({Profile.CORE}), capabilities, timing)
    return [(key, *defaults[key]) for key in REQUIRED_KEYS[Profile.CORE]]


def _bool(value: bool) -> str:
    return "true" if value else "false"
