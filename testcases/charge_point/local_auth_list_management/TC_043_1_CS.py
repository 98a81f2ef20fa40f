"""TC_043_1_CS — Send Local Authorization List - NotSupported."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import ANY_ERROR, match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

RULE = "the official TC_043_1 answer of a charge point without the Local Auth List Management profile"


@case(
    "TC_043_1_CS",
    "Send Local Authorization List - NotSupported",
    Profile.CORE,
    requires=(needs(lambda p: not p.supports(Profile.LOCAL_AUTH_LIST_MANAGEMENT),
                    "the PICS declares the Local Auth List Management profile; TC_043_1's official prerequisite "
                    "is a charge point without it (one with the list switched off is TC_042_1's)"),),
)
async def test_TC_043_1_CS(csms: FakeCsms) -> None:
    """A charge point without a local authorization list refuses one, and does not use it.

    Steps:
    1. The CSMS sends SendLocalList updateType Full with the valid id tag (Accepted).
    2. The charge point answers NotSupported, or a CALLERROR NotSupported.
    3. Expected behaviour: the charge point cannot authorize locally from the list it was sent.
       [Present the valid id tag.] The charge point sends Authorize (answered Invalid, so no
       transaction starts).

    Official rule: real charge points with the profile but the list switched off dispute the
    NotSupported (OCPP 1.6 does not say what they answer). The official table settles who takes
    part: prerequisite "The Charge Point does not support the Local Auth List Management
    feature profile", no configuration state, tool validation step 2 "Status should be
    NotSupported OR CallError NotSupported" (ocpplab tc-043-1-cs). A charge point that declares
    the profile is therefore not applicable, whatever LocalAuthListEnabled is; with the list
    switched off, TC_042_1 is the official check. The failure reason quotes the rule.

    Choice: filed under Core, like TC_042_1: a case bound to the profile it is about the absence
    of would never apply. Step 3 checks the official expected result; the authorization cache is
    empty (cleared before every case), so only a list could spare the Authorize.
    """
    connector = csms.connector()
    cp, tag = csms.cp, csms.tags.valid
    await csms.booted()
    csms.step(f"1. SendLocalList Full with {tag}")
    payload = {"listVersion": 1, "updateType": "Full", "localAuthorizationList": csms.listed(tag)}
    outcome = await cp.call("SendLocalList", payload, errors=ANY_ERROR)

    csms.step("2. NotSupported, or CALLERROR NotSupported")
    if outcome.is_error:
        code = getattr(outcome.reply, "error_code", "")
        if code != "NotSupported":
            raise Fail(f"SendLocalList was answered with CALLERROR {code}; expected status NotSupported "
                       f"or CALLERROR NotSupported ({RULE})")
    elif outcome.payload["status"] != "NotSupported":
        raise Fail(f"SendLocalList was answered {outcome.payload['status']} with no local authorization list; "
                   f"expected NotSupported ({RULE})")

    csms.step(f"3. [Present {tag}]: Authorize (answered Invalid), the list sent is not used")
    cp.respond("Authorize", {"idTagInfo": {"status": "Invalid"}}, once=True)
    await csms.act("present_id_tag", id_tag=tag, connector=connector)
    await cp.expect(match("Authorize", idTag=tag))
