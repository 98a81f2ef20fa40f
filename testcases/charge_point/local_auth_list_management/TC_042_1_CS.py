"""TC_042_1_CS — Get Local List Version (not supported)."""

from octt_py.pics import Pics, Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import ANY_ERROR
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

DISABLED = {"LocalAuthListEnabled": "false"}
RULE = "the official TC_042_1 asks for it from a charge point without the profile or with LocalAuthListEnabled false"


def _no_local_list(pics: Pics) -> bool:
    return not pics.supports(Profile.LOCAL_AUTH_LIST_MANAGEMENT) or FakeCsms.configurable(pics, DISABLED)


@case(
    "TC_042_1_CS",
    "Get Local List Version (not supported)",
    Profile.CORE,
    requires=(needs(_no_local_list, "the PICS declares the Local Auth List Management profile with "
                                    "LocalAuthListEnabled read-only true"),),
)
async def test_TC_042_1_CS(csms: FakeCsms) -> None:
    """A charge point without a local authorization list in use reports list version -1.

    Steps:
    Before: configuration state LocalAuthListEnabled false (if implemented).
    1. The CSMS sends GetLocalListVersion.
    2. The charge point answers listVersion -1, or a CALLERROR NotSupported.

    Official rule: real charge points that have a local list but switched off dispute the -1;
    the official table asks for it: prerequisite "does not support the Local Auth List
    Management feature profile or allows localAuthListEnabled=false", configuration state
    LocalAuthListEnabled false (if implemented), tool validation step 2 "listVersion is -1 OR
    CallError NotSupported" (ocpplab tc-042-1-cs). -1 means "does not support Local
    Authorization Lists" (OCPP 1.6 §5.10): with the list switched off the charge point has none
    in use. The failure reason quotes that rule.

    Choice: filed under Core, not Local Auth List Management: a case bound to the profile would
    be "not applicable" exactly for the charge points without it. A charge point with the
    profile takes part when the PICS does not declare LocalAuthListEnabled read-only true; the
    case switches the list off and puts the key back afterwards.
    """
    cp = csms.cp
    await csms.booted()
    async with csms.configured(DISABLED, if_implemented=("LocalAuthListEnabled",)):
        csms.step("1. GetLocalListVersion")
        outcome = await cp.call("GetLocalListVersion", {}, errors=ANY_ERROR)

        csms.step("2. listVersion -1, or CALLERROR NotSupported")
        if outcome.is_error:
            code = getattr(outcome.reply, "error_code", "")
            if code != "NotSupported":
                raise Fail(f"GetLocalListVersion was answered with CALLERROR {code}; expected listVersion -1 "
                           f"or CALLERROR NotSupported ({RULE})")
            return
        version = outcome.payload["listVersion"]
        if version != -1:
            raise Fail(f"GetLocalListVersion reports {version} with no local authorization list in use; expected -1 "
                       f"({RULE})")
