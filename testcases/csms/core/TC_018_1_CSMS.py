"""TC_018_1_CSMS — Unlock Connector - With Charging Session (Not fixed cable)."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_018_1_CSMS", "Unlock Connector - With Charging Session (Not fixed cable)", Profile.CORE)
async def test_TC_018_1_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS unlocks a connector in use and acknowledges the stop that follows.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. [Make the CSMS unlock the configured connector.] The CSMS sends UnlockConnector for the
       configured connector; the charge point answers Unlocked.
    3. StatusNotification Finishing.
    4. StopTransaction with reason UnlockCommand; the CSMS acknowledges it.
    5. [EV driver unplugs the cable.] StatusNotification Available.

    Choice: the official order (Finishing before StopTransaction) is kept; OCPP 1.6 lets a charge
    point send them either way and a CSMS must accept both.
    """
    connector = cp.connector()
    await cp.booted()
    transaction_id = await cp.charging(connector)
    await cp.unlock_requested(connector)
    cp.step("3. StatusNotification Finishing")
    await cp.status(connector, "Finishing")
    cp.step("4. StopTransaction reason UnlockCommand")
    await cp.stop_transaction(transaction_id, reason="UnlockCommand", id_tag=cp.tags.valid)
    cp.step("5. [Cable unplugged] StatusNotification Available")
    await cp.status(connector, "Available")
