"""TC_058_2_CS — Central Smart Charging - Wrong transactionId."""

from datetime import UTC, datetime

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case


@case("TC_058_2_CS", "Central Smart Charging - Wrong transactionId", Profile.SMART_CHARGING)
async def test_TC_058_2_CS(csms: FakeCsms) -> None:
    """A TxProfile for another transaction than the running one is refused.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. SetChargingProfile on the configured connector: TxProfile whose transactionId is not the
       running transaction's; Rejected.

    Choice: like TC_058_1 a CALLERROR PropertyConstraintViolation is taken as a refusal too.
    """
    connector = csms.connector()
    await csms.booted()
    async with csms.no_charging_profiles():
        csms.step(f"1. Reusable state Charging on connector {connector}")
        transaction = await csms.charging_scheduled(connector)

        wrong = transaction.id + 1 if transaction.id is not None else 1
        csms.step(f"2. SetChargingProfile TxProfile for transaction {wrong}, not {transaction.id}: Rejected")
        profile = csms.charging_profile(
            5821, "TxProfile", [(0, 6)], base=datetime.now(UTC), duration=260,
            transaction_id=wrong,
        )
        await csms.profile_refused(connector, profile, f"a TxProfile for transaction {wrong}")
