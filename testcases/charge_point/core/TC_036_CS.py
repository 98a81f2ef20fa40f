"""TC_036_CS — Connection Loss During Transaction."""

import asyncio
from datetime import timedelta

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import IncomingCall, Match, Session, match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

QUEUED = 3  # at least this many samples are taken while offline
PERIODIC = ("Sample.Periodic", None)


@case(
    "TC_036_CS",
    "Connection Loss During Transaction",
    Profile.CORE,
    requires=(needs(lambda p: p.capabilities.energy_meter, "the PICS declares no energy meter"),),
)
async def test_TC_036_CS(csms: FakeCsms) -> None:
    """Meter values sampled while the connection is lost are queued and delivered, in order and
    before new ones, once it is back.

    Steps:
    1. Configuration state: MeterValueSampleInterval = <meter_value_sample_interval> (put back
       after the case).
    2. Reusable state Charging on the configured connector; a first MeterValues arrives online.
    3. [Remove the connectivity] for three intervals plus max_time_deviation, so at least three
       samples are taken offline; [restore the connectivity].
    4. The charge point sends the queued MeterValues, then new ones. From the last one before the
       connection loss to the first one taken after the reconnect, the meterValue timestamps are
       in chronological order and the interval apart (± max_time_deviation, at most half the
       interval): every queued sample is there, none arrives after a newer one. At least three
       of them were taken offline.
       Every sampledValue has format Raw (or omitted) and context Sample.Periodic (or omitted).

    Choice: which MeterValues were "queued" is decided, as in the official case, by timestamp:
    the charge point's clock at the reconnect is estimated from the last online MeterValues
    (its timestamp plus the time that passed on the harness's clock since it arrived).
    """
    connector = csms.connector()
    cp, timing = csms.cp, csms.timing
    interval = timing.meter_value_sample_interval
    offline_for = QUEUED * interval + timing.max_time_deviation
    meter_values = match("MeterValues", connectorId=connector)
    await csms.booted()

    csms.step(f"1. Configuration state: MeterValueSampleInterval = {interval}")
    async with csms.configured({"MeterValueSampleInterval": str(interval)}):
        csms.step(f"2. Reusable state Charging on connector {connector}; a first MeterValues online")
        transaction = await csms.charging(connector=connector)
        last_online = await cp.expect(meter_values, timeout=interval + timing.max_time_deviation)
        stamps = csms.meter_values_conform(last_online, contexts=PERIODIC, transaction=transaction)

        async with csms.offline():
            csms.step(f"3. Offline for {offline_for:g} s: at least {QUEUED} samples of {interval} s")
            await asyncio.sleep(offline_for)
        assert cp.link is not None
        reconnected_ns = cp.link.opened_ns
        reconnect = stamps[-1] + timedelta(seconds=(reconnected_ns - last_online.at_ns) / 1e9)

        csms.step("4. The queued MeterValues, in chronological order, then the first new one")
        queued, limit = 0, int(offline_for / interval) + 2 * QUEUED
        for _ in range(limit + 1):
            if stamps[-1] >= reconnect:
                break
            sample = await cp.expect(meter_values, timeout=timing.triggered_function_timeout)
            taken = csms.meter_values_conform(sample, contexts=PERIODIC, transaction=transaction)
            if sample.at_ns >= reconnected_ns:
                queued += sum(1 for stamp in taken if stamp < reconnect)
            stamps += taken
        else:
            raise Fail(f"{limit} MeterValues came after the reconnect, none of them taken after it")
        # The rest of the same burst: a queued value sent after a newer one is out of order,
        # which must be reported as such, not as a gap.
        while (straggler := await _next_within(cp, meter_values, interval / 2)) is not None:
            stamps += csms.meter_values_conform(straggler, contexts=PERIODIC, transaction=transaction)
        csms.spaced_by(stamps, interval, "the MeterValues around the connection loss")
        if queued < QUEUED:
            raise Fail(f"only {queued} MeterValues sampled while offline were delivered after the reconnect; "
                       f"the connection was lost for {offline_for:g} s at a {interval} s interval")


async def _next_within(cp: Session, what: Match, seconds: float) -> IncomingCall | None:
    """The next matching CALL if one comes within ``seconds``, else None."""
    try:
        return await cp.expect(what, timeout=seconds)
    except Fail:
        return None
