"""TC_057_CS — Central Smart Charging - TxProfile."""

from datetime import UTC, datetime

from octt_py.checks import flag
from octt_py.checks.rules import TX_DEFAULT_FALLBACK
from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

TX_PROFILE = 260  # s the TxProfile lasts
OFFICIAL = 240  # s of composite schedule the official check asks for: the TxProfile only
DURATION = 300  # s of composite schedule the extended check asks for: the fallback too


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
    when the PICS ChargeProfileMaxStackLevel is 0).
    1. Reusable state Charging on the configured connector.
    2. SetChargingProfile on the configured connector: TxProfile with the running transactionId,
       Absolute, stackLevel 0, periods 6 A, from +60 s 10 A, from +120 s 8 A, duration 260 s;
       Accepted.
    3. GetCompositeSchedule the configured connector, 240 s: 6, 10, 8 A from the TxProfile.
    Extended (fails the case only under --strict): GetCompositeSchedule the configured connector,
    300 s: after the TxProfile's duration, the TxDefaultProfile's 16 A.

    Choice: the catalogue checks the TxProfile through GetCompositeSchedule only. The
    TxDefaultProfile underneath, at a higher stackLevel, makes the check meaningful: a TxProfile
    SHALL overrule the TxDefaultProfile whatever their stack levels (§3.13.1). That after its
    duration the charge point falls back to the TxDefaultProfile (§5.16.4) is the harness's own
    reading, not the official table's, so it is an extended finding
    (smart-charging.tx-default-fallback), asked for in a request of its own. Where no profile
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
            duration=TX_PROFILE, transaction_id=transaction.id,
        )
        await csms.sets_profile(connector, profile)

        csms.step(f"3. GetCompositeSchedule connector {connector}, {OFFICIAL} s: the TxProfile")
        await csms.composite_matches(connector, OFFICIAL, transaction=transaction)
        csms.step(f"Extended: GetCompositeSchedule connector {connector}, {DURATION} s: then the TxDefaultProfile")
        try:
            await csms.composite_matches(connector, DURATION, transaction=transaction)
        except Fail as exc:
            flag(csms.trace, TX_DEFAULT_FALLBACK, f"after the TxProfile's {TX_PROFILE} s: {exc.reason}")
