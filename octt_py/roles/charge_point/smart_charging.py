"""Smart Charging profile for the fake charge point: TC_056, TC_057, TC_059, TC_066, TC_067.

SetChargingProfile and ClearChargingProfile as the CSMS sends them, and the checks of the
charging profiles it sends against OCPP 1.6 and this charge point's PICS limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from octt_py.roles.charge_point.core import ChargePointCore
from octt_py.session import IncomingCall
from octt_py.smart_charging import ChargingProfile, profile_problems
from octt_py.verdict import Fail

PROFILE_VALIDITY = timedelta(days=1)  # how long the profiles the harness proposes are valid


class SmartChargingSteps(ChargePointCore):
    # -- smart charging (TC_056, TC_057, TC_059, TC_066, TC_067) -----------------------------

    @property
    def rate_unit(self) -> str:
        """<Configured chargingRateUnit>: the first unit of the PICS charging_rate_units."""
        return (self.pics.capabilities.charging_rate_units or ("A",))[0]

    def profile_conforms(
        self, data: Mapping[str, Any], *, connector: int, where: str,
        transaction_id: int | None = None, remote_start: bool = False,
    ) -> ChargingProfile:
        """The charging profile the CSMS sent, checked beyond its schema against every rule of
        OCPP 1.6 §3.13, §5.16 and §7.8-7.16 (``profile_problems``) with this charge point's
        ChargingScheduleMaxPeriods, ChargeProfileMaxStackLevel and allowed rate units (PICS):
        periods, purposes, stack levels, transaction ids (``transaction_id`` is the one running
        on ``connector``) and units. Any problem fails the case, all of them named."""
        caps = self.pics.capabilities
        try:
            profile = ChargingProfile.from_ocpp(data, connector_id=connector)
        except ValueError as exc:
            raise Fail(f"{where}: {exc}") from None
        problems = profile_problems(
            profile, max_periods=caps.charging_schedule_max_periods,
            max_stack_level=caps.charge_profile_max_stack_level,
            allowed_units=caps.charging_rate_units, transaction_id=transaction_id,
            remote_start=remote_start,
        )
        if problems:
            raise Fail(f"{where}: {'; '.join(problems)}")
        return profile

    @staticmethod
    def schedule_kind_conforms(profile: ChargingProfile, where: str) -> None:
        """The OCTT rules for a transaction's profile (TC_057, TC_059): no recurrencyKind;
        Absolute or Relative; an Absolute one with validFrom, validTo, startSchedule and
        duration, a Relative one without startSchedule."""
        if profile.recurrency is not None:
            raise Fail(f"{where}: recurrencyKind is {profile.recurrency}; it must be omitted")
        if profile.kind not in ("Absolute", "Relative"):
            raise Fail(f"{where}: chargingProfileKind is {profile.kind}; expected Absolute or Relative")
        if profile.kind == "Absolute":
            missing = [name for name, value in (
                ("validFrom", profile.valid_from), ("validTo", profile.valid_to),
                ("chargingSchedule.startSchedule", profile.start_schedule),
                ("chargingSchedule.duration", profile.duration)) if value is None]
            if missing:
                raise Fail(f"{where}: an Absolute profile without {', '.join(missing)}")

    def charging_profile(self, purpose: str, **fields: Any) -> dict[str, Any]:
        """A complete charging profile the operator can have the CSMS send: a fresh id, stack
        level 0, Absolute from now for a day, the PICS's first rate unit at the official cases'
        limit (6 A or 6000 W); ``fields`` replace any of these (e.g. ``transactionId``)."""
        now = datetime.now(UTC)
        unit = self.rate_unit
        return {
            "chargingProfileId": self.next_id(), "stackLevel": 0,
            "chargingProfilePurpose": purpose, "chargingProfileKind": "Absolute",
            "validFrom": self.timestamp(now), "validTo": self.timestamp(now + PROFILE_VALIDITY),
            "chargingSchedule": {
                "duration": int(PROFILE_VALIDITY.total_seconds()),
                "startSchedule": self.timestamp(now), "chargingRateUnit": unit,
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6.0 if unit == "A" else 6000.0}],
            },
            **fields,
        }  # fmt: skip

    async def profile_sent(
        self, connector: int, purpose: str, *, transaction_id: int | None = None, **fields: Any
    ) -> tuple[IncomingCall, ChargingProfile]:
        """[Make the CSMS send SetChargingProfile with a ``purpose`` for ``connector``] (a TxProfile
        for the running transaction ``transaction_id``; ``fields``: more csChargingProfiles
        fields): the request for that connector and purpose, its profile conforming
        (``profile_conforms``), answered Accepted."""
        if transaction_id is not None:
            fields["transactionId"] = transaction_id
        request = await self.csms_sends(
            "SetChargingProfile", connectorId=connector,
            csChargingProfiles=self.charging_profile(purpose, **fields),
        )
        where = f"SetChargingProfile {purpose}"
        if request.payload["connectorId"] != connector:
            raise Fail(f"{where} is for connector {request.payload['connectorId']}; the operator asked for {connector}")
        profile = self.profile_conforms(
            request.payload["csChargingProfiles"], connector=connector, where=where,
            transaction_id=transaction_id,
        )
        if profile.purpose != purpose:
            raise Fail(f"SetChargingProfile has purpose {profile.purpose}; the operator asked for {purpose}")
        await self.answered(request)
        return request, profile

    async def clear_sent(self, **criteria: Any) -> IncomingCall:
        """[Make the CSMS send ClearChargingProfile with ``criteria``] (id, connectorId,
        chargingProfilePurpose, stackLevel): exactly those fields, the others omitted; answered
        Accepted."""
        request = await self.csms_sends("ClearChargingProfile", **criteria)

        def shown(fields: Mapping[str, Any]) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(fields.items())) or "no criteria"

        if dict(request.payload) != criteria:
            raise Fail(f"ClearChargingProfile carries {shown(request.payload)}; the operator asked for {shown(criteria)}")
        await self.answered(request)
        return request
