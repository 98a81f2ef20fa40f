"""TC_028_CSMS — Remote Stop Transaction - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_028_CSMS", "Remote Stop Transaction - Rejected", Profile.CORE)
async def test_TC_028_CSMS(cp: FakeChargePoint) -> None:
    """A charge point rejects a remote stop: the CSMS copes.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. [Make the CSMS stop the transaction.] The CSMS sends RemoteStopTransaction with the
       running transaction's id; the charge point answers Rejected.
    3. The CSMS copes: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: the official text speaks of an unknown transactionId, but an operator can only ask a
    CSMS to stop a transaction the CSMS knows; so the operator asks for the running one and the
    fake charge point rejects it anyway, which is what the CSMS must cope with. The transaction
    stays open and is stopped after the case.
    """
    connector = cp.connector()
    await cp.booted()
    transaction_id = await cp.charging(connector)
    cp.csms.respond("RemoteStopTransaction", {"status": "Rejected"}, once=True)
    request = await cp.remote_stop_requested(transaction_id)
    await cp.copes_with_refusal(request)
