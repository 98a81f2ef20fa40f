"""TC_055_CS — Trigger Message - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import ANY_ERROR, match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_055_CS", "Trigger Message - Rejected", Profile.REMOTE_TRIGGER)
async def test_TC_055_CS(csms: FakeCsms) -> None:
    """A trigger for a connector the charge point does not have is rejected and not carried out.

    Steps:
    1. The CSMS sends TriggerMessage MeterValues with connectorId <number of connectors> + 1.
    2. The charge point answers Rejected, or a CALLERROR.
    Expected behaviour: no MeterValues for that connector (watched for the PICS triggered
    function timeout).

    Choice: the official table makes the charge point refuse with a connector it does not have,
    which needs no operator step (the reference rig's trigger_refusal switch is not used). OCPP
    1.6 §7.57 TriggerMessageStatus: Rejected, the requested notification will not be sent.
    """
    cp, timing = csms.cp, csms.timing
    unknown = csms.pics.capabilities.connectors + 1
    await csms.booted()

    csms.step(f"1. TriggerMessage MeterValues for connector {unknown} (no such connector)")
    outcome = await cp.call(
        "TriggerMessage", {"requestedMessage": "MeterValues", "connectorId": unknown}, errors=ANY_ERROR
    )

    csms.step("2. Rejected, or a CALLERROR; no MeterValues for that connector")
    if not outcome.is_error and outcome.payload["status"] != "Rejected":
        raise Fail(f"TriggerMessage MeterValues for connector {unknown}, which the charge point does not have, "
                   f"was answered {outcome.payload['status']}, not Rejected")
    await cp.expect_none(match("MeterValues", connectorId=unknown), during=timing.triggered_function_timeout)
