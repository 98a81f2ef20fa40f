"""The checks of a charge point DUT, fed by every exchange of the fake CSMS's session.

What no single message's schema can check: the transaction and connector ledger
(``transactions``), meter values against the configuration (``metering``), connector statuses
(``statuses``), the heartbeat as idleness (``heartbeat``), timestamps against the harness's
clock, CALLs of feature profiles the PICS does not declare, and security event types the white
paper does not define.
"""

from __future__ import annotations

from typing import Any

from octt_py.checks.base import Seen, Sink, attach
from octt_py.checks.clock import HARNESS_CLOCK, Clock, DutClock, parse_time, seconds
from octt_py.checks.configuration import Configuration
from octt_py.checks.heartbeat import HeartbeatCheck
from octt_py.checks.metering import MeterChecks
from octt_py.checks.rules import PROFILE_UNDECLARED, SECURITY_EVENT_TYPE, TIME_IN_FUTURE
from octt_py.checks.statuses import StatusChecks
from octt_py.checks.transactions import TransactionLedger
from octt_py.pics import Pics, Profile
from octt_py.session import Session

# Charge-point-initiated CALLs outside Core, by the profile that brings them.
PROFILE_OF: dict[str, Profile] = {
    "DiagnosticsStatusNotification": Profile.FIRMWARE_MANAGEMENT,
    "FirmwareStatusNotification": Profile.FIRMWARE_MANAGEMENT,
    "LogStatusNotification": Profile.SECURITY,
    "SecurityEventNotification": Profile.SECURITY,
    "SignCertificate": Profile.SECURITY,
    "SignedFirmwareStatusNotification": Profile.SECURITY,
}

# The security events of the white paper (edition 4, as edition 2), critical or not.
SECURITY_EVENTS = frozenset({
    "FirmwareUpdated", "FailedToAuthenticateAtCentralSystem", "CentralSystemFailedToAuthenticate",
    "SettingSystemTime", "StartupOfTheDevice", "ResetOrReboot", "SecurityLogWasCleared",
    "ReconfigurationOfSecurityParameters", "MemoryExhaustion", "InvalidMessages", "AttemptedReplayAttacks",
    "TamperDetectionActivated", "InvalidFirmwareSignature", "InvalidFirmwareSigningCertificate",
    "InvalidCentralSystemCertificate", "InvalidChargePointCertificate", "InvalidTLSVersion",
    "InvalidTLSCipherSuite",
})


class ChargePointChecks:
    """Feed it every exchange (``exchanged``); findings go to its sink."""

    def __init__(self, pics: Pics, sink: Sink) -> None:
        self.pics, self.sink = pics, sink
        tolerance = pics.timing.max_time_deviation
        self.tolerance_s = tolerance
        self.config = Configuration(pics)
        self.dut_clock = DutClock()
        self.ledger = TransactionLedger(MeterChecks(self.config, sink, tolerance), sink, self.dut_clock)
        self.statuses = StatusChecks(pics, sink)
        self.heartbeat = HeartbeatCheck(self.config, sink, tolerance)

    @classmethod
    def attach(cls, session: Session, pics: Pics, clock: Clock = HARNESS_CLOCK) -> ChargePointChecks:
        """Checks fed by ``session``, reporting into the trace it records into at the time."""
        checks = cls(pics, Sink(lambda: session.trace))
        attach(session, checks, clock)
        return checks

    def begin_case(self) -> None:
        """A new case: the same breach may be reported again (what the DUT is, the ledger keeps)."""
        self.sink.begin_case()

    def exchanged(self, seen: Seen) -> None:
        self.config.learn(seen)
        if seen.by_dut:
            self._profile(seen)
            self._stamps(seen)
            self._security_event(seen)
        self.ledger.exchanged(seen)
        self.statuses.exchanged(seen)
        self.heartbeat.exchanged(seen)

    def silent_until_ns(self) -> int | None:
        return self.heartbeat.deadline_ns()

    def silence(self, now_ns: int, link: int) -> None:
        self.heartbeat.silence(now_ns, link)

    def _profile(self, seen: Seen) -> None:
        profile = PROFILE_OF.get(seen.action)
        if profile is None or self.pics.supports(profile):
            return
        self.sink.report(
            PROFILE_UNDECLARED,
            f"the charge point sent {seen.action}, a {profile} message, but the PICS declares no {profile} profile",
            seen.frame, about=seen.action,
        )

    def _security_event(self, seen: Seen) -> None:
        kind = seen.payload.get("type") if seen.action == "SecurityEventNotification" else None
        if not isinstance(kind, str) or kind in SECURITY_EVENTS:
            return
        self.sink.report(
            SECURITY_EVENT_TYPE,
            f"SecurityEventNotification type {kind[:50]!r} is not a security event of the white paper",
            seen.frame, about=kind[:50],
        )

    def _stamps(self, seen: Seen) -> None:
        """No timestamp lies in the future; StatusNotification stamps teach the DUT's clock."""
        for stamp in _timestamps(seen.action, seen.payload):
            at = parse_time(stamp)
            if at is None:
                continue
            if seen.action == "StatusNotification":
                self.dut_clock.observe(at, seen.sent)
            ahead = at - seen.sent
            if ahead.total_seconds() > self.tolerance_s:
                self.sink.report(
                    TIME_IN_FUTURE,
                    f"{seen.action} is stamped {stamp}, {seconds(ahead)} ahead of the harness's clock when"
                    f" it arrived (tolerance {self.tolerance_s:g} s): the charge point's clock is wrong",
                    seen.frame, about="future",
                )


def _timestamps(action: str, payload: dict[str, Any]) -> list[Any]:
    if action in ("StatusNotification", "StartTransaction", "SecurityEventNotification"):
        return [payload.get("timestamp")]
    if action == "StopTransaction":
        data = payload.get("transactionData")
        return [payload.get("timestamp"), *_meter_value_stamps(data)]
    if action == "MeterValues":
        return _meter_value_stamps(payload.get("meterValue"))
    return []


def _meter_value_stamps(meter_values: Any) -> list[Any]:
    if not isinstance(meter_values, list):
        return []
    return [m.get("timestamp") for m in meter_values if isinstance(m, dict)]
