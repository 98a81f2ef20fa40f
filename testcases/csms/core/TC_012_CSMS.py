"""TC_012_CSMS — Remote Stop Charging Session."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_012_CSMS", "Remote Stop Charging Session", Profile.CORE)
async def test_TC_012_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS stops a running transaction remotely and accepts the stop.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. [Make the CSMS stop the transaction.] The CSMS sends RemoteStopTransaction with the
       running transaction's id; the charge point answers Accepted.
    3. StopTransaction with reason Remote; the CSMS acknowledges it.
    4. StatusNotification Finishing, then Available.
    """
    connector = cp.connector()
    await cp.booted()
    transaction_id = await cp.charging(connector)

    remote = await cp.csms_sends("RemoteStopTransaction", transactionId=transaction_id)
    if remote.payload["transactionId"] != transaction_id:
        raise Fail(
            f"RemoteStopTransaction names transaction {remote.payload['transactionId']}, "
            f"the running one is {transaction_id}"
        )

    cp.step("3. StopTransaction reason Remote")
    await cp.stop_transaction(transaction_id, reason="Remote", id_tag=cp.tags.valid)
    cp.step("4. StatusNotification Finishing, then Available")
    await cp.status(connector, "Finishing")
    await cp.status(connector, "Available")
