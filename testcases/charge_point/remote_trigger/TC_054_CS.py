"""TC_054_CS — Trigger Message."""

from octt_py.pics import Profile
from octt_py.roles.csms import BACKGROUND, FakeCsms
from octt_py.session import Match, match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_054_CS", "Trigger Message", Profile.REMOTE_TRIGGER)
async def test_TC_054_CS(csms: FakeCsms) -> None:
    """Every message the CSMS can trigger comes when it is asked for.

    Steps:
    1-4. TriggerMessage MeterValues for the configured connector: Accepted; MeterValues for the
         configured connector.
    5-8. TriggerMessage Heartbeat: Accepted; Heartbeat.
    9-12. TriggerMessage StatusNotification for the configured connector: Accepted;
          StatusNotification for
       the configured connector.
    13-16. TriggerMessage DiagnosticsStatusNotification: Accepted and DiagnosticsStatusNotification
       Idle, or NotImplemented (sent "if implemented").
    17-20. TriggerMessage FirmwareStatusNotification: Accepted and FirmwareStatusNotification
       Idle, or NotImplemented (sent "if implemented").
    21-24. TriggerMessage BootNotification: Accepted and BootNotification (answered Accepted), or
       NotImplemented.
    Each triggered message must come within the PICS triggered function timeout of the
    TriggerMessage answer.

    Choice: the official table stops at FirmwareStatusNotification; BootNotification is the one
    MessageTrigger value left (OCPP 1.6 §7.26) and is checked the same way, leniently (Accepted or
    NotImplemented), since the official table does not require it. Idle is the status "when not
    busy" uploading or updating (§5.17). Heartbeat, StatusNotification and MeterValues may also
    come on their own; only ones sent after the TriggerMessage answer count, and a Heartbeat the
    charge point was about to send anyway is accepted as fulfilling the request.
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()

    async def triggered(step: str, request: dict[str, object], wanted: Match, *, optional: bool = False) -> None:
        csms.step(step)
        if wanted.action in BACKGROUND:
            cp.allow(wanted.action)  # earlier ones are history: only a triggered one counts
        status = (await cp.call("TriggerMessage", request)).payload["status"]
        if optional and status == "NotImplemented":
            return
        if status != "Accepted":
            expected = "Accepted or NotImplemented" if optional else "Accepted"
            raise Fail(f"TriggerMessage {request['requestedMessage']} was answered {status}, not {expected}")
        await cp.expect(wanted)

    await triggered(f"1-4. TriggerMessage MeterValues for connector {connector}: Accepted, MeterValues",
                    {"requestedMessage": "MeterValues", "connectorId": connector},
                    match("MeterValues", connectorId=connector))
    await triggered("5-8. TriggerMessage Heartbeat: Accepted, Heartbeat",
                    {"requestedMessage": "Heartbeat"}, match("Heartbeat"))
    await triggered(f"9-12. TriggerMessage StatusNotification for connector {connector}: Accepted, "
                    "StatusNotification",
                    {"requestedMessage": "StatusNotification", "connectorId": connector},
                    match("StatusNotification", connectorId=connector))
    await triggered("13-16. TriggerMessage DiagnosticsStatusNotification: Accepted and Idle, or NotImplemented",
                    {"requestedMessage": "DiagnosticsStatusNotification"},
                    match("DiagnosticsStatusNotification", status="Idle"), optional=True)
    await triggered("17-20. TriggerMessage FirmwareStatusNotification: Accepted and Idle, or NotImplemented",
                    {"requestedMessage": "FirmwareStatusNotification"},
                    match("FirmwareStatusNotification", status="Idle"), optional=True)
    await triggered("21-24. TriggerMessage BootNotification: Accepted and BootNotification, or NotImplemented",
                    {"requestedMessage": "BootNotification"}, match("BootNotification"), optional=True)
