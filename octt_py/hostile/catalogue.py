"""The hostile-DUT catalogue: every way a DUT of either side has been seen (or can be made) to
misbehave, each with the verdict the harness owes it, the reason it must give and its bound.

Charge points meet TC_021_CS (ClearCache before the case, then GetConfiguration, the hook most
of them misbehave at, then ChangeConfiguration); central systems meet TC_001_CSMS
(BootNotification, the hook most of them misbehave at, StatusNotification, Heartbeat). Bounds
are the PICS timeouts the reason names; ``Expect.problems`` adds the stated slack.
"""

from __future__ import annotations

import http
from collections.abc import Callable
from functools import partial
from typing import Any

from octt_py.hostile import charge_point as cp
from octt_py.hostile import csms
from octt_py.hostile.behaviour import Behaviour, Expect, expect
from octt_py.hostile.dut import CHARGE_POINT_ID, PASSWORD, HostileDut, nested
from octt_py.pics import SutSide, Timing
from octt_py.verdict import Verdict

FAIL, INCONCLUSIVE, PASS = Verdict.FAIL, Verdict.INCONCLUSIVE, Verdict.PASS
MIB = 1 << 20


def response(t: Timing) -> float:
    """One CALL of the harness's that goes unanswered."""
    return t.ocpp_response_timeout


def reboot(t: Timing) -> float:
    """A charge point that never gets (back) to booted, or a CSMS that never opens."""
    return t.reboot_timeout


def quick(t: Timing) -> float:
    """A verdict that needs no wait at all: the DUT said it (a second for the case around it)."""
    return 1.0


def _cp(name: str, summary: str, dut: Callable[[], HostileDut], *expected: Expect, case: str = "TC_021_CS",
        **options: Any) -> Behaviour:
    """A hostile charge point meeting one case (TC_021_CS unless given)."""
    return Behaviour(name, SutSide.CHARGE_POINT, summary, dut, (case,) * len(expected), expected, **options)


def _csms(name: str, summary: str, dut: Callable[[], HostileDut], *expected: Expect, case: str = "TC_001_CSMS",
          **options: Any) -> Behaviour:
    """A hostile CSMS meeting one case (TC_001_CSMS unless given)."""
    return Behaviour(name, SutSide.CSMS, summary, dut, (case,) * len(expected), expected, **options)


def _reply(payload: str) -> str:
    return "[3,\"{id}\"," + payload + "]"


