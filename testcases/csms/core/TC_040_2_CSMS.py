"""TC_040_2_CSMS — Configuration key - Invalid value."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case

KEY = "MeterValueSampleInterval"


@case("TC_040_2_CSMS", "Configuration key - Invalid value", Profile.CORE)
async def test_TC_040_2_CSMS(cp: FakeChargePoint) -> None:
    """A charge point rejects the value the CSMS sets: the CSMS copes with Rejected.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS set MeterValueSampleInterval to <meter_value_sample_interval>.] The CSMS
       sends ChangeConfiguration with that key and value; the charge point answers Rejected.
    3. The CSMS copes: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: the official table checks only the key. The value is the PICS's
    meter_value_sample_interval, one any CSMS lets its operator enter (a CSMS may refuse to send
    an out-of-range value at all); the fake charge point rejects it regardless.
    """
    await cp.booted()
    cp.csms.respond("ChangeConfiguration", {"status": "Rejected"}, once=True)
    request = await cp.changes_configuration(KEY, str(cp.timing.meter_value_sample_interval))
    await cp.copes_with_refusal(request)
