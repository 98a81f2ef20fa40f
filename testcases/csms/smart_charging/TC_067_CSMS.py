"""TC_067_CSMS — Clear Charging Profile."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_067_CSMS", "Clear Charging Profile", Profile.SMART_CHARGING)
async def test_TC_067_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS sets three charging profiles and clears them by id, by criteria and all.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. [Make the CSMS set three profiles.] SetChargingProfile, each answered Accepted and each
       conforming beyond the schema (profile_conforms):
       1) connectorId 0, ChargePointMaxProfile; 2) connectorId 1, TxDefaultProfile;
       3) connectorId 1, TxProfile with the running transaction's id. The same stackLevel
       (<Configured Stack Level>), three different chargingProfileIds, no transactionId but
       on the TxProfile.
    3. [Clear by id.] ClearChargingProfile with the id of profile 1 only; Accepted.
    4. [Clear by criteria.] ClearChargingProfile with connectorId 1, TxDefaultProfile and the
       stack level, no id; Accepted.
    5. [Clear all.] ClearChargingProfile without fields; Accepted.

    Choice: the catalogue's <Configured Stack Level> is whatever level the CSMS used for the
    first profile; the other two must use the same.
    """
    connector = cp.connector()
    await cp.booted()
    transaction_id = await cp.charging(connector)
    cp.step("2. Three SetChargingProfile: ChargePointMaxProfile, TxDefaultProfile, TxProfile")
    _, maximum = await cp.profile_sent(0, "ChargePointMaxProfile")
    _, default = await cp.profile_sent(connector, "TxDefaultProfile")
    _, tx = await cp.profile_sent(connector, "TxProfile", transaction_id=transaction_id)
    profiles = (maximum, default, tx)
    ids = [p.id for p in profiles]
    if len(set(ids)) != 3:
        raise Fail(f"the three profiles have chargingProfileIds {ids}; they must differ")
    levels = [p.stack_level for p in profiles]
    if len(set(levels)) != 1:
        raise Fail(f"the three profiles have stackLevels {levels}; the configured stack level is one value")

    cp.step(f"3. ClearChargingProfile by id {maximum.id}")
    await cp.clear_sent(id=maximum.id)
    cp.step(f"4. ClearChargingProfile by criteria: connector {connector}, TxDefaultProfile, stackLevel {levels[0]}")
    await cp.clear_sent(connectorId=connector, chargingProfilePurpose="TxDefaultProfile", stackLevel=levels[0])
    cp.step("5. ClearChargingProfile without criteria")
    await cp.clear_sent()
