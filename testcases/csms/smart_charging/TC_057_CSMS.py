"""TC_057_CSMS — Central Smart Charging - TxProfile."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_057_CSMS", "Central Smart Charging - TxProfile", Profile.SMART_CHARGING)
async def test_TC_057_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS sets a schedule for a running transaction.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. [Make the CSMS set a TxProfile for the transaction.] The CSMS sends SetChargingProfile:
       connectorId 1, TxProfile with the running transaction's id, no recurrencyKind, Absolute
       (with validFrom, validTo, startSchedule and duration) or Relative (without
       startSchedule); beyond the schema, nothing OCPP 1.6 forbids (profile_conforms).
    3. The charge point answers Accepted.
    """
    connector = cp.connector()
    await cp.booted()
    transaction_id = await cp.charging(connector)
    _, profile = await cp.profile_sent(connector, "TxProfile", transaction_id=transaction_id)
    cp.step("Checks: the running transaction, Absolute or Relative with their fields")
    cp.schedule_kind_conforms(profile, "SetChargingProfile TxProfile")
