"""TC_013_CSMS — Hard Reset."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case, needs_action


@case("TC_013_CSMS", "Hard Reset", Profile.CORE, requires=(needs_action("Reset", type="Hard"),))
async def test_TC_013_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS can hard-reset a charge point, and accepts it when it boots again.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS hard-reset the charge point.] The CSMS sends Reset with type Hard; the
       charge point answers Accepted.
    3. The charge point restarts: it closes the connection, reconnects and sends
       BootNotification; the CSMS answers Accepted.
    4. StatusNotification Available for connector 0 and every connector; the CSMS acknowledges.
    """
    await cp.booted()
    await cp.resets("Hard")
