"""TC_001_CS — Cold Boot Charge Point."""

from octt_py.pics import Profile
from octt_py.roles.common import now_rfc3339
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case


@case("TC_001_CS", "Cold Boot Charge Point", Profile.CORE)
async def test_TC_001_CS(csms: FakeCsms) -> None:
    """After a power cycle the charge point boots, is Rejected, waits the interval, boots again,
    is Accepted, reports every connector and heartbeats.

    Steps:
    1. [Power cycle the charge point.]
    2. The charge point sends BootNotification; the CSMS answers Rejected with interval
       <boot_retry_interval>.
    3. The charge point sends nothing else until the interval has passed, then BootNotification
       again; the CSMS answers Accepted with interval <heartbeat_interval>.
    4. The charge point sends StatusNotification Available for connector 0 and every connector.
    5. The charge point sends Heartbeat within the heartbeat interval.

    Choice: "waits the interval" is checked with the PICS's max_time_deviation as tolerance, and
    the Heartbeat deadline counts from the accepted boot (OCPP 1.6 §4.2, §4.6).
    """
    cp, timing = csms.cp, csms.timing
    retry = timing.boot_retry_interval

    csms.step("1. [Power cycle the charge point]")
    cp.respond(
        "BootNotification",
        {"status": "Rejected", "currentTime": now_rfc3339(), "interval": retry},
        once=True,
    )
    await csms.act("reboot")

    csms.step(f"2. BootNotification, answered Rejected with interval {retry} s")
    rejected = await cp.expect("BootNotification", timeout=timing.reboot_timeout)

    csms.step("3. Nothing but BootNotification until the interval has passed; then Accepted")
    accepted = await csms.boots_again(rejected)

    csms.step("4. StatusNotification Available for connector 0 and every connector")
    await csms.reports_available()

    csms.step(f"5. Heartbeat within the heartbeat interval of {timing.heartbeat_interval} s")
    bound = timing.heartbeat_interval + timing.max_time_deviation
    await cp.expect("Heartbeat", timeout=accepted.remaining(bound), stated=bound)
