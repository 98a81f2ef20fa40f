"""TC_004_1_CS — Regular Charging Session - Identification First."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case


@case("TC_004_1_CS", "Regular Charging Session - Identification First", Profile.CORE)
async def test_TC_004_1_CS(csms: FakeCsms) -> None:
    """Identification first, then the cable: reusable state Authorized, then plug-in starts.

    Steps:
    1. Reusable state Authorized: [present the valid id tag], Authorize answered Accepted.
    2. [Plug in the cable at the configured connector.]
    3. StartTransaction (Accepted) and StatusNotification Charging, in either order.

    A Preparing status after the identification is allowed but not required (OCPP 1.6 §4.9 lets a
    charge point enter Preparing on identification or on plug-in).
    """
    connector = csms.connector()
    await csms.booted()
    await csms.charging(connector=connector)
