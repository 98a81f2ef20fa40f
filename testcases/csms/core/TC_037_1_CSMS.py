"""TC_037_1_CSMS — Offline Start Transaction - Valid IdTag."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_037_1_CSMS", "Offline Start Transaction - Valid IdTag", Profile.CORE)
async def test_TC_037_1_CSMS(cp: FakeChargePoint) -> None:
    """A transaction started offline is reported late: the CSMS accepts the old StartTransaction.

    Steps:
    1. Reusable state Booted.
    2. [Remove connectivity.] [EV driver starts a transaction offline with the valid id tag.]
       [Restore connectivity.]
    3. The queued StartTransaction for the configured connector and the valid id tag, stamped
       minutes ago: the CSMS answers Accepted.
    4. StatusNotification Charging.

    Choice: the charge point reconnects without a BootNotification: a lost connection is not a
    restart (OCPP 1.6 section 4.2) and the official table has none. The start is stamped some
    minutes ago (at least three heartbeat intervals), as after a real outage; a CSMS must judge
    the id tag, not the age of the message.
    """
    connector = cp.connector()
    await cp.booted()
    began = await cp.offline_and_back()
    cp.step("3. Queued StartTransaction, stamped when the offline transaction began")
    await cp.accepted_start(connector, cp.tags.valid, timestamp=cp.timestamp(began))
    cp.step("4. StatusNotification Charging")
    await cp.status(connector, "Charging")
