"""TC_043_CS — Send Local Authorization List."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs

ENABLED = {"LocalAuthListEnabled": "true"}


@case(
    "TC_043_CS",
    "Send Local Authorization List",
    Profile.LOCAL_AUTH_LIST_MANAGEMENT,
    requires=(needs(lambda p: FakeCsms.configurable(p, ENABLED), "the PICS declares LocalAuthListEnabled read-only false"),),
)
async def test_TC_043_CS(csms: FakeCsms) -> None:
    """The charge point takes a full local authorization list and then a differential update.

    Steps:
    Before: configuration state LocalAuthListEnabled true.
    1. The CSMS sends SendLocalList updateType Full, listVersion 1, with the valid id tag.
    2. The charge point answers Accepted. GetLocalListVersion reports 1.
    3. The CSMS sends SendLocalList updateType Differential, listVersion 2, adding the second
       valid id tag.
    4. The charge point answers Accepted. GetLocalListVersion reports 2.
    After: the list is emptied again.

    Choice: the official table checks only the two Accepted answers; the GetLocalListVersion
    reads after them show that "Accepted" means the update was stored, with the version the CSMS
    gave (OCPP 1.6 §5.15: listVersion is the version of the list after the update). That the
    listed tags then authorize locally is TC_008_1's and TC_008_2's subject.
    """
    tags = csms.tags
    await csms.booted()
    async with csms.configured(ENABLED), csms.local_list_restored():
        csms.step(f"1-2. SendLocalList Full, listVersion 1, with {tags.valid}: Accepted; version 1")
        await csms.local_list_sent(1, "Full", csms.listed(tags.valid))
        await csms.local_list_version_is(1, "the Full update's listVersion")

        csms.step(f"3-4. SendLocalList Differential, listVersion 2, adding {tags.valid_2}: Accepted; version 2")
        await csms.local_list_sent(2, "Differential", csms.listed(tags.valid_2))
        await csms.local_list_version_is(2, "the Differential update's listVersion")
