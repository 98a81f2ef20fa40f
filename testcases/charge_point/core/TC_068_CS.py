"""TC_068_CS — Stop transaction - IdTag in StopTransaction matches IdTag in StartTransaction."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_068_CS", "Stop transaction - IdTag in StopTransaction matches IdTag in StartTransaction", Profile.CORE)
async def test_TC_068_CS(csms: FakeCsms) -> None:
    """Only the id tag that started a transaction stops it; a different tag changes nothing.

    Steps:
    1. Reusable state Charging on the configured connector with the valid id tag, Authorize and
       StartTransaction answered Accepted without a parentIdTag.
    2. [Present the second valid id tag.] No StopTransaction within the PICS triggered function
       timeout, and no Authorize (unless one reader serves several connectors).
    3. [Present the valid id tag that started the transaction.] StopTransaction carrying that
       id tag (reason Local or omitted) and StatusNotification Finishing, in either order.

    Choice: the PICS tags share one parentIdTag, which is what TC_069 is about; here the CSMS
    answers without one, so nothing links the second tag to the transaction (OCPP 1.6 Stop
    Transaction: another tag stops it only with the same parentIdTag) and the charge point has
    no reason to ask the CSMS about it. With one reader for several connectors (PICS
    rfid_readers below connectors) the tags are presented at the reader, not at a connector, and
    an Authorize for the second tag is a start on another connector, which is allowed: the case
    then does not watch for Authorize at all.
    """
    connector = csms.connector()
    cp, tags, timing = csms.cp, csms.tags, csms.timing
    await csms.booted()
    csms.answers_without_parent()
    transaction = await csms.charging(connector=connector)

    shared_reader = csms.pics.capabilities.rfid_readers < csms.pics.capabilities.connectors
    at = {} if shared_reader else {"connector": connector}
    csms.step(f"2. [Present the second valid id tag {tags.valid_2}]: no StopTransaction"
              + ("" if shared_reader else ", no Authorize"))
    if shared_reader:
        cp.allow("Authorize")  # a start on another connector, which the shared reader may begin
    await csms.act("present_id_tag", id_tag=tags.valid_2, **at)
    await cp.expect_none(match("StopTransaction"), during=timing.triggered_function_timeout)
    if not shared_reader:
        await cp.expect_none(match("Authorize"), during=0)

    csms.step(f"3. [Present {tags.valid} again]: StopTransaction with that id tag and Finishing, in either order")
    await csms.act("present_id_tag", id_tag=tags.valid, **at)
    stop, _ = await cp.expect_all(
        match("StopTransaction", transactionId=transaction.transaction_id),
        match("StatusNotification", connectorId=connector, status="Finishing"),
    )
    if stop.payload.get("idTag") != tags.valid:
        raise Fail(f"StopTransaction carries idTag {stop.payload.get('idTag')!r}, not {tags.valid!r} that started it")
    reason = stop.payload.get("reason", "Local")
    if reason != "Local":
        raise Fail(f"StopTransaction after the driver presented the id tag has reason {reason}, not Local")
