"""TC_054_CSMS — Trigger Message."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case


@case("TC_054_CSMS", "Trigger Message", Profile.REMOTE_TRIGGER)
async def test_TC_054_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS triggers each message a charge point can be asked for, and takes the triggered
    messages.

    Steps:
    1. Reusable state Booted. [Make the CSMS trigger MeterValues for the configured connector.] The
       CSMS sends TriggerMessage MeterValues, connectorId 1; the charge point answers Accepted.
    2. MeterValues for the configured connector; the CSMS acknowledges.
    3. [Make the CSMS trigger a Heartbeat.] TriggerMessage Heartbeat, answered Accepted.
    4. Heartbeat; the CSMS answers.
    5. [Make the CSMS trigger a StatusNotification for the configured connector.] TriggerMessage
       StatusNotification, connectorId 1, answered Accepted.
    6. StatusNotification for the configured connector (Available); the CSMS acknowledges.
    7. [Make the CSMS trigger a DiagnosticsStatusNotification.] TriggerMessage
       DiagnosticsStatusNotification, answered Accepted.
    8. DiagnosticsStatusNotification Idle; the CSMS acknowledges.
    9. [Make the CSMS trigger a FirmwareStatusNotification.] TriggerMessage
       FirmwareStatusNotification, answered Accepted.
    10. FirmwareStatusNotification Idle; the CSMS acknowledges.

    Choice: the official table lets the tool answer the last trigger NotImplemented; the
    emulated charge point implements it, so the CSMS also sees the triggered message. Each
    triggered message goes out only after the TriggerMessage.conf (OCPP 1.6 section 5.17); the
    meter value carries context Trigger.
    """
    connector = cp.connector()
    await cp.booted()
    cp.step(f"1. [Make the CSMS trigger MeterValues for connector {connector}]")
    request = await cp.trigger_requested("MeterValues", connector)
    await cp.answered(request)
    cp.step(f"2. MeterValues for connector {connector}")
    await cp.meter_values(connector, context="Trigger")

    cp.step("3. [Make the CSMS trigger a Heartbeat]")
    request = await cp.trigger_requested("Heartbeat")
    await cp.answered(request)
    cp.step("4. Heartbeat")
    _ = (await cp.csms.call("Heartbeat", {})).payload  # a CALLERROR fails the case

    cp.step(f"5. [Make the CSMS trigger a StatusNotification for connector {connector}]")
    request = await cp.trigger_requested("StatusNotification", connector)
    await cp.answered(request)
    cp.step(f"6. StatusNotification Available for connector {connector}")
    _ = (await cp.status(connector, "Available")).payload

    cp.step("7. [Make the CSMS trigger a DiagnosticsStatusNotification]")
    request = await cp.trigger_requested("DiagnosticsStatusNotification")
    await cp.answered(request)
    cp.step("8. DiagnosticsStatusNotification Idle")
    await cp.diagnostics_status("Idle")

    cp.step("9. [Make the CSMS trigger a FirmwareStatusNotification]")
    request = await cp.trigger_requested("FirmwareStatusNotification")
    await cp.answered(request)
    cp.step("10. FirmwareStatusNotification Idle")
    await cp.firmware_status("Idle")
