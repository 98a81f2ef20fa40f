"""TC_085_CS — Basic Authentication - Valid username/password combination."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import chosen_profile, needs_profile
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_085_CS", "Basic Authentication - Valid username/password combination", Profile.SECURITY,
      requires=(needs_profile(1, 2),))
async def test_TC_085_CS(csms: FakeCsms) -> None:
    """The charge point authenticates itself with HTTP Basic authentication (profile 1 or 2).

    Steps:
    1. The charge point sends the HTTP upgrade request with
       ``Authorization: Basic <base64(<ChargePointId>:<AuthorizationKey>)>``; the ChargePointId
       equals the one at the end of the connection URL.

    Choice: to see an upgrade request of its own, the harness closes the connection the charge
    point already had and judges the one it reconnects with. The AuthorizationKey is read as
    the OCTT reads a configured BasicAuthPassword: 32 to 40 hexadecimal characters are the hex
    representation of the password, 16 to 20 other characters the password itself (UTF-8).
    """
    profile = chosen_profile(csms.pics, 1, 2)
    csms.step("1. HTTP upgrade with Authorization: Basic base64(<ChargePointId>:<AuthorizationKey>)")
    attempt = await csms.connects_at(profile)
    problems = csms.basic_auth_problems(attempt)
    if problems:
        raise Fail("; ".join(problems))
    if not attempt.accepted:
        raise Fail(f"the charge point's connection was not upgraded: {attempt.error or 'refused'}")
