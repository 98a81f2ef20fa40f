"""TC_072_CS — Stacking Charging Profiles."""

from datetime import UTC, datetime

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs

DURATION = 400  # s of composite schedule asked for


@case(
    "TC_072_CS",
    "Stacking Charging Profiles",
    Profile.SMART_CHARGING,
    requires=(
        needs(lambda p: p.capabilities.charging_schedule_max_periods >= 3,
              "ChargingScheduleMaxPeriods is below 3"),
        needs(lambda p: p.capabilities.max_charging_profiles_installed >= 2,
              "MaxChargingProfilesInstalled is below 2"),
        needs(lambda p: p.capabilities.charge_profile_max_stack_level >= 1,
              "ChargeProfileMaxStackLevel is 0 (the case stacks two levels)"),
    ),
)
async def test_TC_072_CS(csms: FakeCsms) -> None:
    """The higher stack level prevails while it has a period in force, the lower one after.

    Steps:
    Before: memory state, two SetChargingProfile on the configured connector (each Accepted), both
    TxDefaultProfile, Absolute, validFrom and startSchedule <now - max time deviation>, validTo
    <now + max time deviation + 401 s>:
      1) stackLevel 0: 6 A, from +100 s 8 A, from +200 s 10 A; duration 400 s;
      2) stackLevel 1: 7 A, from +100 s 9 A; duration 150 s.
    1. GetCompositeSchedule the configured connector, 400 s, configured chargingRateUnit.
    2. Accepted: 7 A, from +100 s 9 A, from +150 s 8 A, from +200 s 10 A.

    Choice: the second profile's periods and the 400 s window follow the open-source suites that
    mirror OCTT (the catalogue text breaks off there). Stacking as §3.13.2 with the errata: the
    highest stackLevel that has a period in force wins; after its duration the lower level
    applies (§5.16.4). x 1000 in W.
    """
    connector = csms.connector()
    await csms.booted()
    async with csms.no_charging_profiles():
        base = datetime.now(UTC)
        csms.step("Before: TxDefaultProfile stackLevel 0, 400 s")
        await csms.sets_profile(connector, csms.charging_profile(
            7201, "TxDefaultProfile", [(0, 6), (100, 8), (200, 10)],
            base=base, duration=400, valid_for=401))
        csms.step("Before: TxDefaultProfile stackLevel 1, 150 s")
        await csms.sets_profile(connector, csms.charging_profile(
            7202, "TxDefaultProfile", [(0, 7), (100, 9)],
            base=base, stack_level=1, duration=150, valid_for=401))

        csms.step(f"1-2. GetCompositeSchedule connector {connector}, {DURATION} s: level 1, then level 0")
        await csms.composite_matches(connector, DURATION)
