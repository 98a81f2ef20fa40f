"""TC_040_1_CSMS — Configuration key - NotSupported."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case

KEY, VALUE = "Testing", "true"


@case("TC_040_1_CSMS", "Configuration key - NotSupported", Profile.CORE)
async def test_TC_040_1_CSMS(cp: FakeChargePoint) -> None:
    """A charge point does not know the key the CSMS sets: the CSMS copes with NotSupported.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS set configuration key Testing to true.] The CSMS sends ChangeConfiguration
       with that key and value; the charge point answers NotSupported.
    3. The CSMS copes: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: the official CSMS table leaves key and value to the CSMS; we take those of the
    charge-point variant (Testing = true), a key no charge point has.
    """
    await cp.booted()
    cp.csms.respond("ChangeConfiguration", {"status": "NotSupported"}, once=True)
    request = await cp.changes_configuration(KEY, VALUE)
    await cp.copes_with_refusal(request)
