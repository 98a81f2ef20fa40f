"""TC_043_3_CS — Send Local Authorization List - Failed."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

ENABLED = {"LocalAuthListEnabled": "true"}


@case(
    "TC_043_3_CS",
    "Send Local Authorization List - Failed",
    Profile.LOCAL_AUTH_LIST_MANAGEMENT,
    requires=(needs(lambda p: FakeCsms.configurable(p, ENABLED), "the PICS declares LocalAuthListEnabled read-only false"),),
)
async def test_TC_043_3_CS(csms: FakeCsms) -> None:
    """A charge point that cannot store a local authorization list says Failed.

    Steps:
    Before: configuration state LocalAuthListEnabled true; [put the charge point in a state in
    which storing a local list fails] (operator action local_list_failure).
    1. The CSMS sends SendLocalList updateType Full, listVersion 2, with the valid id tag.
    2. The charge point answers Failed.
    After: [let the charge point store lists again]; the list is emptied.

    Choice: the official prerequisite leaves open how storing is made to fail; the operator
    vocabulary has a step for it, which a lab carries out the way its product allows.
    """
    tag = csms.tags.valid
    await csms.booted()
    async with csms.configured(ENABLED), csms.local_list_restored():
        csms.step("[Put the charge point in a state in which storing a local list fails]")
        async with csms.switched("local_list_failure"):
            csms.step(f"1-2. SendLocalList Full, listVersion 2, with {tag}: Failed")
            status = await csms.send_local_list(2, "Full", csms.listed(tag))
            if status != "Failed":
                raise Fail(f"SendLocalList was answered {status} while storing the list fails; expected Failed")
