"""TC_023_4_CS — Start local Charging Session - Authorize invalid."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs


@case(
    "TC_023_4_CS",
    "Start local Charging Session - Authorize invalid",
    Profile.CORE,
    requires=(needs(lambda p: FakeCsms.configurable(p, {"LocalPreAuthorize": "true"}),
                    "the PICS declares LocalPreAuthorize read-only false"),),
)
async def test_TC_023_4_CS(csms: FakeCsms) -> None:
    """An id tag the CSMS answers Invalid does not start a transaction.

    Steps:
    Before: configuration state LocalPreAuthorize true.
    1. [Present the invalid id tag.] Authorize, answered Invalid.
    2. [Plug in the cable.] StatusNotification Preparing.
    3. No StartTransaction within the PICS triggered function timeout.

    Choice: the official table also sets MinimumStatusDuration to 10; that key is optional and
    only delays status reports, so the case leaves it as it is.
    """
    connector = csms.connector()
    cp, tag, timing = csms.cp, csms.tags.invalid, csms.timing
    await csms.booted()
    async with csms.configured({"LocalPreAuthorize": "true"}):
        csms.step(f"1. [Present the invalid id tag {tag}]: Authorize, answered Invalid")
        await csms.act("present_id_tag", id_tag=tag, connector=connector)
        await cp.expect(match("Authorize", idTag=tag))

        csms.step(f"2. [Plug in connector {connector}]: StatusNotification Preparing")
        await csms.act("plug_in", connector=connector)
        await cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))

        csms.step(f"3. No StartTransaction within {timing.triggered_function_timeout:g} s")
        await cp.expect_none(match("StartTransaction"), during=timing.triggered_function_timeout)
