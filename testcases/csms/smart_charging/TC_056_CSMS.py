"""TC_056_CSMS — Central Smart Charging - TxDefaultProfile."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_056_CSMS", "Central Smart Charging - TxDefaultProfile", Profile.SMART_CHARGING)
async def test_TC_056_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS sets a default schedule for new transactions.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS set a TxDefaultProfile on the configured connector.] The CSMS sends
       SetChargingProfile: connectorId 1, TxDefaultProfile, Absolute, validFrom, validTo and
       startSchedule present,
       no transactionId, no recurrencyKind, chargingRateUnit <Configured>, first limit 6 A or
       6000 W, numberPhases <Configured> (may be omitted when 3); beyond the schema, nothing
       OCPP 1.6 forbids (periods, stack level, units, transaction id: see profile_conforms).
    3. The charge point answers Accepted.

    Choice: OCPP leaves a schedule's duration optional for a TxDefaultProfile, so the case does
    not require one. numberPhases is checked on every period.
    """
    connector = cp.connector()
    await cp.booted()
    _, profile = await cp.profile_sent(connector, "TxDefaultProfile", chargingProfileKind="Absolute")
    where = "SetChargingProfile TxDefaultProfile"
    cp.step("Checks: Absolute, validity and startSchedule present, configured unit, 6 A / 6000 W")
    if profile.kind != "Absolute":
        raise Fail(f"{where}: chargingProfileKind is {profile.kind}, not Absolute")
    missing = [name for name, value in (
        ("validFrom", profile.valid_from), ("validTo", profile.valid_to),
        ("chargingSchedule.startSchedule", profile.start_schedule)) if value is None]
    if missing:
        raise Fail(f"{where}: {', '.join(missing)} must be present")
    if profile.transaction_id is not None or profile.recurrency is not None:
        raise Fail(f"{where}: transactionId and recurrencyKind must be omitted")
    if profile.unit != cp.rate_unit:
        raise Fail(f"{where}: chargingRateUnit is {profile.unit}, not the configured {cp.rate_unit}")
    expected = 6000.0 if profile.unit == "W" else 6.0
    if profile.periods[0].limit != expected:
        raise Fail(f"{where}: the first limit is {profile.periods[0].limit:g} {profile.unit}, not {expected:g}")
    phases = cp.pics.capabilities.phases
    for i, period in enumerate(profile.periods):
        if (period.number_phases or 3) != phases:
            shown = "omitted (3)" if period.number_phases is None else period.number_phases
            raise Fail(f"{where}: chargingSchedulePeriod[{i}].numberPhases is {shown}, not the configured {phases}")
