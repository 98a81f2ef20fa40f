"""TC_066_CS — Get Composite Schedule."""

from datetime import UTC, datetime

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs, needs_action

DURATION = 400  # s of composite schedule asked for


@case(
    "TC_066_CS",
    "Get Composite Schedule",
    Profile.SMART_CHARGING,
    requires=(
        needs(lambda p: p.capabilities.max_charging_profiles_installed >= 3,
              "MaxChargingProfilesInstalled is below 3"),
        needs(lambda p: p.capabilities.charging_schedule_max_periods >= 5,
              "ChargingScheduleMaxPeriods is below 5"),
        needs_action("GetCompositeSchedule"),
    ),
)
async def test_TC_066_CS(csms: FakeCsms) -> None:
    """The composite schedule merges a ChargePointMaxProfile, a TxDefaultProfile and a TxProfile.

    Steps:
    Before: reusable state Charging on the configured connector; memory state, three
            SetChargingProfile
    (each Accepted), all Absolute, stackLevel 0, starting <now - max time deviation>:
      1) ChargePointMaxProfile, connector 0: 10 A for 86400 s;
      2) TxDefaultProfile, the configured connector: 6 A, from +60 s 10 A, +120 s 8 A, +180 s 25 A,
         +260 s 8 A; no duration, validTo <now + max time deviation + 300 s>;
      3) TxProfile, the configured connector, the running transaction: 8 A, from +50 s 11 A, +140 s
      16 A,
         +200 s 6 A, +240 s 12 A; duration 260 s.
    1. GetCompositeSchedule the configured connector, 400 s, configured chargingRateUnit.
    2. Accepted, connectorId 1, duration 400, scheduleStart within the max time deviation of
       the request, periods as merged: 8, 10 (+50), 6 (+200), 10 (+240), 8 (+260), 10 (+300 s).

    Choice: the catalogue gives the ChargePointMaxProfile only; the other two and the window
    follow the open-source suites that mirror OCTT, except that the TxDefaultProfile ends at its
    validTo instead of a duration, so the case also checks that a profile stops at validTo
    (§7.8) and that the ChargePointMaxProfile then still caps the connector. The expected
    periods are the oracle's (octt_py.smart_charging) from the profiles as sent; x 1000 in W.
    """
    connector = csms.connector()
    await csms.booted()
    async with csms.no_charging_profiles():
        csms.step(f"Before: reusable state Charging on connector {connector}")
        transaction = await csms.charging_scheduled(connector)

        base = datetime.now(UTC)
        csms.step("Before: ChargePointMaxProfile 10 A on connector 0")
        await csms.sets_profile(0, csms.charging_profile(
            6601, "ChargePointMaxProfile", [(0, 10)], base=base, duration=86_400))
        csms.step(f"Before: TxDefaultProfile on connector {connector}, valid for 300 s")
        await csms.sets_profile(connector, csms.charging_profile(
            6602, "TxDefaultProfile", [(0, 6), (60, 10), (120, 8), (180, 25), (260, 8)],
            base=base, valid_for=300))
        csms.step(f"Before: TxProfile for transaction {transaction.id}, 260 s")
        await csms.sets_profile(connector, csms.charging_profile(
            6603, "TxProfile", [(0, 8), (50, 11), (140, 16), (200, 6), (240, 12)],
            base=base, duration=260, transaction_id=transaction.id))

        csms.step(f"1-2. GetCompositeSchedule connector {connector}, {DURATION} s: the merged schedule")
        await csms.composite_matches(connector, DURATION, transaction=transaction)
