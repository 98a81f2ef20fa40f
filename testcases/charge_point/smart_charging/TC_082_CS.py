"""TC_082_CS — Central Smart Charging - TxDefaultProfile - with ongoing transaction."""

from datetime import UTC, datetime

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs

DURATION = 300  # s of composite schedule asked for


@case(
    "TC_082_CS",
    "Central Smart Charging - TxDefaultProfile - with ongoing transaction",
    Profile.SMART_CHARGING,
    requires=(
        needs(lambda p: p.capabilities.charging_schedule_max_periods >= 3,
              "ChargingScheduleMaxPeriods is below 3"),
        needs(lambda p: p.capabilities.max_charging_profiles_installed >= 2,
              "MaxChargingProfilesInstalled is below 2 (a ChargePointMaxProfile and a TxDefaultProfile)"),
    ),
)
async def test_TC_082_CS(csms: FakeCsms) -> None:
    """A TxDefaultProfile set while a transaction runs applies to that transaction.

    Steps:
    Before: memory state ChargePointMaxProfile of 16 A on connector 0.
    1. Reusable state Charging on the configured connector.
    2. SetChargingProfile on the configured connector: TxDefaultProfile, Absolute, stackLevel 0, 6
       A, from +60 s 10 A, from +120 s 8 A, duration 300 s; Accepted.
    3. GetCompositeSchedule the configured connector, 300 s: 6, 10, 8 A; within the max time
       deviation.

    Choice: a TxDefaultProfile is the default "for new transactions" (§3.13.1) but, like any
    newly installed profile, it is re-evaluated at once (§5.16.4 "the Charge Point SHALL then
    re-evaluate its collection of charge profiles"), so it applies to the running transaction;
    the catalogue expects the same. The ChargePointMaxProfile gives the connector a defined
    limit without the TxDefaultProfile, so a charge point that ignores it is seen. x 1000 in W.
    """
    connector = csms.connector()
    await csms.booted()
    async with csms.no_charging_profiles():
        csms.step("Memory state: ChargePointMaxProfile 16 A on connector 0")
        await csms.sets_profile(0, csms.charging_profile(8201, "ChargePointMaxProfile", [(0, 16)], base=datetime.now(UTC)))

        csms.step(f"1. Reusable state Charging on connector {connector}")
        transaction = await csms.charging_scheduled(connector)

        csms.step("2. SetChargingProfile TxDefaultProfile during the transaction: Accepted")
        await csms.sets_profile(connector, csms.charging_profile(
            8202, "TxDefaultProfile", [(0, 6), (60, 10), (120, 8)], base=datetime.now(UTC), duration=300))

        csms.step(f"3. GetCompositeSchedule connector {connector}, {DURATION} s: the TxDefaultProfile")
        await csms.composite_matches(connector, DURATION, transaction=transaction)
