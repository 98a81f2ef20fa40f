"""TC_026_CS — Remote Start Charging Session - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_026_CS", "Remote Start Charging Session - Rejected", Profile.CORE)
async def test_TC_026_CS(csms: FakeCsms) -> None:
    """A remote start for a connector that already has a transaction is Rejected.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. The CSMS sends RemoteStartTransaction (the configured connector, valid id tag): Rejected.
    """
    connector = csms.connector()
    cp, tag = csms.cp, csms.tags.valid
    await csms.booted()
    await csms.charging(connector=connector)

    csms.step(f"2. RemoteStartTransaction connector {connector} (in a transaction): Rejected")
    reply = await cp.call("RemoteStartTransaction", {"connectorId": connector, "idTag": tag})
    if reply.payload["status"] != "Rejected":
        raise Fail(f"the charge point answered RemoteStartTransaction for a connector in a transaction with "
                   f"{reply.payload['status']}, not Rejected")
