"""TC_010_CS — Remote Start Charging Session - Cable Plugged in First."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_010_CS", "Remote Start Charging Session - Cable Plugged in First", Profile.CORE)
async def test_TC_010_CS(csms: FakeCsms) -> None:
    """Cable first, then the CSMS starts the transaction remotely.

    Steps:
    1. [Plug in the cable at the configured connector.] StatusNotification Preparing.
    2. The CSMS reads AuthorizeRemoteTxRequests with GetConfiguration.
    3. The CSMS sends RemoteStartTransaction (the configured connector, valid id tag); Accepted.
    4. If AuthorizeRemoteTxRequests is true: Authorize, answered Accepted. If false, the charge
       point must not send Authorize.
    5. StartTransaction (Accepted) and StatusNotification Charging, in either order.

    The PICS value RemoteStartTransaction time bounds step 5 (certificate: "Response time
    RemoteStartTransaction").
    """
    connector = csms.connector()
    cp, tag, timing = csms.cp, csms.tags.valid, csms.timing
    await csms.booted()

    csms.step(f"1. [Plug in connector {connector}]: StatusNotification Preparing")
    await csms.act("plug_in", connector=connector)
    await cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))

    csms.step("2. GetConfiguration AuthorizeRemoteTxRequests")
    reply = (await cp.call("GetConfiguration", {"key": ["AuthorizeRemoteTxRequests"]}, causes=False)).payload
    values = {k.get("key"): k.get("value") for k in reply.get("configurationKey", [])}
    if "AuthorizeRemoteTxRequests" not in values:
        raise Fail("GetConfiguration did not return AuthorizeRemoteTxRequests, a required Core key")
    authorize_first = str(values["AuthorizeRemoteTxRequests"]).lower() == "true"

    csms.step(f"3. RemoteStartTransaction connector {connector}, id tag {tag}: Accepted")
    status = (await cp.call("RemoteStartTransaction", {"connectorId": connector, "idTag": tag})).payload["status"]
    if status != "Accepted":
        raise Fail(f"the charge point answered RemoteStartTransaction with {status}, not Accepted")

    if authorize_first:
        csms.step("4. AuthorizeRemoteTxRequests is true: Authorize, answered Accepted")
        await cp.expect(match("Authorize", idTag=tag), timeout=timing.remote_start_time)

    csms.step("5. StartTransaction (Accepted) and StatusNotification Charging, in either order")
    await cp.expect_all(
        match("StartTransaction", connectorId=connector, idTag=tag),
        match("StatusNotification", connectorId=connector, status="Charging"),
        timeout=timing.remote_start_time,
    )
