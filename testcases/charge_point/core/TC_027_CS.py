"""TC_027_CS — Remote start transaction - connector id shall not be 0."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_027_CS", "Remote start transaction - connector id shall not be 0", Profile.CORE)
async def test_TC_027_CS(csms: FakeCsms) -> None:
    """A remote start for connector 0 (the whole charge point) is Rejected.

    Steps:
    1. The CSMS sends RemoteStartTransaction with connectorId 0 and the valid id tag: Rejected.

    OCPP 1.6 RemoteStartTransaction.req: connectorId SHALL be greater than 0.
    """
    await csms.booted()
    csms.step("1. RemoteStartTransaction connectorId 0: Rejected")
    reply = await csms.cp.call("RemoteStartTransaction", {"connectorId": 0, "idTag": csms.tags.valid})
    if reply.payload["status"] != "Rejected":
        raise Fail(f"the charge point answered RemoteStartTransaction for connectorId 0 with "
                   f"{reply.payload['status']}, not Rejected")
