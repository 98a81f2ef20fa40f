"""TC_010_CSMS — Remote Start Charging Session - Cable Plugged in First."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_010_CSMS", "Remote Start Charging Session - Cable Plugged in First", Profile.CORE)
async def test_TC_010_CSMS(cp: FakeChargePoint) -> None:
    """Cable first; the CSMS starts the transaction remotely and accepts it.

    Steps:
    1. Reusable state Booted. StatusNotification Preparing on the configured connector.
    2. [Make the CSMS start a transaction on the configured connector for the valid id tag.] The
       CSMS sends RemoteStartTransaction; the charge point answers Accepted.
    3. If the charge point's AuthorizeRemoteTxRequests is true: Authorize, answered Accepted.
    4. StartTransaction with the id tag of the request: Accepted. StatusNotification Charging.

    Choice: RemoteStartTransaction.connectorId is optional; when the CSMS gives one it must be the
    connector the operator asked for.
    """
    connector = cp.connector()
    await cp.booted()
    cp.step(f"1. StatusNotification Preparing on connector {connector}")
    await cp.status(connector, "Preparing")

    remote = await cp.csms_sends("RemoteStartTransaction", connectorId=connector, idTag=cp.tags.valid)
    named = remote.payload.get("connectorId", connector)
    if named != connector:
        raise Fail(f"RemoteStartTransaction is for connector {named}, the operator asked for {connector}")
    tag = remote.payload["idTag"]

    if cp.configuration.get("AuthorizeRemoteTxRequests", "false").lower() == "true":
        await cp.authorized(tag)
    await cp.accepted_start(connector, tag)
    cp.step("4. StatusNotification Charging")
    await cp.status(connector, "Charging")
