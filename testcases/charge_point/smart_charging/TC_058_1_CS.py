"""TC_058_1_CS — Central Smart Charging - No ongoing transaction."""

from datetime import UTC, datetime

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case

TRANSACTION_ID = 1  # no transaction runs: any id is one the charge point does not have


@case("TC_058_1_CS", "Central Smart Charging - No ongoing transaction", Profile.SMART_CHARGING)
async def test_TC_058_1_CS(csms: FakeCsms) -> None:
    """A TxProfile for a connector without a transaction is refused.

    Steps:
    1. SetChargingProfile on the configured connector (no transaction running): TxProfile with a
       transactionId; Rejected, or a CALLERROR PropertyConstraintViolation.

    Choice: the refusal is what OCPP 1.6 §3.13.1 asks ("the Charge Point SHALL discard it and
    return an error status"); both answers are the catalogue's.
    """
    connector = csms.connector()
    await csms.booted()
    async with csms.no_charging_profiles():
        csms.step(f"1. SetChargingProfile TxProfile (transactionId {TRANSACTION_ID}) with no transaction: Rejected")
        profile = csms.charging_profile(
            5811, "TxProfile", [(0, 6)], base=datetime.now(UTC), duration=260,
            transaction_id=TRANSACTION_ID,
        )
        await csms.profile_refused(connector, profile, "a TxProfile without a transaction")
