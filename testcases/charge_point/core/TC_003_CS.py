"""TC_003_CS — Regular Charging Session - Plugin First."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case


@case("TC_003_CS", "Regular Charging Session - Plugin First", Profile.CORE)
async def test_TC_003_CS(csms: FakeCsms) -> None:
    """Cable first, then identification: the charge point authorizes online and starts.

    Steps:
    1. [Plug in the cable at the configured connector.] StatusNotification Preparing.
    2. [Present the valid id tag.] Authorize; the CSMS answers Accepted.
    3. StartTransaction for that id tag; the CSMS answers Accepted. StatusNotification Charging.
       StartTransaction and Charging may come in either order.
    """
    connector = csms.connector()
    cp, tag = csms.cp, csms.tags.valid
    await csms.booted()

    csms.step(f"1. [Plug in connector {connector}]: StatusNotification Preparing")
    await csms.act("plug_in", connector=connector)
    await cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))

    csms.step(f"2. [Present id tag {tag}]: Authorize, answered Accepted")
    await csms.act("present_id_tag", id_tag=tag, connector=connector)
    await cp.expect(match("Authorize", idTag=tag))

    csms.step("3. StartTransaction (Accepted) and StatusNotification Charging, in either order")
    await cp.expect_all(
        match("StartTransaction", connectorId=connector, idTag=tag),
        match("StatusNotification", connectorId=connector, status="Charging"),
    )
