"""TC_016_CS — Soft Reset With Transaction."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail

RUNNING = ("Charging", "SuspendedEV", "SuspendedEVSE")


@case("TC_016_CS", "Soft Reset With Transaction", Profile.CORE)
async def test_TC_016_CS(csms: FakeCsms) -> None:
    """A soft reset during a transaction first stops it gracefully (reason SoftReset), then
    reboots the charge point.

    Steps:
    1. Reusable state Charging on the configured connector.
    2. The CSMS sends Reset Soft: Accepted.
    3. Before the reboot: StopTransaction with reason SoftReset and StatusNotification
       Finishing, in either order.
    4. The charge point reboots: it closes the connection, connects again and sends
       BootNotification (answered Accepted), then a StatusNotification for connector 0 and every
       connector; the configured connector no longer reports a running transaction.

    A soft reset stops ongoing transactions gracefully before the restart (OCPP 1.6 §5.14), so
    the StopTransaction and the Finishing must come before the BootNotification.

    Connector 0 is checked when it reports; only TC_001 and TC_002 require its report.
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()
    transaction = await csms.charging(connector=connector)

    csms.step("2. Reset Soft: Accepted")
    boot = await csms.reset("Soft")

    csms.step("3. StopTransaction (SoftReset) and Finishing, both before the reboot")
    stop, finishing = await cp.expect_all(
        match("StopTransaction", transactionId=transaction.transaction_id),
        match("StatusNotification", connectorId=connector, status="Finishing"),
        timeout=boot.remaining(csms.timing.triggered_function_timeout),
        stated=csms.timing.triggered_function_timeout,
    )
    reason = stop.payload.get("reason", "Local (omitted)")
    if reason != "SoftReset":
        raise Fail(f"StopTransaction after Reset Soft has reason {reason}, not SoftReset")
    for sent in (stop, finishing):
        if sent.at_ns > boot.at_ns:
            raise Fail(f"{sent.action} came after the BootNotification; a soft reset stops the transaction first")

    csms.step("4. After the boot: StatusNotification for every connector")
    status = (await csms.statuses_after(boot))[connector]
    if status in RUNNING:
        raise Fail(f"after the soft reset connector {connector} reports {status}; its transaction must be over")