CHARGE_POINTS: tuple[Behaviour, ...] = (
    _cp("cp-deep-nesting", "a DataTransfer 500 arrays deep before the reply",
        lambda: cp.Before(lambda _: [nested(500)]),
        expect(FAIL, reason=r"frame nested 502 deep exceeds the harness limit of 64", bound=quick)),
    _cp("cp-30000-brackets", "a frame of 30,000 '[' before the reply",
        lambda: cp.Before(lambda _: ["[" * 30_000]),
        expect(FAIL, reason=r"framing nonconformance", bound=quick)),
    _cp("cp-oversize-frame", "a text frame of 1 MiB + 1 byte instead of the reply",
        lambda: cp.Replies("x" * (MIB + 1)),
        expect(FAIL, reason=r"frame of 1,048,577 bytes exceeds the harness limit of 1 MiB", bound=response)),
    _cp("cp-frame-over-a-lowered-limit", "a 5,000-byte DataTransfer where the PICS allows 4,096 bytes",
        lambda: cp.Before(lambda dut: [dut.calls.call("DataTransfer", {"vendorId": "x", "data": "d" * 5000})]),
        expect(FAIL, reason=r"frame of 5,0\d\d bytes exceeds the harness limit of 4,096 bytes", bound=response),
        connection={"max_frame_size": 4096}),
    _cp("cp-invalid-utf8", "a text frame that is not UTF-8 instead of the reply",
        lambda: cp.Replies(b'[3,"x",{"a":"\xff\xfe"}]', text=True),
        expect(FAIL, reason=r"invalid UTF-8 in a text frame \(RFC 6455 §8.1\)", bound=response)),
    _cp("cp-call-flood", "2,000 unsolicited Authorize CALLs before the reply",
        lambda: cp.Before(lambda dut: [dut.calls.call("Authorize", {"idTag": "FLOOD"}) for _ in range(2000)]),
        expect(FAIL, reason=r"CALLs the case does not allow: Authorize ×2000;", bound=response)),
    _cp("cp-stops-reading", "floods Heartbeats after ClearCache, then reads nothing",
        cp.FloodsAndStopsReading,
        expect(FAIL, reason=r"GetConfiguration within 1.5 s", bound=response)),
    _cp("cp-silent", "connects and never says anything", cp.Silent,
        expect(INCONCLUSIVE, reason=r"DUT unreachable: an accepted BootNotification did not happen within 2 s",
               bound=reboot)),
    _cp("cp-reset", "resets the TCP connection instead of replying", cp.Resets,
        expect(FAIL, reason=r"closed the connection before replying to GetConfiguration \(connection dropped",
               bound=quick)),
    *(
        _cp(f"cp-close-{code}-preparing", f"closes with {code} on the preparation ClearCache",
            partial(cp.Closes, code, why, on="ClearCache"),
            expect(INCONCLUSIVE, reason=rf"before the case: .*close code {code} \({why}\)", bound=quick))
        for code, why in ((1002, "protocol error"), (1011, "Failed to subscribe to message broker"),
                          (4000, "vendor says no"))
    ),
    _cp("cp-close-1011-in-case", "closes with 1011 instead of replying",
        lambda: cp.Closes(1011, "Failed to subscribe to message broker"),
        expect(FAIL, reason=r"before replying to GetConfiguration \(close code 1011 \(Failed to subscribe",
               bound=quick)),
    _cp("cp-late-reply", "answers GetConfiguration 2.5 s late", lambda: cp.Late(2.5),
        expect(FAIL, reason=r"no reply to GetConfiguration within 1.5 s", bound=response)),
    _cp("cp-wedged", "stays connected and stops answering", cp.Wedged,
        expect(FAIL, reason=r"no reply to GetConfiguration within 1.5 s", bound=response)),
    _cp("cp-subprotocol-ocpp201", "offers only ocpp2.0.1", lambda: cp.Identity(subprotocols=("ocpp2.0.1",)),
        expect(FAIL, reason=r"connected without offering the ocpp1\.6 subprotocol", bound=quick)),
    _cp("cp-no-subprotocol", "offers no subprotocol", lambda: cp.Identity(subprotocols=()),
        expect(FAIL, reason=r"connected without offering the ocpp1\.6 subprotocol", bound=quick)),
    _cp("cp-wrong-password", "connects with the wrong Basic-auth password",
        lambda: cp.Identity(password="not-" + PASSWORD),
        expect(INCONCLUSIVE, reason=r"refused \d+ handshake\(s\): missing or wrong Basic-auth credentials",
               bound=reboot)),
    _cp("cp-wrong-identity", "connects under another charge point id",
        lambda: cp.Identity(identity=CHARGE_POINT_ID + "X"),
        expect(INCONCLUSIVE, reason=r"refused \d+ handshake\(s\): unexpected path '/ocpp/HOSTILE01X'",
               bound=reboot)),
    _cp("cp-handshake-never-ends", "opens TCP, never sends the upgrade request", cp.RawTcp,
        expect(INCONCLUSIVE, reason=r"DUT unreachable: the DUT did not connect within 2 s .*; 1 TCP connection\(s\) open "
                                     r"without a completed websocket handshake", bound=reboot)),
    _cp("cp-slowloris", "sends the upgrade request a byte every 0.2 s", lambda: cp.RawTcp(drip=0.2),
        expect(INCONCLUSIVE, reason=r"DUT unreachable: the DUT did not connect within 2 s .*; 1 TCP connection\(s\) open "
                                     r"without a completed websocket handshake", bound=reboot)),
    _cp("cp-password-in-key", "echoes its password back as an over-long configuration key",
        lambda: cp.Replies(_reply('{"configurationKey":[{"key":"' + PASSWORD * 3 + '","readonly":false}]}')),
        expect(FAIL, reason=r"GetConfiguration breaks the OCPP 1.6 schema", bound=quick)),
    _cp("cp-password-in-datatransfer", "echoes its password back in a DataTransfer",
        lambda: cp.Before(lambda dut: [dut.calls.call("DataTransfer", {"vendorId": "x", "data": PASSWORD})]),
        expect(PASS, reason=r"all steps passed", bound=quick)),
    _cp("cp-huge-vendor", "boots with a 900 KB chargePointVendor", cp.HugeVendor,
        expect(FAIL, reason=r"BootNotification request /chargePointVendor: maxLength", bound=reboot)),
    _cp("cp-nan", "a NaN configuration value", lambda: cp.Replies(
        _reply('{"configurationKey":[{"key":"MeterValueSampleInterval","readonly":false,"value":NaN}]}')),
        expect(FAIL, reason=r"/configurationKey/0/value: type: nan is not of type 'string'", bound=quick)),
    _cp("cp-not-a-list", "configurationKey is not a list",
        lambda: cp.Replies(_reply('{"configurationKey":"not-a-list"}')),
        expect(FAIL, reason=r"GetConfiguration breaks the OCPP 1.6 schema", bound=quick)),
    _cp("cp-integer-value", "a configuration value that is a number, not a string",
        lambda: cp.Replies(_reply('{"configurationKey":[{"key":"MeterValueSampleInterval","readonly":false,'
                                  '"value":1}]}')),
        expect(FAIL, reason=r"GetConfiguration breaks the OCPP 1.6 schema", bound=quick)),
    _cp("cp-empty-reply", "an empty GetConfiguration.conf", lambda: cp.Replies(_reply("{}")),
        expect(FAIL, reason=r"GetConfiguration did not return MeterValueSampleInterval", bound=quick)),
    _cp("cp-callerror-everything", "answers every CALL with CALLERROR", cp.ErrorsToEverything,
        expect(INCONCLUSIVE, reason=r"before the case: ClearCache answered with CALLERROR InternalError",
               bound=quick)),
    _cp("cp-callerror", "answers GetConfiguration with CALLERROR",
        lambda: cp.Replies('[4,"{id}","InternalError","boom",{}]'),
        expect(FAIL, reason=r"GetConfiguration answered with CALLERROR InternalError", bound=quick)),
    _cp("cp-wrong-unique-id", "replies under another unique id",
        lambda: cp.Replies(_reply('{"configurationKey":[]}').replace("{id}", "not-the-id")),
        expect(FAIL, reason=r"no reply to GetConfiguration within 1.5 s; before that, discipline nonconformance: "
                            r"reply to unique id 'not-the-id', which matches no CALL", bound=response)),
    _cp("cp-duplicate-reply", "replies twice",
        lambda: cp.Replies(*[_reply('{"configurationKey":[{"key":"MeterValueSampleInterval",'
                                    '"readonly":false,"value":"1"}]}')] * 2),
        expect(FAIL, reason=r"second reply to CALL '[^']+', which was already answered", bound=quick)),
    _cp("cp-binary-frame", "replies in a binary frame",
        lambda: cp.Replies(_reply('{"configurationKey":[]}').encode(), text=False),
        expect(FAIL, reason=r"binary websocket frame; OCPP-J uses text frames only", bound=response)),
    _cp("cp-ping-flood", "pings the harness every millisecond", cp.PingFlood,
        expect(PASS, reason=r"all steps passed", bound=quick)),
    _cp("cp-not-an-array", "a reply that is a JSON object, not an array", lambda: cp.Replies('{"a":1}'),
        expect(FAIL, reason=r"not an OCPP-J array: object", bound=response)),
    _cp("cp-bad-message-type", "a frame of message type 7", lambda: cp.Replies('[7,"{id}",{}]'),
        expect(FAIL, reason=r"unknown MessageTypeId 7", bound=response)),
    _cp("cp-unsolicited-result", "a CALLRESULT for a CALL never sent, then the reply",
        lambda: cp.Before(lambda _: ['[3,"never-sent",{}]']),
        expect(FAIL, reason=r"reply to unique id 'never-sent', which matches no CALL the harness sent", bound=quick)),
    _cp("cp-long-unique-id", "a CALL with a 100-character unique id",
        lambda: cp.Before(lambda dut: [dut.calls.call("Heartbeat", {}, unique_id="u" * 100)]),
        expect(FAIL, reason=r"UniqueId longer than 36 characters", bound=quick)),
    _cp("cp-reset-preparing", "resets the TCP connection on the preparation ClearCache",
        partial(cp.Resets, on="ClearCache"),
        expect(INCONCLUSIVE, reason=r"before the case: the DUT closed the connection before replying to ClearCache "
                                    r"\(connection dropped without a close frame\)", bound=quick)),
    Behaviour("cp-late-reply-in-next-case", SutSide.CHARGE_POINT,
              "the reply to the preparation ClearCache comes in the next case: its own case's finding",
              cp.HoldsReply, ("TC_021_CS", "TC_040_1_CS"), (
                  expect(INCONCLUSIVE, reason=r"before the case: no reply to ClearCache within 1.5 s", bound=response),
                  expect(PASS, reason=r"all steps passed", bound=quick)), amends="TC_021_CS"),
    _cp("cp-stays-faulted", "connector 1 Faulted (GroundFailure) after every boot, never recovers", cp.StaysFaulted,
        expect(INCONCLUSIVE, reason=r"DUT not idle: connector 1 Faulted", bound=lambda t: 2 * t.ocpp_response_timeout)),
    _cp("cp-oversize-boot", "boots first with a 10 MB BootNotification, before any case", cp.OversizeBoot,
        expect(FAIL, reason=r"frame of 10,000,\d+ bytes exceeds the harness limit of 1 MiB", bound=reboot)),
    Behaviour("cp-wedged-then-next-case", SutSide.CHARGE_POINT, "stops answering; the next case is inconclusive",
              cp.Wedged, ("TC_021_CS", "TC_040_1_CS"), (
                  expect(FAIL, reason=r"no reply to GetConfiguration within 1.5 s", bound=response),
                  expect(INCONCLUSIVE, reason=r"DUT wedged since TC_021_CS: connected, no reply to "
                                              r"GetConfiguration in 1.5 s", bound=response))),
    Behaviour("cp-late-reply-amends", SutSide.CHARGE_POINT,
              "a reply 2.5 s late, after the last case: its own case's finding, in a closing record",
              lambda: cp.Late(2.5), ("TC_021_CS", "TC_040_1_CS"), (
                  expect(FAIL, reason=r"no reply to GetConfiguration within 1.5 s", bound=response),
                  expect(PASS, reason=r"all steps passed", bound=quick)), amends="TC_021_CS", linger_s=1.5),
    _cp("cp-reconnect-storm", "drops and reopens the connection every 0.1 s", cp.ReconnectStorm,
        expect(FAIL, INCONCLUSIVE, reason=r"(closed the connection|is not connected).*\(close code 1000\)",
               bound=quick)),
)

