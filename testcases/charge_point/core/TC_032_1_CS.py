"""TC_032_1_CS — Power failure boot charging point - configured to stop transaction(s) before going down."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

AFTER_BOOT = ("Finishing", "Preparing")


@case(
    "TC_032_1_CS",
    "Power failure boot charging point - configured to stop transaction(s) before going down",
    Profile.CORE,
    requires=(needs(lambda p: p.capabilities.backup_power,
                    "the PICS declares no backup power (TC_032_2 applies instead)"),),
)
async def test_TC_032_1_CS(csms: FakeCsms) -> None:
    """On backup power the charge point stops its transactions before it goes down.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. [Disconnect the power of the charge point.] StopTransaction with reason PowerLoss and
       StatusNotification Finishing for the configured connector, in either order, before it goes
       down.
    3. [Reconnect the power.] BootNotification, answered Accepted.
    4. StatusNotification for connector 0 and every connector: the configured connector Finishing or
       Preparing (the cable is still in), every other one Available.

    No second StopTransaction may follow the boot (any CALL the case does not wait for fails it).

    Connector 0 is checked when it reports; only TC_001 and TC_002 require its report.
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()
    transaction = await csms.charging(connector=connector)

    csms.step("2. [Disconnect the power]: StopTransaction (reason PowerLoss) and StatusNotification Finishing")
    async with csms.power_cut():
        stop, _ = await cp.expect_all(
            match("StopTransaction", transactionId=transaction.transaction_id),
            match("StatusNotification", connectorId=connector, status="Finishing"),
        )
        reason = stop.payload.get("reason", "Local (omitted)")
        if reason != "PowerLoss":
            raise Fail(f"StopTransaction on the power cut has reason {reason}, not PowerLoss")

    csms.step("3. [Reconnect the power]: BootNotification, Accepted")
    boot = await csms.power_restored()

    csms.step(f"4. StatusNotification for every connector: connector {connector} Finishing or Preparing, the others Available")
    for other, status in (await csms.statuses_after(boot)).items():
        expected = AFTER_BOOT if other == connector else ("Available",)
        if status not in expected:
            raise Fail(f"after the boot connector {other} reports {status}, not {' or '.join(expected)}")
