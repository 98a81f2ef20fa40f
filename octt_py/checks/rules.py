"""Every rule the harness judges beyond the official step tables, in one registry.

A rule is what an *extended finding* names: an id ("meter.stop-below-start"), how sure a breach
is to be a product bug (severity), a one-line statement and the part of OCPP 1.6 it rests on.
Extended findings are shown everywhere (trace, results.jsonl, terminal summary, JUnit, report)
and fail a case only in a strict run. ``RULES`` is that list; ``docs/rules.md`` is generated from
it (``rules_table``) and a test keeps the page current.

``OFFICIAL_RULES`` are the few checks of this package that an official step table already
names: their findings fail the case like any step of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from octt_py.trace import FindingKind, Severity

CHARGE_POINT, CSMS = "charge-point", "csms"

ERROR, WARNING = Severity.ERROR, Severity.WARNING
CONSISTENCY, TIMING, PROTOCOL, IDLE = (
    FindingKind.CONSISTENCY, FindingKind.TIMING, FindingKind.PROTOCOL, FindingKind.IDLE,
)


@dataclass(frozen=True)
class Rule:
    id: str
    dut: str  # the DUT side it judges: "charge-point" or "csms"
    severity: Severity
    kind: FindingKind
    summary: str  # what a conformant DUT does, in one line
    spec: str  # the part of OCPP 1.6 (or of the OCTT) it rests on
    extended: bool = True  # False: an official step table names it


def _rule(id_: str, dut: str, severity: Severity, kind: FindingKind, summary: str, spec: str) -> Rule:
    return Rule(id_, dut, severity, kind, summary, spec)


# -- charge point DUT: meter values ----------------------------------------------------------
METER_STOP_BELOW_START = _rule(
    "meter.stop-below-start", CHARGE_POINT, ERROR, CONSISTENCY,
    "StopTransaction.meterStop is not below the transaction's meterStart.",
    "§6.46 / §6.50: meterStart and meterStop are readings of the connector's energy register (Wh)",
)
METER_REGISTER_DECREASED = _rule(
    "meter.register-decreased", CHARGE_POINT, ERROR, CONSISTENCY,
    "Energy.Active.Import.Register never decreases on a connector, in time order: meterStart, the "
    "transaction's MeterValues and transactionData, meterStop, and the next transaction's meterStart.",
    "§7.31 Measurand Energy.Active.Import.Register: a register reading; §6.46 / §6.50",
)
METER_MEASURAND_NOT_CONFIGURED = _rule(
    "meter.measurand-not-configured", CHARGE_POINT, WARNING, CONSISTENCY,
    "Sampled (Sample.Periodic), clock-aligned (Sample.Clock) and Transaction.Begin/End values carry "
    "the measurands of MeterValuesSampledData, MeterValuesAlignedData, StopTxnSampledData / "
    "StopTxnAlignedData, as set by the PICS and ChangeConfiguration (an empty key is not judged).",
    "§9.1.14, §9.1.16, §9.1.23, §9.1.25 (the configuration keys); §4.7",
)
METER_CONTEXT_NOT_CONFIGURED = _rule(
    "meter.context-not-configured", CHARGE_POINT, WARNING, CONSISTENCY,
    "Sample.Clock values come only with a ClockAlignedDataInterval above 0 and on its boundaries "
    "(± the PICS max_time_deviation); Sample.Periodic values only with a MeterValueSampleInterval above 0.",
    "§9.1.2 ClockAlignedDataInterval, §9.1.15 MeterValueSampleInterval, §7.30 ReadingContext",
)
METER_UNIT_MISMATCH = _rule(
    "meter.unit-mismatch", CHARGE_POINT, ERROR, CONSISTENCY,
    "A sampledValue's unit (Wh when omitted) is one its measurand is measured in.",
    "§7.45 UnitOfMeasure (default Wh), §7.31 Measurand",
)
# -- charge point DUT: timestamps ------------------------------------------------------------
TIME_TRANSACTION_ORDER = _rule(
    "time.transaction-order", CHARGE_POINT, ERROR, CONSISTENCY,
    "StartTransaction.timestamp ≤ the timestamps of the transaction's MeterValues ≤ "
    "StopTransaction.timestamp.",
    "§6.46 / §6.50 timestamp: when the transaction started / stopped; §7.33 MeterValue.timestamp",
)
TIME_IN_FUTURE = _rule(
    "time.in-future", CHARGE_POINT, WARNING, CONSISTENCY,
    "No timestamp is later than the harness's clock when the message arrived plus the PICS "
    "max_time_deviation.",
    "§4.2: a charge point is RECOMMENDED to take the Central System's currentTime",
)
TIME_OFFLINE_STAMPED_AT_SEND = _rule(
    "time.offline-stamped-at-send", CHARGE_POINT, WARNING, CONSISTENCY,
    "A StartTransaction or StopTransaction queued while offline keeps the time the event happened: "
    "one replayed after a reconnect (before any harness step on the new connection, no reboot) is "
    "not stamped after the connection came back (on the charge point's clock, estimated from its "
    "live StatusNotifications; 50 ms or the estimate's spread of margin, below which an event at the "
    "last moment offline and a stamp at send time look alike: an immediate replay stamped at send "
    "time shows as meter values stamped before their StartTransaction instead). Not applied to a "
    "DeAuthorized stop, which the reply to the replayed start causes.",
    "§6.46 / §6.50 timestamp; §4.8 / §4.10: transaction messages are queued while offline",
)
# -- charge point DUT: transactions and connectors -------------------------------------------
TRANSACTION_UNKNOWN_ID = _rule(
    "transaction.unknown-id", CHARGE_POINT, ERROR, CONSISTENCY,
    "MeterValues.transactionId and StopTransaction.transactionId name a transaction the CSMS "
    "numbered in StartTransaction.conf, still open, on the same connector (ids the charge point "
    "brings from before the run, ahead of its first StartTransaction, are not judged).",
    "§6.31 MeterValues.req / §6.50 StopTransaction.req transactionId: as received in StartTransaction.conf",
)
TRANSACTION_CONNECTOR_ZERO = _rule(
    "transaction.connector-zero", CHARGE_POINT, ERROR, CONSISTENCY,
    "StartTransaction, and MeterValues that name a transaction, never use connectorId 0 (the charge "
    "point as a whole).",
    "§6.46 StartTransaction.req connectorId > 0; §6.31 MeterValues.req connectorId 0: the main meter",
)
RESERVATION_ID_MISSING = _rule(
    "reservation.id-missing", CHARGE_POINT, ERROR, CONSISTENCY,
    "A StartTransaction for the id tag of a reservation the charge point accepted (ReserveNow "
    "Accepted, not cancelled or expired) on its connector carries that reservationId, and a "
    "reservationId is one the charge point accepted.",
    "§5.13: the reservationId SHALL be sent in StartTransaction.req",
)
# -- charge point DUT: statuses ------------------------------------------------------------------
STATUS_FAULTED_NO_ERROR = _rule(
    "status.faulted-no-error", CHARGE_POINT, ERROR, CONSISTENCY,
    "StatusNotification Faulted carries an errorCode other than NoError.",
    "§7.7 ChargePointErrorCode (NoError: no error to report), §7.8 ChargePointStatus Faulted",
)
STATUS_TRANSITION = _rule(
    "status.transition", CHARGE_POINT, ERROR, CONSISTENCY,
    "Connector status changes are ones the status table allows; the first report on a connection "
    "is not judged (statuses may change unseen while offline or rebooting). Available → Charging, "
    "SuspendedEV or SuspendedEVSE (A3–A5, no Preparing) is accepted only from a charge point the "
    "PICS declares without an identification reader (rfid_readers 0).",
    "§4.9, table of status transitions (edition 2)",
)
STATUS_CHARGE_POINT = _rule(
    "status.charge-point-status", CHARGE_POINT, ERROR, CONSISTENCY,
    "StatusNotification for connectorId 0 reports Available, Unavailable or Faulted only.",
    "§7.8 ChargePointStatus: the main controller's status is a subset",
)
# -- charge point DUT: heartbeat and profiles --------------------------------------------------
HEARTBEAT_IDLE_LINK = _rule(
    "heartbeat.idle-link", CHARGE_POINT, WARNING, TIMING,
    "While registered (BootNotification Accepted), the charge point sends some PDU at least every "
    "heartbeat interval (BootNotification.conf interval or HeartbeatInterval) plus the PICS "
    "max_time_deviation: HeartbeatInterval is the 'interval of inactivity' after which it should "
    "send a Heartbeat, and one may be skipped when another PDU went out within the interval, so "
    "idleness is judged, not heartbeat counts. A warning, not an error: §4.6 notes that with JSON "
    "over WebSocket heartbeats are not mandatory (websocket pings keep the connection, and the "
    "harness does not count them), but a charge point that stays silent past the interval it was "
    "given lets the Central System take it for gone and its clock drift.",
    "§4.6 Heartbeat (and its OCPP-J note); §9.1.10 HeartbeatInterval",
)
PROFILE_UNDECLARED = _rule(
    "profile.undeclared", CHARGE_POINT, WARNING, PROTOCOL,
    "The charge point sends no CALL of a feature profile the PICS does not declare (e.g. security "
    "extension CALLs without the Security profile).",
    "§3.3 Feature profiles; security whitepaper §1 (the extension is opt-in)",
)
SECURITY_EVENT_TYPE = _rule(
    "security-event.type", CHARGE_POINT, WARNING, PROTOCOL,
    "SecurityEventNotification.type is one of the security events the white paper defines "
    "(FirmwareUpdated ... InvalidTLSCipherSuite), spelt as there: not an OCPP 2.0.1 name "
    "(InvalidChargingStationCertificate, FailedToAuthenticateAtCsms) nor a vendor's own, which a "
    "Central System acting on the defined events misses. Its timestamp is judged by time.in-future.",
    "security white paper (edition 4) §5.15 SecurityEventNotification.req and the list of security events",
)
# -- CSMS DUT --------------------------------------------------------------------------------------
BOOT_ACCEPTED_INTERVAL = _rule(
    "boot.accepted-interval", CSMS, WARNING, CONSISTENCY,
    "BootNotification.conf Accepted gives a heartbeat interval above 0.",
    "§4.2 / §6.5: with Accepted the interval is the heartbeat interval (0 is defined only for retries)",
)
CLOCK_CURRENT_TIME = _rule(
    "clock.current-time", CSMS, WARNING, CONSISTENCY,
    "BootNotification.conf and Heartbeat.conf currentTime lie between the harness's clock when "
    "the CALL went out and when the reply came, ± the PICS max_time_deviation.",
    "§4.2 / §4.6: currentTime is the Central System's time, which charge points synchronise to",
)
BOOT_CALL_BEFORE_ACCEPTED = _rule(
    "boot.call-before-accepted", CSMS, ERROR, PROTOCOL,
    "The CSMS sends no CALL while a BootNotification is unanswered or after it answered Rejected; "
    "while Pending it may retrieve or change information, but not RemoteStartTransaction or "
    "RemoteStopTransaction.",
    "§4.2 BootNotification (Pending, Rejected)",
)
STOP_ID_TAG_INFO = _rule(
    "stop.id-tag-info", CSMS, ERROR, CONSISTENCY,
    "StopTransaction.conf idTagInfo, when present for a PICS id tag, has its status: valid tags "
    "Accepted, blocked Blocked, expired Expired, invalid Invalid.",
    "§6.51 StopTransaction.conf idTagInfo: the authorization status of the stop's idTag",
)
START_ID_TAG_INFO = _rule(
    "start.id-tag-info", CSMS, ERROR, CONSISTENCY,
    "StartTransaction.conf idTagInfo for a PICS id tag has its status (valid tags Accepted or "
    "ConcurrentTx; invalid Invalid, blocked Blocked, expired Expired), so an unknown tag presented "
    "online is answered Invalid.",
    "§4.8: the Central System MUST verify the validity of the identifier in StartTransaction.req",
)
# -- rules of single cases, moved out of their official verdicts -------------------------------------
IDLE_LEFT_NOT_IDLE = _rule(
    "idle.left-not-idle", "both", WARNING, IDLE,
    "After a case the harness can return the DUT to idle (no transaction, connectors free); the case "
    "that leaves it otherwise carries the finding.",
    "harness: every case starts from a known idle device (issue 12 §1)",
)
TX_DEFAULT_FALLBACK = _rule(
    "smart-charging.tx-default-fallback", CHARGE_POINT, WARNING, CONSISTENCY,
    "TC_057_CS: once the TxProfile's duration is over, the composite schedule falls back to the "
    "TxDefaultProfile installed underneath.",
    "§3.13.1 / §5.16.4 (the harness's reading; the OCTT checks the TxProfile only)",
)
CACHED_TAG_SENT_AUTHORIZE = _rule(
    "authorization.cached-tag-sent-authorize", CHARGE_POINT, WARNING, PROTOCOL,
    "TC_007_1_CS: with LocalPreAuthorize true, a tag cached as Accepted starts the transaction "
    "without any Authorize.",
    "§3.5.1 (the harness's reading: the spec says the charge point need not wait for Authorize.conf)",
)

# Rules the roles and cases of other profiles check themselves (their modules name the same ids;
# tests/checks/test_rules.py keeps them equal).
EXPIRED_LOCAL_ENTRY_USED = _rule(
    "case.expired-local-entry-used", CHARGE_POINT, ERROR, PROTOCOL,
    "A Local Authorization List entry whose expiryDate has passed authorizes nothing locally.",
    "§3.5.3 / §7.17 IdTagInfo.expiryDate (roles/csms/local_auth_list.py)",
)
TAG_WHILE_NOT_REGISTERED = _rule(
    "case.tag-accepted-while-not-registered", CHARGE_POINT, ERROR, PROTOCOL,
    "While its BootNotification is Pending or Rejected, a charge point acts on no presented id tag.",
    "§4.2 (roles/csms/core.py boots_again)",
)
CONFIGURATION_NOT_APPLIED = _rule(
    "case.configuration-not-applied", CHARGE_POINT, ERROR, CONSISTENCY,
    "A ChangeConfiguration answered Accepted reads back with the new value.",
    "§7.18 ConfigurationStatus Accepted: the setting has been changed (roles/csms/core.py)",
)
SECOND_RESERVATION_ACCEPTED = _rule(
    "case.second-reservation-accepted", CHARGE_POINT, WARNING, PROTOCOL,
    "A connector that holds a reservation answers a second ReserveNow Occupied.",
    "§5.13 ReserveNow (roles/csms/reservation.py)",
)
UNKNOWN_KEY_NOT_REPORTED = _rule(
    "case.unknown-key-not-reported", CHARGE_POINT, ERROR, PROTOCOL,
    "GetConfiguration puts a requested key the charge point does not know in unknownKey.",
    "§6.23 GetConfiguration.conf unknownKey (TC_019_CS)",
)
UNKNOWN_VENDOR_ACCEPTED = _rule(
    "case.data-transfer-unknown-vendor-accepted", CSMS, ERROR, PROTOCOL,
    "The CSMS answers DataTransfer for a vendorId it does not implement UnknownVendorId.",
    "§4.3 DataTransfer (TC_064_CSMS)",
)
RSA_PSS_SIGNED = _rule(
    "certificate.rsa-pss-signature", "both",
    ERROR, PROTOCOL,
    "Certificates are signed with SHA256withRSA or ECDSA: RSASSA-PSS is valid X.509, but the OCTT is "
    "documented to reject it.",
    "a public OCTT certification report (pki/inspect.py RSA_PSS_RULE)",
)

# -- official: a step table names it ------------------------------------------------------------
REMOTE_START_ID_TAG = Rule(
    "remote-start.id-tag", CSMS, ERROR, CONSISTENCY,
    "RemoteStartTransaction carries the id tag the operator asked the CSMS to start with.",
    "OCTT step tables of TC_010, TC_011_x, TC_026, TC_059 (CSMS): RemoteStartTransaction.req "
    "idTag <Configured idTag>",
    extended=False,
)

RULES: tuple[Rule, ...] = (
    METER_STOP_BELOW_START, METER_REGISTER_DECREASED, METER_MEASURAND_NOT_CONFIGURED,
    METER_CONTEXT_NOT_CONFIGURED, METER_UNIT_MISMATCH,
    TIME_TRANSACTION_ORDER, TIME_IN_FUTURE, TIME_OFFLINE_STAMPED_AT_SEND,
    TRANSACTION_UNKNOWN_ID, TRANSACTION_CONNECTOR_ZERO, RESERVATION_ID_MISSING,
    STATUS_FAULTED_NO_ERROR, STATUS_TRANSITION, STATUS_CHARGE_POINT,
    HEARTBEAT_IDLE_LINK, PROFILE_UNDECLARED, SECURITY_EVENT_TYPE,
    BOOT_ACCEPTED_INTERVAL, CLOCK_CURRENT_TIME, BOOT_CALL_BEFORE_ACCEPTED,
    STOP_ID_TAG_INFO, START_ID_TAG_INFO,
    IDLE_LEFT_NOT_IDLE, TX_DEFAULT_FALLBACK, CACHED_TAG_SENT_AUTHORIZE,
    EXPIRED_LOCAL_ENTRY_USED, TAG_WHILE_NOT_REGISTERED, CONFIGURATION_NOT_APPLIED,
    SECOND_RESERVATION_ACCEPTED, UNKNOWN_KEY_NOT_REPORTED, UNKNOWN_VENDOR_ACCEPTED, RSA_PSS_SIGNED,
)  # fmt: skip
"""Every extended rule: what the closing note counts and docs/rules.md lists."""

OFFICIAL_RULES: tuple[Rule, ...] = (REMOTE_START_ID_TAG,)
"""Checks of this package an official step table already makes part of the verdict."""

BY_ID: dict[str, Rule] = {rule.id: rule for rule in (*RULES, *OFFICIAL_RULES)}


def rules_table() -> str:
    """The Markdown table of docs/rules.md."""
    lines = [
        "| rule | DUT | severity | verdict | what a conformant DUT does | rests on |",
        "|---|---|---|---|---|---|",
    ]
    for rule in (*RULES, *OFFICIAL_RULES):
        verdict = "extended (fails only under --strict)" if rule.extended else "official"
        lines.append(
            f"| `{rule.id}` | {rule.dut} | {rule.severity} | {verdict} | {rule.summary} | {rule.spec} |"
        )
    lines.append("")
    lines.append(f"{len(RULES)} extended rules, {len(OFFICIAL_RULES)} official.")
    return "\n".join(lines) + "\n"

LEFT_NOT_IDLE = IDLE_LEFT_NOT_IDLE.id
"""The rule of a case after which the DUT could not be returned to idle (the runner's)."""
