"""TC_066_CSMS — Get Composite Schedule."""

from typing import Any

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.common import now_rfc3339
from octt_py.session import IncomingCall
from octt_py.testcase import case, needs_action
from octt_py.verdict import Fail

DURATION = 400  # <Configured Charging Schedule Duration>


@case("TC_066_CSMS", "Get Composite Schedule", Profile.SMART_CHARGING,
      requires=(needs_action("GetCompositeSchedule"),))
async def test_TC_066_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS requests a composite schedule.

    Steps:
    1. Reusable state Booted.
    2. [Make the CSMS request the composite schedule of the configured connector for 400 s in the
       configured unit.] The CSMS sends GetCompositeSchedule: connectorId 1, duration 400,
       chargingRateUnit <Configured>.
    3. The charge point answers Accepted with a hard-coded composite schedule.

    Choice: the catalogue's <Configured Charging Schedule Duration> is 400 s, the window of the
    charge point side of this case.
    """
    connector = cp.connector()
    unit = cp.rate_unit
    scale = 1000 if unit == "W" else 1

    def schedule(incoming: IncomingCall) -> dict[str, Any]:
        return {
            "status": "Accepted",
            "connectorId": incoming.payload["connectorId"],
            "scheduleStart": now_rfc3339(),
            "chargingSchedule": {
                "duration": incoming.payload["duration"],
                "chargingRateUnit": incoming.payload.get("chargingRateUnit", unit),
                "chargingSchedulePeriod": [
                    {"startPeriod": 0, "limit": 8.0 * scale},
                    {"startPeriod": 50, "limit": 10.0 * scale},
                    {"startPeriod": 200, "limit": 6.0 * scale},
                ],
            },
        }

    await cp.booted()
    cp.csms.respond("GetCompositeSchedule", schedule, once=True)
    request = await cp.csms_sends("GetCompositeSchedule", connectorId=connector, duration=DURATION, chargingRateUnit=unit)
    payload = request.payload
    cp.step("Checks: the configured connector, duration and chargingRateUnit")
    wanted = {"connectorId": connector, "duration": DURATION, "chargingRateUnit": unit}
    for key, value in wanted.items():
        if payload.get(key) != value:
            raise Fail(f"GetCompositeSchedule {key} is {payload.get(key, 'omitted')}, not the configured {value}")
    await cp.answered(request)
