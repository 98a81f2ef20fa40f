"""TC_019_2_CSMS — Retrieve specific configuration key."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail

KEY = "SupportedFeatureProfiles"


@case("TC_019_2_CSMS", "Retrieve specific configuration key", Profile.CORE)
async def test_TC_019_2_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS can retrieve one named configuration key.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS retrieve SupportedFeatureProfiles.] The CSMS sends GetConfiguration whose
       key list is exactly [SupportedFeatureProfiles]; the charge point answers with that key
       and no unknown keys.

    Choice: the charge point's answer is its PICS configuration value of the key, or, when the
    PICS declares none, the supported profiles of the PICS (a required Core key, OCPP 1.6
    section 9.1, that every charge point has).
    """
    await cp.booted()
    value = cp.pics.config_value(KEY) or ",".join(
        str(profile)
        for profile in Profile
        if profile is not Profile.SECURITY and cp.pics.supports(profile)
    )
    cp.csms.respond(
        "GetConfiguration",
        {"configurationKey": [{"key": KEY, "readonly": True, "value": value}]},
        once=True,
    )
    request = await cp.csms_sends("GetConfiguration", key=[KEY])
    if request.payload.get("key") != [KEY]:
        asked = request.payload.get("key") or "all keys"
        raise Fail(f"GetConfiguration asks for {asked}; the operator asked for exactly {[KEY]}")
