"""TC_040_2_CS — Configuration key - Invalid value."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

KEY, INVALID = "MeterValueSampleInterval", "-1"


@case(
    "TC_040_2_CS",
    "Configuration key - Invalid value",
    Profile.CORE,
    requires=(needs(lambda p: FakeCsms.configurable(p, {KEY: "0"}), f"the PICS declares {KEY} read-only"),),
)
async def test_TC_040_2_CS(csms: FakeCsms) -> None:
    """ChangeConfiguration with a value the key cannot take is Rejected and changes nothing.

    Steps:
    1. The CSMS reads MeterValueSampleInterval with GetConfiguration.
    2. The CSMS sends ChangeConfiguration MeterValueSampleInterval = '-1'; the charge point
       answers Rejected.
    3. GetConfiguration MeterValueSampleInterval still returns the value of step 1.

    Choice: the catalogue does not name key or value; MeterValueSampleInterval is the key the
    CSMS variant of this case uses, and '-1' is a negative number of seconds, which the key
    (an interval, OCPP 1.6 §9.1) cannot hold. Step 3 makes sure a Rejected value was not stored
    anyway. The key must be read-write: a read-only key is Rejected whatever the value.
    """
    cp = csms.cp
    await csms.booted()

    csms.step(f"1. GetConfiguration {KEY}")
    before = (await csms.configuration(KEY)).get(KEY)
    if before is None:
        raise Fail(f"GetConfiguration did not return {KEY}, a required Core key")

    csms.step(f"2. ChangeConfiguration {KEY} = {INVALID}: Rejected")
    status = (await cp.call("ChangeConfiguration", {"key": KEY, "value": INVALID})).payload["status"]
    if status != "Rejected":
        if status == "Accepted":
            await cp.call("ChangeConfiguration", {"key": KEY, "value": before})
        raise Fail(f"ChangeConfiguration {KEY} = {INVALID} was answered {status}, not Rejected")

    csms.step(f"3. GetConfiguration {KEY}: still {before}")
    after = (await csms.configuration(KEY)).get(KEY)
    if after != before:
        raise Fail(f"{KEY} reads {after!r} after a Rejected change; it was {before!r}")