CENTRAL_SYSTEMS: tuple[Behaviour, ...] = (
    _csms("csms-silent", "opens the websocket, never answers", csms.Silent,
          expect(FAIL, reason=r"no reply to BootNotification within 1.5 s", bound=response)),
    _csms("csms-handshake-never-ends", "accepts TCP, never answers the upgrade", csms.RawServer,
          expect(INCONCLUSIVE, reason=r"no websocket handshake within 2 s", bound=reboot)),
    _csms("csms-not-http", "answers the upgrade with garbage", lambda: csms.RawServer(b"SSH-2.0-OpenSSH\r\n\r\n"),
          expect(INCONCLUSIVE, reason=r"DUT unreachable: cannot connect to .*: did not receive a valid HTTP response", bound=quick)),
    _csms("csms-reset-on-accept", "resets every TCP connection", lambda: csms.RawServer(reset=True),
          expect(INCONCLUSIVE, reason=r"DUT unreachable", bound=quick)),
    _csms("csms-subprotocol-ocpp201", "selects ocpp2.0.1", lambda: csms.Selects("ocpp2.0.1"),
          expect(FAIL, reason=r"subprotocol.*ocpp2\.0\.1", bound=quick)),
    _csms("csms-no-subprotocol", "selects no subprotocol", lambda: csms.Selects(None),
          expect(FAIL, reason=r"did not accept the ocpp1.6 subprotocol", bound=quick)),
    _csms("csms-401", "refuses the upgrade with 401", lambda: csms.Refuses(http.HTTPStatus.UNAUTHORIZED),
          expect(INCONCLUSIVE, reason=r"DUT unreachable: .*401", bound=quick)),
    _csms("csms-404", "refuses the upgrade with 404", lambda: csms.Refuses(http.HTTPStatus.NOT_FOUND),
          expect(INCONCLUSIVE, reason=r"DUT unreachable: .*404", bound=quick)),
    _csms("csms-late-reply", "answers BootNotification 2.5 s late", lambda: csms.Late(2.5),
          expect(FAIL, reason=r"no reply to BootNotification within 1.5 s", bound=response)),
    *(
        _csms(f"csms-close-{code}", f"closes with {code} instead of answering the boot",
              partial(csms.Closes, code, why),
              expect(FAIL, reason=rf"close code {code} \({why}\)", bound=quick))
        for code, why in ((1002, "protocol error"), (1011, "Failed to subscribe to message broker"),
                          (4000, "vendor says no"))
    ),
    _csms("csms-reset", "resets TCP instead of answering the boot", csms.Resets,
          expect(FAIL, reason=r"connection dropped without a close frame", bound=quick)),
    _csms("csms-stops-reading", "floods CALLs after the boot, then reads nothing", csms.FloodsAndStopsReading,
          expect(FAIL, reason=r"StatusNotification within 1.5 s", bound=response)),
    _csms("csms-oversize-frame", "a text frame of 1 MiB + 1 byte instead of the boot reply",
          lambda: csms.Answers("x" * (MIB + 1)),
          expect(FAIL, reason=r"frame of 1,048,577 bytes exceeds the harness limit of 1 MiB", bound=quick)),
    _csms("csms-invalid-utf8", "a text frame that is not UTF-8 instead of the boot reply",
          lambda: csms.Answers(b'[3,"x",{"a":"\xff\xfe"}]', text=True),
          expect(FAIL, reason=r"invalid UTF-8 in a text frame \(RFC 6455 §8.1\)", bound=quick)),
    _csms("csms-deep-nesting", "a boot reply 1,000 arrays deep",
          lambda: csms.Answers(_reply('{"status":"Accepted","x":' + "[" * 1000 + "]" * 1000 + "}")),
          expect(FAIL, reason=r"frame nested 1002 deep exceeds the harness limit of 64", bound=response)),
    _csms("csms-nan-interval", "a boot reply whose interval is NaN",
          lambda: csms.Answers(_reply('{"status":"Accepted","currentTime":"2026-01-01T00:00:00Z","interval":NaN}')),
          expect(FAIL, reason=r"BootNotification response /interval: type: nan is not of type 'integer'", bound=quick)),
    _csms("csms-wrong-types", "a boot reply with a string interval and a bad currentTime",
          lambda: csms.Replies({"status": "Accepted", "currentTime": "yesterday", "interval": "60"}),
          expect(FAIL, reason=r"BootNotification breaks the OCPP 1.6 schema", bound=quick)),
    _csms("csms-rejected", "rejects the boot", lambda: csms.Replies(
        {"status": "Rejected", "currentTime": "2026-01-01T00:00:00Z", "interval": 1}),
          expect(FAIL, reason=r"answered BootNotification with status 'Rejected', not Accepted", bound=quick)),
    _csms("csms-callerror-everything", "answers every CALL with CALLERROR",
          lambda: csms.Answers('[4,"{id}","InternalError","no",{}]'),
          expect(FAIL, reason=r"BootNotification answered with CALLERROR InternalError", bound=quick)),
    _csms("csms-wrong-unique-id", "answers the boot under another unique id",
          lambda: csms.Answers('[3,"not-the-id",{"status":"Accepted","currentTime":"2026-01-01T00:00:00Z",'
                               '"interval":1}]'),
          expect(FAIL, reason=r"reply to unique id 'not-the-id', which matches no CALL", bound=response)),
    _csms("csms-duplicate-reply", "answers the heartbeat twice",
          lambda: csms.Answers(*[_reply('{"currentTime":"2026-01-01T00:00:00Z"}')] * 2, on="Heartbeat"),
          expect(FAIL, reason=r"second reply to CALL '[^']+', which was already answered", bound=quick)),
    _csms("csms-binary-frame", "answers the boot in a binary frame",
          lambda: csms.Answers(_reply('{"status":"Accepted","currentTime":"2026-01-01T00:00:00Z","interval":1}')
                               .encode(), text=False),
          expect(FAIL, reason=r"binary websocket frame; OCPP-J uses text frames only", bound=response)),
    Behaviour("csms-silent-then-next-case", SutSide.CSMS, "answers nothing; the next case is inconclusive",
              csms.Silent, ("TC_001_CSMS", "TC_003_CSMS"), (
                  expect(FAIL, reason=r"no reply to BootNotification within 1.5 s", bound=response),
                  expect(INCONCLUSIVE, reason=r"DUT wedged since TC_001_CSMS: accepts the websocket, no reply to "
                                              r"BootNotification in 1.5 s", bound=response))),
    Behaviour("csms-dies", SutSide.CSMS, "closes with 1011 on the first Heartbeat and stops listening",
              csms.Dies, ("TC_001_CSMS", "TC_003_CSMS"), (
                  expect(FAIL, reason=r"before replying to Heartbeat \(close code 1011 \(Failed to subscribe", bound=quick),
                  expect(INCONCLUSIVE, reason=r"DUT unreachable: cannot connect to .*Connect call failed",
                         bound=quick))),
    _csms("csms-never-closes", "never answers the closing handshake after the last step", csms.NeverCloses,
          expect(PASS, reason=r"all steps passed", bound=response)),
    _csms("csms-authorize-wrong-type", "answers Authorize with idTagInfo as a string",
          lambda: csms.Replies({"idTagInfo": "Accepted"}, on="Authorize"),
          expect(FAIL, reason=r"the reply to Authorize breaks the OCPP 1.6 schema", bound=quick), case="TC_003_CSMS"),
    _csms("csms-transaction-id-string", "answers StartTransaction with a string transactionId",
          lambda: csms.Replies({"transactionId": "abc", "idTagInfo": {"status": "Accepted"}}, on="StartTransaction"),
          expect(FAIL, reason=r"the reply to StartTransaction breaks the OCPP 1.6 schema", bound=quick),
          case="TC_003_CSMS"),
    _csms("csms-boot-pending", "answers every BootNotification Pending",
          lambda: csms.Replies({"status": "Pending", "currentTime": "2026-01-01T00:00:00Z", "interval": 1}),
          expect(FAIL, reason=r"answered BootNotification with status 'Pending', not Accepted", bound=quick)),
    _csms("csms-unknown-action", "sends a CALL of an action OCPP 1.6 does not have, then behaves",
          lambda: csms.CallsFirst('[2,"odd","FlyToTheMoon",{}]'),
          expect(FAIL, reason=r"the DUT sent FlyToTheMoon, which OCPP 1.6 does not define", bound=quick)),
    _csms("csms-ping-flood", "pings the charge point every millisecond", csms.PingFlood,
          expect(PASS, reason=r"all steps passed", bound=quick)),
    _csms("csms-password-echo", "echoes the charge point's password in a CALL and a CALLERROR",
          lambda: csms.Answers('[2,"echo","DataTransfer",{"vendorId":"x","data":"{password}"}]',
                               '[4,"{id}","GenericError","{password}",{}]'),
          expect(FAIL, reason=r"BootNotification answered with CALLERROR GenericError \('•••'\)", bound=quick)),
    _csms("csms-huge-string", "a 900 KB vendor id in a DataTransfer to the charge point",
          lambda: csms.CallsFirst('[2,"big","DataTransfer",{"vendorId":"' + "v" * 900_000 + '"}]'),
          expect(FAIL, reason=r"DataTransfer request /vendorId: maxLength: .* is too long \(max 255\)", bound=quick)),
)

CATALOGUE: tuple[Behaviour, ...] = CHARGE_POINTS + CENTRAL_SYSTEMS
