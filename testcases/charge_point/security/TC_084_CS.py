"""TC_084_CS — Downgrade security profile - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.roles.csms.security import chosen_profile, needs_profile
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_084_CS", "Downgrade security profile - Rejected", Profile.SECURITY,
      requires=(needs_profile(2, 3),))
async def test_TC_084_CS(csms: FakeCsms) -> None:
    """A charge point refuses to be moved to a lower security profile.

    Steps:
    1. The Central System sends ChangeConfiguration SecurityProfile = <current profile - 1>.
    2. The charge point answers Rejected.

    Choice: the white paper forbids a downgrade by ChangeConfiguration; the charge point runs
    at profile 2 or 3 (the PICS's current one when it is one of them).
    """
    profile = chosen_profile(csms.pics, 2, 3)
    await csms.at_security_profile(profile)
    csms.step(f"1. ChangeConfiguration SecurityProfile = {profile - 1}")
    reply = await csms.cp.call("ChangeConfiguration", {"key": "SecurityProfile", "value": str(profile - 1)})
    csms.step("2. ChangeConfiguration answered Rejected")
    status = reply.payload["status"]
    if status != "Rejected":
        raise Fail(f"ChangeConfiguration SecurityProfile {profile} -> {profile - 1} was answered {status}, not Rejected")
