"""TC_039_CS — Offline Transaction."""

import asyncio

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail


@case(
    "TC_039_CS",
    "Offline Transaction",
    Profile.CORE,
    requires=(
        needs(lambda p: bool(p.capabilities.offline_authorization),
              "the PICS declares no offline authorization (local list, cache or unknown id)"),
        needs(lambda p: p.capabilities.local_stop, "the PICS declares no local stop of a transaction"),
    ),
)
async def test_TC_039_CS(csms: FakeCsms) -> None:
    """A whole transaction made while offline is reported, start before stop, once the
    connection is back.

    Steps:
    1. Preparations as in TC_037_1: offline authorization of the valid id tag.
    2. [Remove the connectivity.] [Plug in the configured connector, present the valid id tag.]
       [Charge for the PICS transaction duration.] [Present the id tag again: stop.] [Unplug.]
       [Restore the
       connectivity.]
    3. StartTransaction (queued) for the valid tag, answered Accepted.
    4. StopTransaction (queued) for the transaction id given in step 3, reason Local or omitted,
       after the StartTransaction.
    """
    connector = csms.connector()
    cp, tag, timing = csms.cp, csms.tags.valid, csms.timing
    await csms.booted()

    csms.step("1. Preparations: offline authorization of the valid id tag")
    async with csms.authorizes_offline(tag):
        csms.step("2. Offline: the EV driver starts, stops and unplugs")
        async with csms.offline():
            await csms.starts_offline(tag, connector)
            await asyncio.sleep(timing.transaction_duration)
            await csms.act("present_id_tag", id_tag=tag, connector=connector)
            await csms.act("unplug", connector=connector)

        csms.step("3. StartTransaction, answered Accepted")
        start = await cp.expect(match("StartTransaction", connectorId=connector, idTag=tag))
        transaction = csms.transaction_of(start)

        csms.step(f"4. StopTransaction for transaction {transaction.transaction_id}, reason Local or omitted")
        stop = await cp.expect(match("StopTransaction", transactionId=transaction.transaction_id))
        reason = stop.payload.get("reason", "Local")
        if reason != "Local":
            raise Fail(f"StopTransaction of the offline transaction has reason {reason}, not Local")
