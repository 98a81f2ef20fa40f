"""TC_085_CSMS — Basic Authentication - Valid username/password combination."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.charge_point.security import chosen_profile, needs_profile
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_085_CSMS", "Basic Authentication - Valid username/password combination", Profile.SECURITY,
      requires=(needs_profile(1, 2),))
async def test_TC_085_CSMS(cp: FakeChargePoint) -> None:
    """The Central System upgrades a connection only with the charge point's valid Basic-auth
    credentials (profile 1 or 2).

    Steps:
    1. The charge point sends the HTTP upgrade request with
       ``Authorization: Basic <base64(<ChargePointId>:<BasicAuthPassword>)>``.
    2. The Central System validates it and upgrades the connection.
    3-6. BootNotification (Accepted) and a StatusNotification for every connector.

    Choice: the official table only tries the valid combination; that a CSMS which lets anyone
    in also "validates" it is not proven by that alone, so the harness first tries the upgrade
    without an Authorization header and with a wrong password, both of which must be refused
    (as the 2.0.1 cases TC_A_02/TC_A_03 do). The password is the PICS's, read as the OCTT reads
    BasicAuthPassword (32 to 40 hex characters: its hex representation).
    """
    profile = chosen_profile(cp.pics, 1, 2)
    for label, changes in (("without an Authorization header", {"basic_auth": False}),
                           ("with a wrong password", {"password": "wrong-password-00"})):
        cp.step(f"The charge point sends the HTTP upgrade request {label}: the CSMS must refuse it")
        attempt = await cp.attempt(profile, **changes)
        await cp.closed(attempt)
        if attempt.upgraded:
            raise Fail(f"the CSMS upgraded a connection {label}")
        cp.trace.note(f"refused: {attempt.refusal}")
    cp.step("1-2. The HTTP upgrade request with the valid credentials: the CSMS upgrades it")
    await cp.booted_at(profile)
