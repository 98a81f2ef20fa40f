"""TC_023_5_CS — Start remote Charging Session - Authorize invalid."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs


@case(
    "TC_023_5_CS",
    "Start remote Charging Session - Authorize invalid",
    Profile.CORE,
    requires=(needs(lambda p: FakeCsms.configurable(p, {"AuthorizeRemoteTxRequests": "true"}),
                    "the PICS declares AuthorizeRemoteTxRequests read-only false"),),
)
async def test_TC_023_5_CS(csms: FakeCsms) -> None:
    """A remote start whose id tag the CSMS then answers Invalid does not start a transaction.

    Steps:
    Before: configuration state AuthorizeRemoteTxRequests true.
    1. The CSMS sends RemoteStartTransaction (the configured connector, the invalid id tag):
       Accepted.
    2. Authorize for that id tag, answered Invalid.
    3. [Plug in the cable.] StatusNotification Preparing.
    4. No StartTransaction within the PICS triggered function timeout.

    Choice: only with AuthorizeRemoteTxRequests true does the charge point ask the CSMS about a
    remotely started id tag (OCPP 1.6 §5.11), so the case sets it.
    """
    connector = csms.connector()
    cp, tag, timing = csms.cp, csms.tags.invalid, csms.timing
    await csms.booted()
    async with csms.configured({"AuthorizeRemoteTxRequests": "true"}):
        await csms.remote_start(connector, tag)

        csms.step("2. Authorize, answered Invalid")
        await cp.expect(match("Authorize", idTag=tag), timeout=timing.remote_start_time)

        csms.step(f"3. [Plug in connector {connector}]: StatusNotification Preparing")
        await csms.act("plug_in", connector=connector)
        await cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))

        csms.step(f"4. No StartTransaction within {timing.triggered_function_timeout:g} s")
        await cp.expect_none(match("StartTransaction"), during=timing.triggered_function_timeout)
