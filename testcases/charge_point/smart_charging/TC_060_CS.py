"""TC_060_CS — Remote Start Transaction with Charging Profile - Rejected."""

from datetime import UTC, datetime

from octt_py.ocppj.frames import CallError
from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case(
    "TC_060_CS",
    "Remote Start Transaction with Charging Profile - Rejected",
    Profile.SMART_CHARGING,
)
async def test_TC_060_CS(csms: FakeCsms) -> None:
    """A RemoteStartTransaction whose charging profile is not a TxProfile is refused.

    Steps:
    1. RemoteStartTransaction for the configured connector with the configured id tag and a charging
       profile of purpose TxDefaultProfile (otherwise valid); Rejected, or a CALLERROR
       PropertyConstraintViolation.
    2. No transaction starts.

    Choice: OCPP 1.6 §5.16.2 says the purpose MUST be TxProfile; the catalogue takes either
    refusal.
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()
    async with csms.no_charging_profiles():
        csms.step("1. RemoteStartTransaction with a TxDefaultProfile: Rejected")
        profile = csms.charging_profile(
            6001, "TxDefaultProfile", [(0, 6)], base=datetime.now(UTC), kind="Relative", duration=260
        )
        payload = {"connectorId": connector, "idTag": csms.tags.valid, "chargingProfile": profile}
        outcome = await cp.call("RemoteStartTransaction", payload, errors=("PropertyConstraintViolation",))
        refused = isinstance(outcome.reply, CallError) and outcome.reply.error_code == "PropertyConstraintViolation"
        if not refused:
            status = outcome.payload["status"]
            if status != "Rejected":
                raise Fail(
                    f"the charge point answered RemoteStartTransaction with a TxDefaultProfile with {status}, not Rejected"
                )

        csms.step("2. No transaction starts")
        await cp.expect_none(match("StartTransaction", connectorId=connector), during=0)
