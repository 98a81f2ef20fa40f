"""TC_071_CS — Clock-aligned Meter Values."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

SAMPLES = 3
ALIGNED_DATA = "MeterValuesAlignedData"
ON_BOUNDARY = 0.5  # seconds: "on the boundary" once rounded to the whole second


@case(
    "TC_071_CS",
    "Clock-aligned Meter Values",
    Profile.CORE,
    requires=(needs(lambda p: p.capabilities.energy_meter, "the PICS declares no energy meter"),),
)
async def test_TC_071_CS(csms: FakeCsms) -> None:
    """During a transaction the charge point sends the configured measurands on clock-aligned
    interval boundaries.

    Steps:
    1. Configuration state: ClockAlignedDataInterval = <clock_aligned_data_interval>,
       MeterValueSampleInterval = 0 (both put back after the case).
    2. GetConfiguration MeterValuesAlignedData: the measurands to expect (an empty value means
       Energy.Active.Import.Register).
    3. Reusable state Charging on the configured connector.
    4. Three times, each within the interval plus max_time_deviation: MeterValues for the configured
       connector whose timestamps lie on a multiple of the interval since midnight; every
       sampledValue has
       context Sample.Clock, location EV only for SoC and, in Raw format, a decimal value; one
       sampledValue per configured measurand.
    5. Consecutive meterValue timestamps are the interval apart (± max_time_deviation, at most
       half the interval, so that a missing value cannot pass).

    Choice: "on a boundary" means the timestamp rounded to the whole second is a multiple of the
    interval counted from 00:00:00 (the official example: with 20 s, seconds 0, 20, 40). The
    timestamp's UTC midnight is used; any interval that divides 900 s lies on the same
    boundaries in every time zone. A transactionId is not required on clock-aligned values
    (OCPP 1.6 §4.7 leaves it to the charge point), but when present it must be the running
    transaction's.
    """
    connector = csms.connector()
    interval = csms.timing.clock_aligned_data_interval
    await csms.booted()

    csms.step(f"1. Configuration state: ClockAlignedDataInterval = {interval}, MeterValueSampleInterval = 0")
    async with csms.configured({"ClockAlignedDataInterval": str(interval), "MeterValueSampleInterval": "0"}):
        csms.step(f"2. GetConfiguration {ALIGNED_DATA}")
        measurands = await csms.configured_measurands(ALIGNED_DATA)

        csms.step(f"3. Reusable state Charging on connector {connector}")
        transaction = await csms.charging(connector=connector)

        stamps = await csms.metered(
            "4. Clock-aligned MeterValues", count=SAMPLES, connector=connector, interval=interval,
            contexts=("Sample.Clock",), measurands=measurands, transaction=transaction,
            transaction_id_required=False,
        )
        for stamp in stamps:
            since_midnight = (stamp - stamp.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds()
            offset = since_midnight % interval
            if min(offset, interval - offset) >= ON_BOUNDARY:
                shown = stamp.isoformat(timespec="milliseconds")
                raise Fail(f"the clock-aligned MeterValues timestamp {shown} is not on a {interval} s boundary")

        csms.step(f"5. The clock-aligned values are {interval} s apart")
        csms.spaced_by(stamps, interval, "the clock-aligned MeterValues")
