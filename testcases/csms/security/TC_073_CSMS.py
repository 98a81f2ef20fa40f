"""TC_073_CSMS — Update Charge Point Password for HTTP Basic Authentication."""

import re
import secrets

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.charge_point.security import chosen_profile, needs_profile
from octt_py.testcase import case
from octt_py.verdict import Fail

HEX_KEY = re.compile(r"(?:[0-9A-Fa-f]{2}){16,20}")


@case("TC_073_CSMS", "Update Charge Point Password for HTTP Basic Authentication", Profile.SECURITY,
      requires=(needs_profile(1, 2),))
async def test_TC_073_CSMS(cp: FakeChargePoint) -> None:
    """The Central System gives the charge point a new AuthorizationKey and accepts it from
    then on.

    Steps:
    1. [Make the CSMS set a new AuthorizationKey]: ChangeConfiguration AuthorizationKey = <new
       key>; the charge point answers Accepted.
    2. The charge point disconnects and reconnects with
       ``Authorization: Basic base64(<ChargePointId>:<new key>)``; the CSMS upgrades it.
    3. Booted.

    Choice: the white paper writes AuthorizationKey hex-encoded, 16 to 20 bytes (32 to 40
    characters); a key of another form is a failure. The test-case document's "16-20 byte
    password" is the same rule. After the case the operator gives the charge point its PICS
    password back in the CSMS, so the next cases connect as before.
    """
    profile = chosen_profile(cp.pics, 1, 2)
    await cp.booted_at(profile)
    cp.csms.respond("ChangeConfiguration", {"status": "Accepted"}, once=True)
    # The complete request a scripted CSMS can send as it is: a fresh key of the white paper's form.
    request = await cp.csms_sends("ChangeConfiguration", key="AuthorizationKey", value=secrets.token_hex(20))
    key, value = request.payload["key"], str(request.payload["value"])
    if key != "AuthorizationKey":
        raise Fail(f"ChangeConfiguration sets {key}, not AuthorizationKey")
    if not HEX_KEY.fullmatch(value):
        raise Fail(f"the new AuthorizationKey is {len(value)} characters, not 32 to 40 hexadecimal ones")
    await cp.answered(request)
    try:
        cp.step("2. The charge point reconnects with the new AuthorizationKey; the CSMS must upgrade")
        await cp.disconnect()
        attempt = await cp.attempt(profile, password=value)
        await cp.closed(attempt)
        if not attempt.upgraded:
            raise Fail(f"the CSMS refused the new AuthorizationKey: {attempt.refusal}")
        cp.step("3. Booted with the new AuthorizationKey")
        await cp.connect(security=cp.security_for(profile, password=value), url=cp.url_for(profile))
        await cp.booted()
    finally:
        cp.step("After the case: [give the charge point its PICS password back in the CSMS]")
        await cp.try_act("csms_configure", setting="basic_auth_password", value=cp.pics.connection.basic_auth_password)
