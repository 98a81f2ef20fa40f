"""TC_011_1_CSMS — Remote Start Charging Session - Remote Start First."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_011_1_CSMS", "Remote Start Charging Session - Remote Start First", Profile.CORE)
async def test_TC_011_1_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS starts a transaction remotely before the cable is in, then accepts it.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS start a transaction on the configured connector for the valid id tag.] The
       CSMS sends RemoteStartTransaction; the charge point answers Accepted.
    3. If the charge point's AuthorizeRemoteTxRequests is true: Authorize, answered Accepted.
    4. StatusNotification Preparing.
    5. [EV driver plugs in the cable.] StartTransaction with the id tag of the request: the CSMS
       answers Accepted.
    6. StatusNotification Charging.

    Choice: the official table shows Authorize unconditionally; OCPP 1.6 section 5.11 makes it
    depend on AuthorizeRemoteTxRequests, so the emulated charge point sends it when its PICS
    configuration says so (as in TC_010_CSMS). RemoteStartTransaction.connectorId is optional;
    when the CSMS gives one it must be the connector the operator asked for.
    """
    connector = cp.connector()
    await cp.booted()
    tag = await cp.remote_start_accepted(connector)
    cp.step(f"4. StatusNotification Preparing on connector {connector}")
    await cp.status(connector, "Preparing")
    cp.step("5. [Cable plugged in] StartTransaction")
    await cp.accepted_start(connector, tag)
    cp.step("6. StatusNotification Charging")
    await cp.status(connector, "Charging")
