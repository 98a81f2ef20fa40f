"""TC_059_CS — Remote Start Transaction with Charging Profile."""

from datetime import UTC, datetime

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs

DURATION = 300  # s of composite schedule asked for


@case(
    "TC_059_CS",
    "Remote Start Transaction with Charging Profile",
    Profile.SMART_CHARGING,
    requires=(
        needs(lambda p: p.capabilities.charging_schedule_max_periods >= 3,
              "ChargingScheduleMaxPeriods is below 3"),
        needs(lambda p: p.capabilities.max_charging_profiles_installed >= 2,
              "MaxChargingProfilesInstalled is below 2 (a ChargePointMaxProfile and a TxProfile)"),
    ),
)
async def test_TC_059_CS(csms: FakeCsms) -> None:
    """A transaction started remotely with a TxProfile follows that profile.

    Steps:
    Before: memory state ChargePointMaxProfile of 16 A on connector 0.
    1. Execute Charging with a ChargingProfile with purpose TxProfile: RemoteStartTransaction
       for the configured connector with a Relative TxProfile (no transactionId, stackLevel 0,
       periods 6 A, from +60 s 10 A, from +120 s 8 A, duration 260 s); Accepted; Authorize when
       AuthorizeRemoteTxRequests is true; [plug in]; Preparing, StartTransaction, Charging.
    2. GetCompositeSchedule the configured connector, 300 s: Accepted; counted from the transaction
       start, 6, 10, 8 A, then the ChargePointMaxProfile's 16 A; within the max time deviation.

    Choice: the catalogue leaves the profile open; a Relative one checks that the charge point
    runs it from the start of the transaction (StartTransaction timestamp, §7.9). The
    ChargePointMaxProfile gives the stretch after the TxProfile a defined limit, and catches a
    charge point that does not apply the profile at all. Limits x 1000 in W.
    """
    connector = csms.connector()
    await csms.booted()
    async with csms.no_charging_profiles():
        csms.step("Memory state: ChargePointMaxProfile 16 A on connector 0")
        maximum = csms.charging_profile(5901, "ChargePointMaxProfile", [(0, 16)], base=datetime.now(UTC))
        await csms.sets_profile(0, maximum)

        csms.step(f"1. Charging on connector {connector}, started by RemoteStartTransaction with a TxProfile")
        profile = csms.charging_profile(
            5902, "TxProfile", [(0, 6), (60, 10), (120, 8)], base=datetime.now(UTC),
            kind="Relative", duration=260,
        )
        transaction = await csms.remote_charging_with_profile(connector, profile)

        csms.step(f"2. GetCompositeSchedule connector {connector}, {DURATION} s: the TxProfile from the transaction start")
        await csms.composite_matches(connector, DURATION, transaction=transaction)
