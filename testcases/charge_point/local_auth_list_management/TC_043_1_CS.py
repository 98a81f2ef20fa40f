"""TC_043_1_CS — Send Local Authorization List - NotSupported."""

from octt_py.pics import Pics, Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import ANY_ERROR, match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

CONNECTOR = 1
DISABLED = {"LocalAuthListEnabled": "false"}


def _no_local_list(pics: Pics) -> bool:
    return not pics.supports(Profile.LOCAL_AUTH_LIST_MANAGEMENT) or FakeCsms.configurable(pics, DISABLED)


@case(
    "TC_043_1_CS",
    "Send Local Authorization List - NotSupported",
    Profile.CORE,
    requires=(needs(_no_local_list, "the PICS declares the Local Auth List Management profile with "
                                    "LocalAuthListEnabled read-only true"),),
)
async def test_TC_043_1_CS(csms: FakeCsms) -> None:
    """A charge point without a local authorization list in use refuses one, and does not use it.

    Steps:
    Before: configuration state LocalAuthListEnabled false (if implemented).
    1. The CSMS sends SendLocalList updateType Full with the valid id tag (Accepted).
    2. The charge point answers NotSupported, or a CALLERROR NotSupported.
    3. Expected behaviour: the charge point cannot authorize locally from the list it was sent.
       [Present the valid id tag.] The charge point sends Authorize (answered Invalid, so no
       transaction starts).

    Choice: filed under Core, like TC_042_1: the official prerequisite is a charge point without
    the Local Auth List Management profile, which a profile-bound case would rule out. A charge
    point with the profile takes part with LocalAuthListEnabled switched to false (when the PICS
    does not declare it read-only true), put back afterwards; NotSupported is then the answer of
    OCPP 1.6's reference implementations (the list is not in use). Step 3 checks the official
    expected result; the authorization cache is empty (cleared before every case), so only a list
    could spare the Authorize.
    """
    cp, tag = csms.cp, csms.tags.valid
    await csms.booted()
    async with csms.configured(DISABLED, if_implemented=("LocalAuthListEnabled",)):
        csms.step(f"1. SendLocalList Full with {tag}")
        payload = {"listVersion": 1, "updateType": "Full", "localAuthorizationList": csms.listed(tag)}
        outcome = await cp.call("SendLocalList", payload, errors=ANY_ERROR)

        csms.step("2. NotSupported, or CALLERROR NotSupported")
        if outcome.is_error:
            code = getattr(outcome.reply, "error_code", "")
            if code != "NotSupported":
                raise Fail(f"SendLocalList was answered with CALLERROR {code}; expected status NotSupported "
                           "or CALLERROR NotSupported")
        elif outcome.payload["status"] != "NotSupported":
            raise Fail(f"SendLocalList was answered {outcome.payload['status']} with no local authorization list "
                       "in use; expected NotSupported")

        csms.step(f"3. [Present {tag}]: Authorize (answered Invalid), the list sent is not used")
        cp.respond("Authorize", {"idTagInfo": {"status": "Invalid"}}, once=True)
        await csms.act("present_id_tag", id_tag=tag, connector=CONNECTOR)
        await cp.expect(match("Authorize", idTag=tag))
