"""TC_015_CS — Hard Reset With Transaction."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail

RUNNING = ("Charging", "SuspendedEV", "SuspendedEVSE")


@case("TC_015_CS", "Hard Reset With Transaction", Profile.CORE)
async def test_TC_015_CS(csms: FakeCsms) -> None:
    """A hard reset during a transaction ends it with reason HardReset and reboots the charge
    point.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. The CSMS sends Reset Hard: Accepted.
    3. The charge point reboots: it closes the connection, connects again and sends
       BootNotification (answered Accepted), then a StatusNotification for connector 0 and every
       connector; the configured connector no longer reports a running transaction.
    4. StopTransaction for the transaction with reason HardReset, before or after the reboot.

    Choice: a hard reset need not stop transactions gracefully; the charge point may send the
    StopTransaction once it has booted again (OCPP 1.6 §5.14), so the case accepts it either
    side of the BootNotification, within the PICS triggered function timeout of the boot.

    Connector 0 is checked when it reports; only TC_001 and TC_002 require its report.
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()
    transaction = await csms.charging(connector=connector)

    csms.step("2. Reset Hard: Accepted")
    boot = await csms.reset("Hard")

    csms.step("3. After the boot: StatusNotification for every connector")
    status = (await csms.statuses_after(boot))[connector]
    if status in RUNNING:
        raise Fail(f"after the hard reset connector {connector} reports {status}; its transaction must be over")

    csms.step("4. StopTransaction with reason HardReset")
    bound = csms.timing.triggered_function_timeout
    stop = await cp.expect(match("StopTransaction", transactionId=transaction.transaction_id),
                           timeout=boot.remaining(bound), stated=bound)
    reason = stop.payload.get("reason", "Local (omitted)")
    if reason != "HardReset":
        raise Fail(f"StopTransaction after Reset Hard has reason {reason}, not HardReset")
