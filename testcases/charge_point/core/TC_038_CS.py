"""TC_038_CS — Offline Stop Transaction."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail


@case(
    "TC_038_CS",
    "Offline Stop Transaction",
    Profile.CORE,
    requires=(needs(lambda p: p.capabilities.local_stop, "the PICS declares no local stop of a transaction"),),
)
async def test_TC_038_CS(csms: FakeCsms) -> None:
    """A transaction stopped while offline is reported once the connection is back.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. [Remove the connectivity.] [The EV driver stops the transaction: present the id tag that
       started it.] [Restore the connectivity.]
    3. StopTransaction (queued while offline) for the transaction, reason Local or omitted, and
       StatusNotification Finishing, in either order.

    Choice: the driver stops by presenting the starting id tag, the local stop every charge
    point with a reader offers (OCPP 1.6 §4.10; TC_068 checks it online).
    """
    connector = csms.connector()
    cp, tag = csms.cp, csms.tags.valid
    await csms.booted()
    transaction = await csms.charging(connector=connector, id_tag=tag)

    csms.step("2. Offline: the EV driver stops the transaction")
    async with csms.offline():
        await csms.act("present_id_tag", id_tag=tag, connector=connector)

    csms.step("3. StopTransaction (reason Local or omitted) and StatusNotification Finishing, in either order")
    stop, _ = await cp.expect_all(
        match("StopTransaction", transactionId=transaction.transaction_id),
        match("StatusNotification", connectorId=connector, status="Finishing"),
    )
    reason = stop.payload.get("reason", "Local")
    if reason != "Local":
        raise Fail(f"StopTransaction of the transaction stopped offline has reason {reason}, not Local")
