"""TC_057_CS — Central Smart Charging - TxProfile."""

from datetime import UTC, datetime

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs

DURATION = 300  # s of composite schedule asked for


@case(
    "TC_057_CS",
    "Central Smart Charging - TxProfile",
    Profile.SMART_CHARGING,
    requires=(
        needs(lambda p: p.capabilities.charging_schedule_max_periods >= 3,
              "ChargingScheduleMaxPeriods is below 3"),
        needs(lambda p: p.capabilities.max_charging_profiles_installed >= 2,
              "MaxChargingProfilesInstalled is below 2 (a TxDefaultProfile and a TxProfile)"),
    ),
)
async def test_TC_057_CS(csms: FakeCsms) -> None:
    """A TxProfile set for the running transaction overrules the TxDefaultProfile.

    Steps:
    Before: memory state TxDefaultProfile of 16 A on the configured connector at stackLevel 1 (0
            when the
    PICS ChargeProfileMaxStackLevel is 0).
    1. Reusable state Charging on the configured connector.
    2. SetChargingProfile on the configured connector: TxProfile with the running transactionId,
       Absolute, stackLevel 0, periods 6 A, from +60 s 10 A, from +120 s 8 A, duration 260 s;
       Accepted.
    3. GetCompositeSchedule the configured connector, 300 s: 6, 10, 8 A from the TxProfile, then the
       TxDefaultProfile's 16 A once the TxProfile's duration is over.

    Choice: the catalogue checks the TxProfile through GetCompositeSchedule only. The
    TxDefaultProfile underneath, at a higher stackLevel, makes the check meaningful: a TxProfile
    SHALL overrule the TxDefaultProfile whatever their stack levels (§3.13.1), and after its
    duration the charge point falls back to the TxDefaultProfile (§5.16.4). Where no profile
    applies OCPP leaves the limit to the charge point, so nothing could be checked there.
    Limits are multiplied by 1000 in W (the catalogue's note).
    """
    connector = csms.connector()
    await csms.booted()
    default_level = min(1, csms.pics.capabilities.charge_profile_max_stack_level)
    async with csms.no_charging_profiles():
        csms.step(f"Memory state: TxDefaultProfile 16 A at stackLevel {default_level} on connector {connector}")
        default = csms.charging_profile(
            5701, "TxDefaultProfile", [(0, 16)], base=datetime.now(UTC), stack_level=default_level
        )
        await csms.sets_profile(connector, default)

        csms.step(f"1. Reusable state Charging on connector {connector}")
        transaction = await csms.charging_scheduled(connector)

        csms.step(f"2. SetChargingProfile TxProfile for transaction {transaction.id}: Accepted")
        profile = csms.charging_profile(
            5702, "TxProfile", [(0, 6), (60, 10), (120, 8)], base=datetime.now(UTC),
            duration=260, transaction_id=transaction.id,
        )
        await csms.sets_profile(connector, profile)

        csms.step(f"3. GetCompositeSchedule connector {connector}, {DURATION} s: the TxProfile, then the default")
        await csms.composite_matches(connector, DURATION, transaction=transaction)
