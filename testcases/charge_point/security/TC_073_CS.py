"""TC_073_CS — Update Charge Point Password for HTTP Basic Authentication."""

import secrets
import string

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import chosen_profile, needs_profile
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_073_CS", "Update Charge Point Password for HTTP Basic Authentication", Profile.SECURITY,
      requires=(needs_profile(1, 2),))
async def test_TC_073_CS(csms: FakeCsms) -> None:
    """The charge point takes a new AuthorizationKey and connects with it from then on.

    Steps:
    1. The Central System sends ChangeConfiguration AuthorizationKey = <new key, hex>.
    2. The charge point answers Accepted.
    3. The charge point disconnects by itself and reconnects; its HTTP upgrade request carries the new
       key: ``Authorization: Basic base64(<ChargePointId>:<new key>)``; the upgrade is accepted.

    Choice: the new key is 20 bytes sent hex-encoded (40 characters), as the white paper writes
    AuthorizationKey; its bytes are printable so that a charge point storing the key as text
    cannot fail for that alone. The harness accepts only the new key once it was Accepted. After
    the case the PICS's key is put back the same way.
    """
    await csms.at_security_profile(chosen_profile(csms.pics, 1, 2))
    old, cp = csms.server.security.password, csms.cp
    seen, before, registered = len(csms.server.handshakes), cp.link, csms.is_booted
    new_key = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(20)).encode().hex()
    csms.step("1. ChangeConfiguration AuthorizationKey = <new key> (hex, 20 bytes)")
    status = (await cp.call("ChangeConfiguration", {"key": "AuthorizationKey", "value": new_key})).payload["status"]
    csms.step("2. ChangeConfiguration answered Accepted")
    if status != "Accepted":
        raise Fail(f"ChangeConfiguration AuthorizationKey was answered {status}, not Accepted")
    csms.server.security.password = new_key
    try:
        csms.step("3. The charge point reconnects with the new AuthorizationKey")
        attempt = await csms.next_attempt(seen, before, registered)
        problems = csms.basic_auth_problems(attempt)
        if problems:
            raise Fail("after the new AuthorizationKey: " + "; ".join(problems))
    finally:
        await csms.authorization_key_restored(old)
