"""TC_002_CS — Cold Boot Charge Point - Pending."""

from octt_py.pics import Profile
from octt_py.roles.common import now_rfc3339
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case
from octt_py.verdict import Fail

KEY = "MeterValueSampleInterval"


@case("TC_002_CS", "Cold Boot Charge Point - Pending", Profile.CORE)
async def test_TC_002_CS(csms: FakeCsms) -> None:
    """While its boot is Pending, the charge point lets the CSMS read and change its
    configuration, then boots again and is Accepted.

    Steps:
    1. [Power cycle the charge point.]
    2. The charge point sends BootNotification; the CSMS answers Pending with interval
       <boot_retry_interval>.
    3. The CSMS sends GetConfiguration; the charge point answers with its keys.
    4. The CSMS sends ChangeConfiguration MeterValueSampleInterval = <meter_value_sample_interval>;
       the charge point answers Accepted.
    Extended (not in the official table): [present the valid id tag while Pending]: no
       Authorize and no StartTransaction for it until the boot is Accepted (a charge point the
       CSMS has not accepted sends nothing but BootNotification, OCPP 1.6 §4.2); otherwise the
       extended finding case.tag-accepted-while-not-registered. An Authorize after the
       acceptance is allowed.
    5. The charge point sends BootNotification again after the interval (no other CALL while
       Pending); the CSMS answers Accepted.
    6. StatusNotification Available for connector 0 and every connector; Heartbeat.

    Choice: the catalogue does not name the key changed in step 4; MeterValueSampleInterval is
    read-write in every Core implementation (OCPP 1.6 §9.1) and setting it to the PICS value
    leaves the charge point as the lab configured it.
    """
    cp, timing = csms.cp, csms.timing
    interval = timing.boot_retry_interval

    csms.step("1. [Power cycle the charge point]")
    cp.respond(
        "BootNotification",
        {"status": "Pending", "currentTime": now_rfc3339(), "interval": interval},
        once=True,
    )
    await csms.act("reboot")

    csms.step(f"2. BootNotification, answered Pending with interval {interval} s")
    pending = await cp.expect("BootNotification", timeout=timing.reboot_timeout)

    csms.step("3. GetConfiguration while Pending")
    keys = (await cp.call("GetConfiguration", {})).payload.get("configurationKey", [])
    if not keys:
        raise Fail("while Pending the charge point answered GetConfiguration without any key")

    csms.step(f"4. ChangeConfiguration {KEY} while Pending: Accepted")
    value = str(timing.meter_value_sample_interval)
    status = (await cp.call("ChangeConfiguration", {"key": KEY, "value": value})).payload["status"]
    if status != "Accepted":
        raise Fail(f"while Pending the charge point answered ChangeConfiguration {KEY} with {status}, not Accepted")

    tag = csms.tags.valid
    csms.step(f"Extended: [present {tag} while Pending]: no Authorize, no transaction")
    await csms.act("present_id_tag", id_tag=tag, connector=csms.connector())
    cp.allow("Authorize")  # once Accepted the charge point may still act on it

    csms.step("5. BootNotification again after the interval: Accepted")
    accepted = await csms.boots_again(pending, presented=tag)

    csms.step("6. StatusNotification Available for every connector; Heartbeat")
    await csms.reports_available()
    bound = timing.heartbeat_interval + timing.max_time_deviation
    await cp.expect("Heartbeat", timeout=accepted.remaining(bound), stated=bound)
