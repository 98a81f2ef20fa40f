"""Meter values (Core profile) for the fake CSMS: the validations of TC_036, TC_070 and TC_071.

A module of its own to keep ``core`` readable: the OCTT rules for a MeterValues and for the
spacing of its samples, with the helpers only they use.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from octt_py.roles.csms.core import CsmsCore, Transaction
from octt_py.session import IncomingCall, match
from octt_py.verdict import Fail

# The measurand of a sampledValue without one (OCPP 1.6 SampledValue) and of an empty Meter*Data key.
DEFAULT_MEASURAND = "Energy.Active.Import.Register"


class MeterValuesSteps(CsmsCore):
    # -- meter values (OCTT TC_036, TC_070, TC_071 validations) -----------------------------

    def meter_values_conform(
        self,
        incoming: IncomingCall,
        *,
        contexts: tuple[str | None, ...],
        measurands: list[str] | None = None,
        transaction: Transaction | None = None,
        transaction_id_required: bool = True,
    ) -> list[datetime]:
        """The OCTT rules for one MeterValues; returns the timestamps of its meterValue elements.

        - transactionId is the transaction's (when ``transaction_id_required``, or when present);
        - every sampledValue has a context in ``contexts`` (None: omitted, meaning Sample.Periodic);
        - location EV only for SoC; format Raw (or omitted) carries a decimal number;
        - with ``measurands``: one sampledValue per measurand (per phase), no other measurand;
          an empty list means Energy.Active.Import.Register (OCPP 1.6 §9.1 MeterValuesSampledData).
        """
        payload = incoming.payload
        if transaction is not None and (transaction_id_required or "transactionId" in payload):
            got = payload.get("transactionId")
            if got != transaction.transaction_id:
                raise Fail(f"MeterValues has transactionId {got}, not the running transaction's {transaction.transaction_id}")
        allowed = ", ".join(c or "omitted" for c in contexts)
        stamps = []
        for meter_value in payload.get("meterValue", []):
            stamps.append(meter_timestamp(meter_value["timestamp"]))
            seen: set[tuple[str, str | None]] = set()
            for sampled in meter_value.get("sampledValue", []):
                measurand = sampled.get("measurand", DEFAULT_MEASURAND)
                context = sampled.get("context")
                if context not in contexts:
                    raise Fail(f"a MeterValues sampledValue ({measurand}) has context {context or 'omitted'}; expected {allowed}")
                if sampled.get("location") == "EV" and measurand != "SoC":
                    raise Fail(f"a MeterValues sampledValue ({measurand}) has location EV, allowed only for SoC")
                if sampled.get("format", "Raw") == "Raw" and not _is_decimal(sampled.get("value")):
                    raise Fail(f"a Raw MeterValues sampledValue ({measurand}) has value {sampled.get('value')!r}, not a decimal number")
                key = (measurand, sampled.get("phase"))
                if key in seen:
                    raise Fail(f"MeterValues reports {measurand} twice in one meterValue")
                seen.add(key)
            if measurands is not None:
                wanted, reported = set(measurands or [DEFAULT_MEASURAND]), {m for m, _ in seen}
                if wanted != reported:
                    raise Fail(f"MeterValues reports {sorted(reported)}; the configured measurands are {sorted(wanted)}")
        if not stamps:
            raise Fail("MeterValues carries no meterValue")
        return stamps

    async def configured_measurands(self, key: str) -> list[str]:
        """GetConfiguration ``key`` (MeterValuesSampledData or MeterValuesAlignedData, both
        required Core keys): the measurands the MeterValues must carry."""
        values = await self.configuration(key)
        if key not in values:
            raise Fail(f"GetConfiguration did not return {key}, a required Core key")
        return [m.strip() for m in values[key].split(",") if m.strip()]

    async def metered(
        self,
        step: str,
        *,
        count: int,
        connector: int,
        interval: float,
        contexts: tuple[str | None, ...],
        measurands: list[str],
        transaction: Transaction,
        transaction_id_required: bool = True,
    ) -> list[datetime]:
        """``count`` MeterValues for ``connector``, each within the interval plus the PICS
        max_time_deviation and conforming (``meter_values_conform``); their timestamps in order."""
        within = interval + self.timing.max_time_deviation
        stamps = []
        for n in range(1, count + 1):
            self.step(f"{step} {n} of {count}, within {within:g} s")
            sample = await self.cp.expect(match("MeterValues", connectorId=connector), timeout=within)
            stamps += self.meter_values_conform(
                sample,
                contexts=contexts,
                measurands=measurands,
                transaction=transaction,
                transaction_id_required=transaction_id_required,
            )
        return stamps

    def spaced_by(self, stamps: list[datetime], interval: float, what: str) -> None:
        """The timestamps are in chronological order and consecutive ones ``interval`` apart,
        within the PICS max_time_deviation but at most half an interval, so that a missing (or an
        extra) sample never passes."""
        tolerance = min(self.timing.max_time_deviation, interval / 2)
        for earlier, later in itertools.pairwise(stamps):
            if later <= earlier:
                raise Fail(f"{what} are not in chronological order: {_clock(later)} came after {_clock(earlier)}")
        for earlier, later in itertools.pairwise(stamps):
            gap = (later - earlier).total_seconds()
            if abs(gap - interval) > tolerance:
                raise Fail(
                    f"{what} at {_clock(earlier)} and {_clock(later)} are {gap:.1f} s apart; "
                    f"the interval is {interval:g} s (tolerance {tolerance:g} s)"
                )


def meter_timestamp(text: str) -> datetime:
    """A MeterValue timestamp as an aware UTC datetime (the schema guarantees date-time form)."""
    moment = datetime.fromisoformat(text.upper())
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _is_decimal(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return value.strip().lower() not in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity")


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S.%f")[:-3]
