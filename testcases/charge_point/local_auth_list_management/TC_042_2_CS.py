"""TC_042_2_CS — Get Local List Version (empty)."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs

ENABLED = {"LocalAuthListEnabled": "true"}


@case(
    "TC_042_2_CS",
    "Get Local List Version (empty)",
    Profile.LOCAL_AUTH_LIST_MANAGEMENT,
    requires=(needs(lambda p: FakeCsms.configurable(p, ENABLED), "the PICS declares LocalAuthListEnabled read-only false"),),
)
async def test_TC_042_2_CS(csms: FakeCsms) -> None:
    """An empty local authorization list has version 0.

    Steps:
    Before: configuration state LocalAuthListEnabled true.
    1. The CSMS sends SendLocalList updateType Full, listVersion 1, localAuthorizationList
       omitted.
    2. The charge point answers Accepted.
    3. The CSMS sends GetLocalListVersion.
    4. The charge point answers listVersion 0.

    OCPP 1.6 §5.10: version 0 "SHALL be used to indicate that the local authorization list is
    empty", whatever listVersion the update that emptied it carried. The list is empty afterwards,
    the state every case starts from.
    """
    await csms.booted()
    async with csms.configured(ENABLED):
        csms.step("1-2. SendLocalList Full, listVersion 1, no entries: Accepted")
        await csms.local_list_sent(1, "Full")

        csms.step("3-4. GetLocalListVersion: 0")
        await csms.local_list_version_is(0, "the list is empty")
