"""TC_032_2_CS — Power failure boot charging point - configured to stop transaction(s) after going down."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

ENDED = ("Finishing", "Preparing")
RESUMED = ("Charging", "SuspendedEV", "SuspendedEVSE")


@case(
    "TC_032_2_CS",
    "Power failure boot charging point - configured to stop transaction(s) after going down",
    Profile.CORE,
    requires=(needs(lambda p: not p.capabilities.backup_power,
                    "the PICS declares backup power (TC_032_1 applies instead)"),),
)
async def test_TC_032_2_CS(csms: FakeCsms) -> None:
    """Without backup power the charge point ends the interrupted transaction after it is back.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. [Disconnect and reconnect the power of the charge point.] BootNotification, Accepted.
    3. StatusNotification for connector 0 and every connector: every other connector Available;
       the configured connector Finishing or Preparing (the transaction ended with the power) or
       Charging, SuspendedEV or SuspendedEVSE (the charge point resumed it).
    4. Ended: StopTransaction for the transaction with reason PowerLoss, and StatusNotification
       Finishing unless step 3 reported it. Resumed: [present the id tag that started it];
       StopTransaction for the transaction (reason Local or omitted) and StatusNotification
       Finishing. Steps 3 and 4 may come in any order.

    Choice: the catalogue does not say which reason the stop after the boot carries; OCPP 1.6
    (Reason PowerLoss: "complete loss of power") makes it PowerLoss for a transaction the power
    cut ended, as TC_032_1 checks before going down.

    Connector 0 is checked when it reports; only TC_001 and TC_002 require its report.
    """
    connector = csms.connector()
    cp, tag = csms.cp, csms.tags.valid
    await csms.booted()
    transaction = await csms.charging(connector=connector, id_tag=tag)
    stopped = match("StopTransaction", transactionId=transaction.transaction_id)
    finishing = match("StatusNotification", connectorId=connector, status="Finishing")

    csms.step("2. [Disconnect and reconnect the power]: BootNotification, Accepted")
    boot = await csms.power_cycle()

    csms.step(f"3. StatusNotification for every connector: connector {connector} ended or resumed, the others Available")
    statuses = await csms.statuses_after(boot)
    for other, status in statuses.items():
        expected = ENDED + RESUMED if other == connector else ("Available",)
        if status not in expected:
            raise Fail(f"after the boot connector {other} reports {status}, not {' or '.join(expected)}")

    if statuses[connector] in RESUMED:
        csms.step(f"4. Resumed: [present {tag}]: StopTransaction and StatusNotification Finishing")
        await csms.act("present_id_tag", id_tag=tag, connector=connector)
        stop, _ = await cp.expect_all(stopped, finishing)
        reason = stop.payload.get("reason", "Local")
        if reason != "Local":
            raise Fail(f"StopTransaction of the resumed transaction has reason {reason}, not Local")
        return

    csms.step("4. Ended: StopTransaction with reason PowerLoss" +
              ("" if statuses[connector] == "Finishing" else ", StatusNotification Finishing"))
    stop = await cp.expect(stopped)
    reason = stop.payload.get("reason", "Local (omitted)")
    if reason != "PowerLoss":
        raise Fail(f"StopTransaction after the power cut has reason {reason}, not PowerLoss")
    if statuses[connector] != "Finishing":
        await cp.expect(finishing)
