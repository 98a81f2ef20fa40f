"""TC_069_CS — Stop transaction - ParentIdTag in StopTransaction matches ParentIdTag in
StartTransaction."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case(
    "TC_069_CS",
    "Stop transaction - ParentIdTag in StopTransaction matches ParentIdTag in StartTransaction",
    Profile.CORE,
)
async def test_TC_069_CS(csms: FakeCsms) -> None:
    """A different id tag with the same parentIdTag stops the transaction.

    Steps:
    1. Reusable state Charging on the configured connector with the valid id tag; the CSMS answers
       with parentIdTag <parent>.
    2. [Present the second valid id tag.] Authorize for it, answered Accepted with the same
       parentIdTag <parent>.
    3. StopTransaction carrying the second id tag (reason Local or omitted) and
       StatusNotification Finishing, in either order.

    Choice: the Authorize in step 2 is required: the cache was cleared before the case, so only
    the CSMS can tell the charge point the second tag's parent, which decides whether it may stop
    the transaction (OCPP 1.6 Stop Transaction, parentIdTag).
    """
    connector = csms.connector()
    cp, tags = csms.cp, csms.tags
    await csms.booted()
    transaction = await csms.charging(connector=connector)

    csms.step(f"2. [Present {tags.valid_2} (same parent {tags.parent})]: Authorize, answered Accepted")
    await csms.act("present_id_tag", id_tag=tags.valid_2, connector=connector)
    await cp.expect(match("Authorize", idTag=tags.valid_2))

    csms.step(f"3. StopTransaction with id tag {tags.valid_2} and Finishing, in either order")
    stop, _ = await cp.expect_all(
        match("StopTransaction", transactionId=transaction.transaction_id),
        match("StatusNotification", connectorId=connector, status="Finishing"),
    )
    if stop.payload.get("idTag") != tags.valid_2:
        raise Fail(f"StopTransaction carries idTag {stop.payload.get('idTag')!r}, not {tags.valid_2!r} that stopped it")
    reason = stop.payload.get("reason", "Local")
    if reason != "Local":
        raise Fail(f"StopTransaction after the driver presented an id tag has reason {reason}, not Local")
