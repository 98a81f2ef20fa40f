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

    Official rule: real charge points dispute the 0 and report the listVersion of the update
    that emptied the list (1); the official table asks for 0 (tool validations: step 2 status
    Accepted, step 4 "listVersion is 0", with SendLocalList listVersion 1, localAuthorizationList
    omitted, updateType Full; ocpplab tc-042-2-cs), as OCPP 1.6 §5.10 does: version 0 "SHALL be
    used to indicate that the local authorization list is empty". The failure reason says so.
    The list is empty afterwards, the state every case starts from.
    """
    await csms.booted()
    async with csms.configured(ENABLED):
        csms.step("1-2. SendLocalList Full, listVersion 1, no entries: Accepted")
        await csms.local_list_sent(1, "Full")

        csms.step("3-4. GetLocalListVersion: 0")
        await csms.local_list_version_is(0, "the list is empty: the official TC_042_2 and OCPP 1.6 §5.10 want 0, "
                                            "not the listVersion of the update that emptied it")
