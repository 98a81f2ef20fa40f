"""TC_040_1_CS — Configuration key - NotSupported."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

KEY, VALUE = "Testing", "true"


@case(
    "TC_040_1_CS",
    "Configuration key - NotSupported",
    Profile.CORE,
    requires=(needs(lambda p: KEY not in p.configuration, f"the PICS declares a configuration key named {KEY}"),),
)
async def test_TC_040_1_CS(csms: FakeCsms) -> None:
    """ChangeConfiguration of a key the charge point does not have is answered NotSupported.

    Steps:
    1. The CSMS sends ChangeConfiguration key 'Testing', value 'true'.
    2. The charge point answers NotSupported.

    Choice: 'Testing' is the key the official case uses; OCPP 1.6 §5.3 makes NotSupported the
    answer for a key the charge point does not know. A charge point whose PICS declares a vendor
    key of that name cannot take this case.
    """
    await csms.booted()

    csms.step(f"1. ChangeConfiguration {KEY} = {VALUE}")
    status = (await csms.cp.call("ChangeConfiguration", {"key": KEY, "value": VALUE})).payload["status"]

    csms.step("2. The charge point answers NotSupported")
    if status != "NotSupported":
        raise Fail(f"ChangeConfiguration of the unknown key {KEY} was answered {status}, not NotSupported")
