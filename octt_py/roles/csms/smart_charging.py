"""Smart Charging profile for the fake CSMS: TC_056 … TC_082.

Charging profiles written the way the OCTT memory states write them, the profiles the case
installed, and the composite schedule checked against the oracle (``octt_py.smart_charging``).
Separate from ``core`` because it is its own OCPP feature profile.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from octt_py.ocppj.frames import CallError
from octt_py.roles.csms.core import CsmsCore, Transaction
from octt_py.session import IncomingCall, Payload
from octt_py.smart_charging import (
    ChargingProfile,
    CompositeSchedule,
    composite_schedule,
    first_difference,
    parse_time,
)
from octt_py.smart_charging import Transaction as ScheduledTransaction
from octt_py.verdict import Fail

# How far a reported composite limit may be from the oracle's: one step of the 0.1 resolution.
COMPOSITE_LIMIT_TOLERANCE = 0.1


class SmartChargingSteps(CsmsCore):
    # -- smart charging (OCTT TC_056 … TC_082) -----------------------------------------------

    # The profiles the case installed, as the charge point must now hold them; None outside
    # ``no_charging_profiles``. The composite schedule is checked against the oracle's reading
    # of these (octt_py.smart_charging), never against the charge point's own account.
    _installed_profiles: list[ChargingProfile] | None = None

    @property
    def rate_unit(self) -> str:
        """<Configured chargingRateUnit>: the first unit of the PICS charging_rate_units."""
        return (self.pics.capabilities.charging_rate_units or ("A",))[0]

    @property
    def installed_profiles(self) -> list[ChargingProfile]:
        if self._installed_profiles is None:
            self._installed_profiles = []
        return self._installed_profiles

    def charging_profile(
        self,
        profile_id: int,
        purpose: str,
        periods: list[tuple[int, float]],
        *,
        base: datetime,
        stack_level: int = 0,
        kind: str = "Absolute",
        duration: int | None = None,
        valid_for: int = 86_400,
        transaction_id: int | None = None,
        unit: str | None = None,
    ) -> Payload:
        """A csChargingProfiles written the way the OCTT memory states write one.

        ``periods`` are (startPeriod, limit in A); in W every limit is multiplied by 1000 (the
        catalogue's note), and each period has numberPhases <Configured numberPhases>. Times
        count from ``base`` (the case takes it once, so its profiles line up): validFrom and an
        Absolute startSchedule are <base - max time deviation>, validTo is <base + max time
        deviation + valid_for>, and an Absolute duration is ``duration`` + max time deviation,
        so the schedule ends ``duration`` s after ``base``. A Relative schedule has no
        startSchedule; its duration counts from the start of the transaction (§7.9).
        """
        unit = unit or self.rate_unit
        deviation = timedelta(seconds=self.timing.max_time_deviation)
        scale = 1000 if unit == "W" else 1
        phases = self.pics.capabilities.phases
        schedule: Payload = {}
        if duration is not None:
            lead = math.ceil(deviation.total_seconds()) if kind != "Relative" else 0
            schedule["duration"] = duration + lead
        if kind != "Relative":
            schedule["startSchedule"] = _rfc3339(base - deviation)
        schedule["chargingRateUnit"] = unit
        schedule["chargingSchedulePeriod"] = [
            {"startPeriod": start, "limit": float(limit * scale), "numberPhases": phases}
            for start, limit in periods
        ]
        profile: Payload = {"chargingProfileId": profile_id}
        if transaction_id is not None:
            profile["transactionId"] = transaction_id
        profile.update({
            "stackLevel": stack_level,
            "chargingProfilePurpose": purpose,
            "chargingProfileKind": kind,
            "validFrom": _rfc3339(base - deviation),
            "validTo": _rfc3339(base + deviation + timedelta(seconds=valid_for)),
            "chargingSchedule": schedule,
        })
        return profile

    @contextlib.asynccontextmanager
    async def no_charging_profiles(self) -> AsyncIterator[None]:
        """Memory state "no charging profiles installed" for the block: ClearChargingProfile
        without criteria before it (Accepted, or Unknown when there was none to clear), and the
        same again after it, so no profile of the case outlives it."""
        self.step("Memory state: no charging profiles installed (ClearChargingProfile, no criteria)")
        status = (await self.cp.call("ClearChargingProfile", {})).payload["status"]
        if status not in ("Accepted", "Unknown"):
            raise Fail(f"memory state without charging profiles: ClearChargingProfile was answered {status}")
        self._installed_profiles = []
        try:
            yield
        finally:
            self.step("Clear the charging profiles the case installed")
            await self._quietly(self.cp.call("ClearChargingProfile", {}))
            self._installed_profiles = None

    async def sets_profile(self, connector: int, profile: Payload) -> None:
        """SetChargingProfile of ``profile`` on ``connector``, which must be Accepted. The profile
        joins the installed ones, replacing one with the same chargingProfileId or the same
        stackLevel and purpose on that connector (§3.13.2, §5.16.3)."""
        what = f"{profile['chargingProfilePurpose']} {profile['chargingProfileId']} on connector {connector}"
        payload = {"connectorId": connector, "csChargingProfiles": profile}
        status = (await self.cp.call("SetChargingProfile", payload)).payload["status"]
        if status != "Accepted":
            raise Fail(f"SetChargingProfile ({what}) was answered {status}, not Accepted")
        self._installs(ChargingProfile.from_ocpp(profile, connector_id=connector))

    async def profile_refused(self, connector: int, profile: Payload, why: str) -> None:
        """SetChargingProfile that the charge point must refuse (``why``): Rejected, or a
        CALLERROR PropertyConstraintViolation (the catalogue allows both for TC_058_1)."""
        payload = {"connectorId": connector, "csChargingProfiles": profile}
        outcome = await self.cp.call("SetChargingProfile", payload, errors=("PropertyConstraintViolation",))
        if isinstance(outcome.reply, CallError):
            if outcome.reply.error_code == "PropertyConstraintViolation":
                return
            _ = outcome.payload  # any other CALLERROR fails the case
        status = outcome.payload["status"]
        if status != "Rejected":
            raise Fail(f"the charge point answered SetChargingProfile ({why}) with {status}, not Rejected")

    async def clears_profiles(self, **criteria: Any) -> None:
        """ClearChargingProfile with ``criteria`` (id, connectorId, chargingProfilePurpose,
        stackLevel), which must be Accepted. The installed profiles it selects go: the one with
        the id when an id is given, else every one matching all the given fields."""
        shown = ", ".join(f"{k} {v}" for k, v in criteria.items()) or "without criteria"
        status = (await self.cp.call("ClearChargingProfile", criteria)).payload["status"]
        if status != "Accepted":
            raise Fail(f"ClearChargingProfile ({shown}) was answered {status}, not Accepted")
        fields = {"connectorId": "connector_id", "chargingProfilePurpose": "purpose", "stackLevel": "stack_level"}

        def selected(p: ChargingProfile) -> bool:
            if "id" in criteria:
                return p.id == criteria["id"]
            return all(getattr(p, fields[k]) == v for k, v in criteria.items() if k in fields)

        self._installed_profiles = [p for p in self.installed_profiles if not selected(p)]

    def _installs(self, profile: ChargingProfile) -> None:
        self._installed_profiles = [
            p for p in self.installed_profiles
            if p.id != profile.id
            and (p.stack_level, p.purpose, p.connector_id) != (profile.stack_level, profile.purpose, profile.connector_id)
        ] + [profile]

    async def composite_matches(
        self, connector: int, duration: int, *, unit: str | None = None,
        transaction: ScheduledTransaction | None = None,
    ) -> CompositeSchedule:
        """GetCompositeSchedule for ``connector``, ``duration`` s, in ``unit`` (default the
        configured one): Accepted, for that connector and unit, and equal to the oracle's
        composite of the installed profiles from the moment the request was sent (PICS voltage
        and phases; ``transaction`` anchors Relative schedules and selects TxProfiles).

        Tolerances: times within the PICS max_time_deviation (scheduleStart, duration, period
        boundaries); limits within COMPOSITE_LIMIT_TOLERANCE, one step of the 0.1 resolution, so
        a converted limit rounded either way passes. Where no installed profile applies any
        limit passes: OCPP leaves it to the charge point (§3.13.6 "as if no constraints apply").
        The first difference fails the case, e.g. "GetCompositeSchedule connector 1: period 2
        (from +60 s): expected 8.0 A, got 16.0 A".
        """
        unit = unit or self.rate_unit
        where = f"GetCompositeSchedule connector {connector}"
        request = {"connectorId": connector, "duration": duration, "chargingRateUnit": unit}
        sent_at = datetime.now(UTC)
        reply = (await self.cp.call("GetCompositeSchedule", request, causes=False)).payload
        if reply.get("status") != "Accepted":
            raise Fail(f"{where} was answered {reply.get('status')}, not Accepted")
        if reply.get("connectorId", connector) != connector:
            raise Fail(f"{where} was answered for connector {reply.get('connectorId')}")
        try:
            actual = CompositeSchedule.from_ocpp(reply)
        except ValueError as exc:
            raise Fail(f"{where}: {exc}") from None
        caps = self.pics.capabilities
        expected = composite_schedule(
            self.installed_profiles, connector_id=connector, start=sent_at, duration=duration,
            unit=unit, voltage=caps.voltage, phases=caps.phases, transaction=transaction,
        )
        self.trace.note(f"{where}: expected {_shown(expected)}; got {_shown(actual)}")
        problem = first_difference(
            expected, actual, time_tolerance=self.timing.max_time_deviation,
            limit_tolerance=COMPOSITE_LIMIT_TOLERANCE,
        )
        if problem is not None:
            raise Fail(f"{where}: {problem}")
        return actual

    def _noting_start(self) -> dict[int, str]:
        """Answer the next StartTransaction as usual and note its timestamp by transaction id."""
        started: dict[int, str] = {}

        def answer(incoming: IncomingCall) -> Payload:
            reply = self._start_transaction(incoming)
            started[reply["transactionId"]] = incoming.payload["timestamp"]
            return reply

        self.cp.respond("StartTransaction", answer, once=True)
        return started

    @staticmethod
    def _scheduled(transaction: Transaction, started: dict[int, str]) -> ScheduledTransaction:
        stamp = started.get(transaction.transaction_id)
        try:
            start = parse_time(stamp) if stamp else datetime.now(UTC)
        except ValueError:  # the schema check reports a malformed timestamp
            start = datetime.now(UTC)
        return ScheduledTransaction(transaction.transaction_id, start)

    async def charging_scheduled(self, connector: int) -> ScheduledTransaction:
        """Reusable state Charging, as the composite schedule sees the transaction: its id and
        the moment the charge point says it started (StartTransaction timestamp), from which
        Relative schedules count (§7.9)."""
        started = self._noting_start()
        return self._scheduled(await self.charging(connector), started)

    async def remote_charging_with_profile(self, connector: int, profile: Payload) -> ScheduledTransaction:
        """RemoteStartTransaction carrying ``profile`` (a TxProfile without transactionId,
        §5.16.2), answered Accepted; Authorize when AuthorizeRemoteTxRequests is true; [plug in];
        StatusNotification Preparing, StartTransaction and StatusNotification Charging. The
        profile is then installed on ``connector`` for that transaction."""
        tag = self.tags.valid
        authorize = await self.authorize_remote_tx_requests()
        self.step(f"RemoteStartTransaction connector {connector}, id tag {tag}, with a TxProfile: Accepted")
        payload = {"connectorId": connector, "idTag": tag, "chargingProfile": profile}
        status = (await self.cp.call("RemoteStartTransaction", payload)).payload["status"]
        if status != "Accepted":
            raise Fail(f"the charge point answered RemoteStartTransaction with a TxProfile with {status}, not Accepted")
        self._installs(ChargingProfile.from_ocpp(profile, connector_id=connector))
        started = self._noting_start()
        start = await self.remote_start_proceeds(connector, tag, authorize=authorize)
        return self._scheduled(self.transaction_of(start), started)


def _rfc3339(moment: datetime) -> str:
    """An OCPP date-time (UTC, milliseconds) for a moment other than now."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _shown(schedule: CompositeSchedule) -> str:
    """A composite schedule in one line, for the trace: "+0 s 6.0 A, +60 s 10.0 A"."""
    periods = ", ".join(
        f"+{p.start} s {'any' if p.limit is None else f'{p.limit:.1f}'} {schedule.unit}"
        for p in schedule.periods
    )
    return f"{periods} (from {schedule.start:%H:%M:%S}, {schedule.duration} s)"
