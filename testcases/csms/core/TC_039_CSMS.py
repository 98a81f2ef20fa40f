"""TC_039_CSMS — Offline Transaction."""

from datetime import timedelta

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_039_CSMS", "Offline Transaction", Profile.CORE)
async def test_TC_039_CSMS(cp: FakeChargePoint) -> None:
    """A whole transaction happened offline: the CSMS accepts the late start and stop.

    Steps:
    1. Reusable state Booted.
    2. [Remove connectivity.] [EV driver starts a transaction offline, stops it, unplugs.]
       [Restore connectivity.]
    3. The queued StartTransaction for the configured connector and the valid id tag, stamped
       minutes ago: the CSMS answers Accepted.
    4. The queued StopTransaction with reason Local, stamped the PICS transaction duration after
       the start; the CSMS acknowledges it.

    Choice: as TC_037_1_CSMS, no BootNotification after the reconnect and timestamps some
    minutes in the past.
    """
    connector = cp.connector()
    await cp.booted()
    began = await cp.offline_and_back()
    cp.step("3. Queued StartTransaction, stamped when the offline transaction began")
    transaction_id = await cp.accepted_start(
        connector, cp.tags.valid, timestamp=cp.timestamp(began)
    )
    cp.step("4. Queued StopTransaction reason Local")
    stopped = began + timedelta(seconds=cp.timing.transaction_duration)
    await cp.stop_transaction(
        transaction_id, reason="Local", id_tag=cp.tags.valid, timestamp=cp.timestamp(stopped)
    )
