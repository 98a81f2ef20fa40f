"""TC_026_CS — Remote Start Charging Session - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case
from octt_py.verdict import Fail

CONNECTOR = 1


@case("TC_026_CS", "Remote Start Charging Session - Rejected", Profile.CORE)
async def test_TC_026_CS(csms: FakeCsms) -> None:
    """A remote start for a connector that already has a transaction is Rejected.

    Steps:
    1. Reusable state Charging on connector 1.
    2. The CSMS sends RemoteStartTransaction (connector 1, valid id tag): Rejected.
    """
    cp, tag = csms.cp, csms.tags.valid
    await csms.booted()
    await csms.charging(connector=CONNECTOR)

    csms.step(f"2. RemoteStartTransaction connector {CONNECTOR} (in a transaction): Rejected")
    reply = await cp.call("RemoteStartTransaction", {"connectorId": CONNECTOR, "idTag": tag})
    if reply.payload["status"] != "Rejected":
        raise Fail(f"the charge point answered RemoteStartTransaction for a connector in a transaction with "
                   f"{reply.payload['status']}, not Rejected")
