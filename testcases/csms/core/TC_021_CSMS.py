"""TC_021_CSMS — Change/set Configuration."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail

KEY = "MeterValueSampleInterval"


@case("TC_021_CSMS", "Change/set Configuration", Profile.CORE)
async def test_TC_021_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS can change a configuration key of a charge point.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS set MeterValueSampleInterval to <meter_value_sample_interval>.] The CSMS
       sends ChangeConfiguration with that key and value; the charge point answers Accepted.

    Choice: the catalogue's CSMS text names the key but the value differs between editions (60 in
    one); the value is the PICS's meter_value_sample_interval, so a lab can make it match
    whatever its CSMS operator enters.
    """
    await cp.booted()
    value = str(cp.timing.meter_value_sample_interval)
    request = await cp.csms_sends("ChangeConfiguration", key=KEY, value=value)
    got = (request.payload["key"], request.payload["value"])
    if got != (KEY, value):
        raise Fail(f"ChangeConfiguration sets {got[0]} = {got[1]!r}; the operator asked for {KEY} = {value!r}")
