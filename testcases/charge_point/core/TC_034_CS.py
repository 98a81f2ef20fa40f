"""TC_034_CS — Power Failure with Unavailable Status."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_034_CS", "Power Failure with Unavailable Status", Profile.CORE)
async def test_TC_034_CS(csms: FakeCsms) -> None:
    """An Inoperative charge point is still Unavailable after a power failure.

    Steps:
    1. The CSMS sends ChangeAvailability connectorId 0, type Inoperative; Accepted.
    2. StatusNotification Unavailable for connector 0 and every connector.
    3. [Disconnect and reconnect the power of the charge point.] BootNotification, Accepted.
    4. StatusNotification Unavailable for connector 0 and every connector.

    After the case the runner makes the charge point Operative again. OCPP 1.6 §5.2: an
    availability change persists across a reboot.

    Connector 0 is checked when it reports; only TC_001 and TC_002 require its report.
    """
    cp = csms.cp
    await csms.booted()

    csms.step("1. ChangeAvailability connector 0 Inoperative: Accepted")
    status = (await cp.call("ChangeAvailability", {"connectorId": 0, "type": "Inoperative"})).payload["status"]
    if status != "Accepted":
        raise Fail(f"ChangeAvailability connector 0 Inoperative was answered {status}, not Accepted")

    csms.step("2. StatusNotification Unavailable for every connector")
    await csms.reports_every_connector("Unavailable")

    csms.step("3. [Disconnect and reconnect the power]: BootNotification, Accepted")
    boot = await csms.power_cycle()

    csms.step("4. StatusNotification Unavailable for every connector")
    for connector, status in (await csms.statuses_after(boot)).items():
        if status != "Unavailable":
            raise Fail(f"after the power failure connector {connector} reports {status}, not Unavailable")
