"""TC_056_CS — Central Smart Charging - TxDefaultProfile."""

from datetime import UTC, datetime

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case

DURATION = 300  # s of composite schedule asked for


@case("TC_056_CS", "Central Smart Charging - TxDefaultProfile", Profile.SMART_CHARGING)
async def test_TC_056_CS(csms: FakeCsms) -> None:
    """A TxDefaultProfile set before a transaction limits the transaction that starts next.

    Steps:
    1. SetChargingProfile on the configured connector: TxDefaultProfile, Absolute, stackLevel 0,
       validFrom, validTo and startSchedule set, no transactionId, no recurrencyKind, one period of
       6 A
       (6000 W when the configured chargingRateUnit is W); Accepted.
    2. Reusable state Charging on the configured connector.
    3. GetCompositeSchedule the configured connector, 300 s: Accepted, 6 A (6000 W) throughout,
       within the PICS max time deviation.

    Choice: the catalogue only says the charge point's behaviour is checked through
    GetCompositeSchedule. When the PICS allows both A and W the composite is asked for in the
    unit the profile is not in, so the conversion of errata 3.69 (W = A x voltage x phases, the
    PICS voltage and numberPhases) is checked too; a converted limit may be rounded either way
    by one 0.1 step.
    """
    connector = csms.connector()
    await csms.booted()
    units = csms.pics.capabilities.charging_rate_units
    other = next((u for u in units if u != csms.rate_unit), csms.rate_unit)
    async with csms.no_charging_profiles():
        csms.step("1. SetChargingProfile TxDefaultProfile, Absolute, 6 A / 6000 W: Accepted")
        profile = csms.charging_profile(5601, "TxDefaultProfile", [(0, 6)], base=datetime.now(UTC))
        await csms.sets_profile(connector, profile)

        csms.step(f"2. Reusable state Charging on connector {connector}")
        transaction = await csms.charging_scheduled(connector)

        csms.step(f"3. GetCompositeSchedule connector {connector}, {DURATION} s, in {other}: the TxDefaultProfile")
        await csms.composite_matches(connector, DURATION, unit=other, transaction=transaction)
