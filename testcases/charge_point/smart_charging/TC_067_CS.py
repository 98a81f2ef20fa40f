"""TC_067_CS — Clear Charging Profile."""

from datetime import UTC, datetime

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs

DURATION = 400  # s of composite schedule asked for
MAXIMUM, GENERAL_DEFAULT, CONNECTOR_DEFAULT = 6701, 6702, 6703  # chargingProfileIds


@case(
    "TC_067_CS",
    "Clear Charging Profile",
    Profile.SMART_CHARGING,
    requires=(
        needs(lambda p: p.capabilities.charging_schedule_max_periods >= 3,
              "ChargingScheduleMaxPeriods is below 3"),
        needs(lambda p: p.capabilities.max_charging_profiles_installed >= 3,
              "MaxChargingProfilesInstalled is below 3"),
        needs(lambda p: p.capabilities.charge_profile_max_stack_level >= 1,
              "ChargeProfileMaxStackLevel is 0 (the case stacks a profile at level 1)"),
    ),
)
async def test_TC_067_CS(csms: FakeCsms) -> None:
    """Charging profiles cleared by id, by criteria and all at once no longer apply.

    Steps:
    Before: memory state, three SetChargingProfile (each Accepted), Absolute, starting
    <now - max time deviation>:
      A) ChargePointMaxProfile, connector 0, stackLevel 0: 16 A;
      B) TxDefaultProfile, connector 0, stackLevel 0: 10 A;
      C) TxDefaultProfile, the configured connector, stackLevel 1: 6 A, from +60 s 8 A, from +200 s
      10 A,
         duration 400 s.
    1. ClearChargingProfile id C; Accepted.
    2. GetCompositeSchedule the configured connector, 400 s: 10 A throughout (B under A).
    3. ClearChargingProfile connectorId 0, chargingProfilePurpose TxDefaultProfile,
       stackLevel 0; Accepted.
    4. GetCompositeSchedule the configured connector, 400 s: 16 A throughout (A alone).
    5. ClearChargingProfile without criteria; Accepted.
    6. GetCompositeSchedule the configured connector, 400 s: Accepted (no profile left: any limit).

    Choice: the catalogue's memory state shows profile C only; A and B give each clear a
    visible effect, and B clears by criteria on connector 0 (a connector-0 TxDefaultProfile
    applies to every connector, §3.13.1). After the last clear nothing constrains the
    connector and OCPP leaves the reported limit to the charge point. No transaction runs:
    a TxDefaultProfile is in the composite of an idle connector too (as in the catalogue's
    TC_067, which has no reusable state). x 1000 in W.
    """
    connector = csms.connector()
    await csms.booted()
    async with csms.no_charging_profiles():
        base = datetime.now(UTC)
        csms.step("Before: ChargePointMaxProfile 16 A on connector 0")
        await csms.sets_profile(0, csms.charging_profile(MAXIMUM, "ChargePointMaxProfile", [(0, 16)], base=base))
        csms.step("Before: TxDefaultProfile 10 A on connector 0, stackLevel 0")
        await csms.sets_profile(0, csms.charging_profile(GENERAL_DEFAULT, "TxDefaultProfile", [(0, 10)], base=base))
        csms.step(f"Before: TxDefaultProfile on connector {connector}, stackLevel 1")
        await csms.sets_profile(connector, csms.charging_profile(
            CONNECTOR_DEFAULT, "TxDefaultProfile", [(0, 6), (60, 8), (200, 10)],
            base=base, stack_level=1, duration=400))

        csms.step(f"1. ClearChargingProfile id {CONNECTOR_DEFAULT}: Accepted")
        await csms.clears_profiles(id=CONNECTOR_DEFAULT)
        csms.step(f"2. GetCompositeSchedule connector {connector}, {DURATION} s: connector 0's default")
        await csms.composite_matches(connector, DURATION)

        csms.step("3. ClearChargingProfile connectorId 0, TxDefaultProfile, stackLevel 0: Accepted")
        await csms.clears_profiles(connectorId=0, chargingProfilePurpose="TxDefaultProfile", stackLevel=0)
        csms.step(f"4. GetCompositeSchedule connector {connector}, {DURATION} s: the ChargePointMaxProfile")
        await csms.composite_matches(connector, DURATION)

        csms.step("5. ClearChargingProfile without criteria: Accepted")
        await csms.clears_profiles()
        csms.step(f"6. GetCompositeSchedule connector {connector}, {DURATION} s: Accepted")
        await csms.composite_matches(connector, DURATION)
