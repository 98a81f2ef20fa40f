"""TC_055_CSMS — Trigger Message - Rejected."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_055_CSMS", "Trigger Message - Rejected", Profile.REMOTE_TRIGGER)
async def test_TC_055_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS triggers a message, the charge point rejects it, and the CSMS copes.

    Steps:
    1. Reusable state Booted. [Make the CSMS trigger MeterValues.] The CSMS sends
       TriggerMessage MeterValues.
    2. The charge point answers Rejected (and sends no MeterValues).
    3. The CSMS carries on: it keeps the connection and answers the next CALL (Heartbeat).

    Choice: the official validation names requestedMessage only, so any connectorId (or none)
    is fine; "the CSMS processes the response" is checked as in the other refusal cases.
    """
    await cp.booted()
    cp.csms.respond("TriggerMessage", {"status": "Rejected"}, once=True)
    cp.step("1. [Make the CSMS trigger MeterValues]: TriggerMessage")
    request = await cp.trigger_requested("MeterValues")
    cp.step("2-3. TriggerMessage.conf Rejected; the CSMS carries on")
    await cp.copes_with_refusal(request)
