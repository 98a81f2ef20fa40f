"""TC_028_CS — Remote Stop Transaction - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_028_CS", "Remote Stop Transaction - Rejected", Profile.CORE)
async def test_TC_028_CS(csms: FakeCsms) -> None:
    """A remote stop for a transaction id the charge point does not know is Rejected.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. The CSMS sends RemoteStopTransaction with an unknown transactionId: Rejected.

    The unknown id is one above the running transaction's, an id the CSMS never gave out. The
    running transaction is ended after the case.
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()
    transaction = await csms.charging(connector=connector)

    unknown = transaction.transaction_id + 1
    csms.step(f"2. RemoteStopTransaction {unknown} (unknown): Rejected")
    reply = await cp.call("RemoteStopTransaction", {"transactionId": unknown})
    if reply.payload["status"] != "Rejected":
        raise Fail(f"the charge point answered RemoteStopTransaction for the unknown transaction {unknown} with "
                   f"{reply.payload['status']}, not Rejected")
