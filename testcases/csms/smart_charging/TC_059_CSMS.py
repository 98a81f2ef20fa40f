"""TC_059_CSMS — Remote Start Transaction with Charging Profile."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_059_CSMS", "Remote Start Transaction with Charging Profile", Profile.SMART_CHARGING)
async def test_TC_059_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS starts a transaction with a charging profile and accepts it.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS start a transaction on the configured connector with a charging profile.] The
       CSMS sends RemoteStartTransaction: idTag <Configured valid idTag>, connectorId 1, a
       chargingProfile
       with purpose TxProfile, no transactionId, first startPeriod 0, no recurrencyKind,
       Absolute (validFrom, validTo, startSchedule, duration) or Relative (no startSchedule);
       beyond the schema, nothing OCPP 1.6 forbids (profile_conforms). Answered Accepted.
    3. Authorize with that idTag when AuthorizeRemoteTxRequests is true; Accepted.
    4. StatusNotification Preparing; [cable plugged in]; StartTransaction (Accepted);
       StatusNotification Charging.

    Choice: Authorize depends on AuthorizeRemoteTxRequests (OCPP 1.6 §5.11), as in TC_011_1.
    """
    connector = cp.connector()
    await cp.booted()
    tag = cp.tags.valid
    request = await cp.csms_sends(
        "RemoteStartTransaction", connectorId=connector, idTag=tag,
        chargingProfile=cp.charging_profile("TxProfile"),
    )
    where = "RemoteStartTransaction chargingProfile"
    payload = request.payload
    if payload["idTag"] != tag:
        raise Fail(f"RemoteStartTransaction is for id tag {payload['idTag']!r}, not the configured {tag!r}")
    if payload.get("connectorId", connector) != connector:
        raise Fail(f"RemoteStartTransaction is for connector {payload['connectorId']}; the operator asked for {connector}")
    if "chargingProfile" not in payload:
        raise Fail("RemoteStartTransaction carries no chargingProfile")
    profile = cp.profile_conforms(payload["chargingProfile"], connector=connector, where=where, remote_start=True)
    cp.schedule_kind_conforms(profile, where)
    await cp.answered(request)

    if cp.configuration.get("AuthorizeRemoteTxRequests", "false").lower() == "true":
        await cp.authorized(tag)
    cp.step(f"StatusNotification Preparing on connector {connector}")
    await cp.status(connector, "Preparing")
    cp.step("[Cable plugged in] StartTransaction")
    await cp.accepted_start(connector, tag)
    cp.step("StatusNotification Charging")
    await cp.status(connector, "Charging")
