"""TC_037_3_CSMS — Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case(
    "TC_037_3_CSMS",
    "Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true",
    Profile.CORE,
)
async def test_TC_037_3_CSMS(cp: FakeChargePoint) -> None:
    """A transaction started offline for an id tag the CSMS does not know: the CSMS answers the
    late StartTransaction Invalid and acknowledges the stop that follows.

    Steps:
    1. Reusable state Booted.
    2. [Remove connectivity.] [EV driver starts a transaction offline with the invalid id tag.]
       [Restore connectivity.]
    3. The queued StartTransaction for the configured connector and the invalid id tag, stamped
       minutes ago: the CSMS answers idTagInfo status Invalid (with a transaction id).
    4. StatusNotification Charging.
    5. StopTransaction with reason DeAuthorized (the charge point's StopTransactionOnInvalidId is
       true); the CSMS acknowledges it.
    6. StatusNotification Finishing.

    Choice: as TC_037_1_CSMS, no BootNotification after the reconnect and a start stamped some
    minutes ago. Accepting an offline transaction whatever its id tag is not what the official
    table allows: the answer must be Invalid.
    """
    connector = cp.connector()
    await cp.booted()
    began = await cp.offline_and_back()
    tag = cp.tags.invalid
    cp.step(f"3. Queued StartTransaction for {tag}: the CSMS must answer Invalid")
    reply = (await cp.start_transaction(connector, tag, timestamp=cp.timestamp(began))).payload
    status = reply.get("idTagInfo", {}).get("status")
    if status != "Invalid":
        raise Fail(
            f"the CSMS answered the replayed StartTransaction for {tag} with {status!r}, not 'Invalid'"
        )
    cp.step("4. StatusNotification Charging")
    await cp.status(connector, "Charging")
    cp.step("5. StopTransaction reason DeAuthorized")
    await cp.stop_transaction(int(reply["transactionId"]), reason="DeAuthorized")
    cp.step("6. StatusNotification Finishing")
    await cp.status(connector, "Finishing")
