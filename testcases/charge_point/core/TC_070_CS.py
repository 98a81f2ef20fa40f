"""TC_070_CS — Sampled Meter Values."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs

SAMPLES = 3
SAMPLED_DATA = "MeterValuesSampledData"


@case(
    "TC_070_CS",
    "Sampled Meter Values",
    Profile.CORE,
    requires=(needs(lambda p: p.capabilities.energy_meter, "the PICS declares no energy meter"),),
)
async def test_TC_070_CS(csms: FakeCsms) -> None:
    """During a transaction the charge point samples the configured measurands at the
    configured interval.

    Steps:
    1. Configuration state: MeterValueSampleInterval = <meter_value_sample_interval>,
       ClockAlignedDataInterval = 0 (both put back after the case).
    2. GetConfiguration MeterValuesSampledData: the measurands to expect (an empty value means
       Energy.Active.Import.Register).
    3. Reusable state Charging on the configured connector.
    4. Three times, each within the interval plus max_time_deviation: MeterValues for the configured
       connector with the transaction's transactionId; every sampledValue has context
       Sample.Periodic,
       location EV only for SoC and, in Raw format, a decimal value; one sampledValue per
       configured measurand.
    5. Consecutive meterValue timestamps are the interval apart (± max_time_deviation, at most
       half the interval, so that a missing sample cannot pass).

    Choice: an omitted context passes, since Sample.Periodic is the SampledValue default
    (OCPP 1.6 SampledValue type); SignedData values are not checked for being numbers.
    Only the spacing between samples is checked, as in the official case, not the distance of
    the first one from the transaction start.
    """
    connector = csms.connector()
    interval = csms.timing.meter_value_sample_interval
    await csms.booted()

    csms.step(f"1. Configuration state: MeterValueSampleInterval = {interval}, ClockAlignedDataInterval = 0")
    async with csms.configured({"MeterValueSampleInterval": str(interval), "ClockAlignedDataInterval": "0"}):
        csms.step(f"2. GetConfiguration {SAMPLED_DATA}")
        measurands = await csms.configured_measurands(SAMPLED_DATA)

        csms.step(f"3. Reusable state Charging on connector {connector}")
        transaction = await csms.charging(connector=connector)

        stamps = await csms.metered(
            "4. MeterValues", count=SAMPLES, connector=connector, interval=interval,
            contexts=("Sample.Periodic", None), measurands=measurands, transaction=transaction,
        )

        csms.step(f"5. The samples are {interval} s apart")
        csms.spaced_by(stamps, interval, "the sampled MeterValues")
