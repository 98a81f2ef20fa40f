"""The charge point the harness emulates towards a CSMS under test, as the PICS describes it."""

from __future__ import annotations

from octt_py.ocppj.frames import Call
from octt_py.operator import PromptOperator
from octt_py.pics import parse_pics
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.session import IncomingCall
from octt_py.validation import default_schemas

CSMS_PICS = '[dut]\nside = "csms"\nvendor = "V"\nmodel = "M"\n\n[profiles]\nreservation = true\n'


def _answer(cp: FakeChargePoint, action: str, payload: dict[str, object]) -> dict[str, object]:
    incoming = IncomingCall(Call("1", action, payload), 0, 0)
    return cp._default_responders()[action](incoming)  # type: ignore[no-any-return]


def test_an_empty_configuration_gives_a_working_default_for_the_declared_profiles() -> None:
    """Issue 14: with [configuration] empty every ChangeConfiguration was answered NotSupported."""
    cp = FakeChargePoint(parse_pics(CSMS_PICS), default_schemas(), PromptOperator(interactive=False))
    change = {"key": "MeterValueSampleInterval", "value": "15"}
    assert _answer(cp, "ChangeConfiguration", change) == {"status": "Accepted"}
    keys = {k["key"]: k for k in _answer(cp, "GetConfiguration", {})["configurationKey"]}  # type: ignore[union-attr]
    assert keys["MeterValueSampleInterval"] == {"key": "MeterValueSampleInterval", "readonly": False, "value": "15"}
    assert keys["SupportedFeatureProfiles"]["value"] == "Core,Reservation"
    assert keys["NumberOfConnectors"] == {"key": "NumberOfConnectors", "readonly": True, "value": "1"}
    assert "LocalAuthListEnabled" not in keys  # not a declared profile
    assert _answer(cp, "ChangeConfiguration", {"key": "NumberOfConnectors", "value": "3"}) == {"status": "Rejected"}


def test_a_declared_configuration_is_reported_as_declared() -> None:
    pics = parse_pics(CSMS_PICS + '\n[configuration]\nHeartbeatInterval = "30"\n')
    cp = FakeChargePoint(pics, default_schemas(), PromptOperator(interactive=False))
    assert _answer(cp, "GetConfiguration", {}) == {
        "configurationKey": [{"key": "HeartbeatInterval", "readonly": False, "value": "30"}]
    }
