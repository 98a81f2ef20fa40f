"""The operator vocabulary and interface: every step's instruction, its checked parameters,
its secrets, and the step as JSON for a rig."""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any

import pytest

from octt_py.operator import (
    ACTIONS,
    OperatorAction,
)
from octt_py.pics import SutSide
from octt_py.pics.support import OPERATOR_STEPS

from .common import PLUG

# --- The vocabulary -------------------------------------------------------------------------------

INSTRUCTIONS = [
    ("plug_in", {"connector": 1}, "Plug the cable into connector 1."),
    ("unplug", {"connector": 2},
     "Unplug the cable at connector 2 completely "
     "(from the EV and, if detachable, from the charge point)."),
    ("ev_disconnect", {"connector": 1},
     "Unplug the cable from the EV at connector 1; leave it in the charge point."),
    ("present_id_tag", {"id_tag": "TAG-VALID-1"},
     "Present id tag TAG-VALID-1 at the charge point."),
    ("present_id_tag", {"id_tag": "TAG-VALID-1", "connector": 2},
     "Present id tag TAG-VALID-1 at connector 2."),
    ("press_stop", {"connector": 1}, "Press the stop button for connector 1."),
    ("fault", {"connector": 1}, "Put connector 1 into a fault (error code OtherError)."),
    ("fault", {"connector": 0, "error_code": "GroundFailure"},
     "Put the charge point into a fault (error code GroundFailure)."),
    ("clear_fault", {"connector": 1}, "Clear the fault on connector 1."),
    ("clear_fault", {"connector": 0}, "Clear the fault on the charge point."),
    ("lock_failure", {"connector": 1},
     "Make the next cable lock on connector 1 fail (e.g. insert the plug only halfway)."),
    ("unlock_failure", {"connector": 1},
     "Make the next unlock of connector 1 fail (e.g. block the lock)."),
    ("power_loss", {}, "Cut the charge point's power and keep it off."),
    ("power_restore", {}, "Restore the charge point's power."),
    ("reboot", {}, "Power-cycle the charge point: switch it off, then on again."),
    ("go_offline", {}, "Cut the charge point's network connection to the central system."),
    ("go_online", {}, "Restore the charge point's network connection."),
    ("ev_suspend", {"connector": 1}, "Make the EV at connector 1 stop drawing energy."),
    ("ev_resume", {"connector": 1}, "Make the EV at connector 1 draw energy again."),
    ("local_list_failure", {"enabled": True},
     "Make storing a local authorization list fail on the charge point."),
    ("local_list_failure", {"enabled": False},
     "Let the charge point store local authorization lists again."),
    ("reservation_refusal", {"enabled": True}, "Make the charge point reject reservations."),
    ("reservation_refusal", {"enabled": False}, "Let the charge point accept reservations again."),
    ("trigger_refusal", {"enabled": True}, "Make the charge point reject TriggerMessage requests."),
    ("trigger_refusal", {"enabled": False},
     "Let the charge point accept TriggerMessage requests again."),
    ("firmware_install_failure", {"enabled": True},
     "Make firmware installation fail on the charge point."),
    ("firmware_install_failure", {"enabled": False},
     "Let firmware installation succeed on the charge point again."),
    ("security_profile", {"profile": 2},
     "Configure the charge point locally to connect with security profile 2 (security white "
     "paper), and let it reconnect."),
    ("csms_send",
     {"charge_point_id": "CP001", "action": "RemoteStartTransaction",
      "payload": {"connectorId": 1, "idTag": "TAG"}},
     'Make the CSMS send RemoteStartTransaction to charge point CP001 with '
     '{"connectorId": 1, "idTag": "TAG"}.'),
    ("csms_send", {"charge_point_id": "CP001", "action": "ClearCache"},
     "Make the CSMS send ClearCache to charge point CP001."),
    ("csms_provision_id_tags",
     {"charge_point_ids": ["CP001", "CP002"],
      "id_tags": [{"idTag": "TAG-VALID-1", "idTagInfo": {"status": "Accepted", "parentIdTag": "P"}},
                  {"idTag": "TAG-EXPIRED",
                   "idTagInfo": {"status": "Expired", "expiryDate": "2026-01-01T00:00:00Z"}}],
      "unknown": ["TAG-INVALID"]},
     "Register these id tags in the CSMS (for charge point CP001, CP002): TAG-VALID-1 Accepted, "
     "parent P; "
     "TAG-EXPIRED Expired, expired 2026-01-01T00:00:00Z. Make sure the CSMS does not know "
     "TAG-INVALID."),
    ("csms_provision_id_tags",
     {"charge_point_ids": ["CP001"], "id_tags": [{"idTag": "T", "idTagInfo": {"status": "Blocked"}}]},
     "Register these id tags in the CSMS (for charge point CP001): T Blocked."),
    ("csms_configure",
     {"setting": "id_tag_status", "value": {"id_tag": "TAG-EXPIRED", "status": "Expired"}},
     'Prepare the CSMS: set id_tag_status to {"id_tag": "TAG-EXPIRED", "status": "Expired"}.'),
    ("csms_configure", {"setting": "boot_status", "value": "Pending", "charge_point_id": "CP001"},
     "Prepare the CSMS: set boot_status to Pending for charge point CP001."),
    ("csms_configure", {"setting": "boot_interval", "value": 10},
     "Prepare the CSMS: set boot_interval to 10."),
]  # fmt: skip


@pytest.mark.parametrize(("name", "params", "text"), INSTRUCTIONS)
def test_instruction_text(name: str, params: dict[str, object], text: str) -> None:
    assert OperatorAction(name, params).instruction() == text


def test_every_action_has_its_instruction_tested() -> None:
    assert {name for name, _, _ in INSTRUCTIONS} == set(ACTIONS)


def test_actions_say_whose_device_they_act_on() -> None:
    csms_side = {name for name, spec in ACTIONS.items() if spec.side is SutSide.CSMS}
    assert csms_side == {"csms_send", "csms_provision_id_tags", "csms_configure"}
    assert ACTIONS["present_id_tag"].signature() == "present_id_tag(id_tag, connector=None)"


def test_the_pics_knows_every_step_by_name_and_side() -> None:
    """unsupported.operator_steps is checked against this list when a PICS is read."""
    assert {name: str(spec.side) for name, spec in ACTIONS.items()} == dict(OPERATOR_STEPS)


def test_the_step_as_json_for_a_rig_carries_name_params_and_instruction() -> None:
    step = OperatorAction.of("csms_configure", setting="basic_auth_password", value="hunter22-hunter22")
    assert json.loads(step.as_json()) == {
        "action": "csms_configure",
        "params": {"setting": "basic_auth_password", "value": "hunter22-hunter22", "charge_point_id": None},
        "instruction": "Prepare the CSMS: set basic_auth_password to •••.",
    }


def test_params_are_complete_frozen_plain_json() -> None:
    payload: dict[str, Any] = {"idTag": "TAG", "chargingProfile": MappingProxyType({"n": (1, 2)})}
    action = OperatorAction.of(
        "csms_send", charge_point_id="CP001", action="RemoteStartTransaction", payload=payload
    )
    payload["idTag"] = "CHANGED"
    assert action.params["payload"] == {"idTag": "TAG", "chargingProfile": {"n": [1, 2]}}
    tag = OperatorAction.of("present_id_tag", id_tag="T")
    assert tag.params == {"id_tag": "T", "connector": None}
    assert OperatorAction.of("fault", connector=1).params["error_code"] == "OtherError"
    assert len({PLUG, OperatorAction("plug_in", {"connector": 1})}) == 1
    with pytest.raises(TypeError):
        action.params["charge_point_id"] = "CP002"  # type: ignore[index]


@pytest.mark.parametrize(
    ("name", "params", "problem"),
    [
        ("jump", {}, "unknown operator action 'jump'; known: plug_in, "),
        ("plug_in", {}, "plug_in(connector): missing parameter connector"),
        ("plug_in", {"connector": 1, "side": "left"}, "unexpected parameter(s) side"),
        ("power_loss", {"connector": 1}, "power_loss(): unexpected parameter(s) connector"),
        ("plug_in", {"connector": "1"}, "connector must be an integer, not str"),
        ("plug_in", {"connector": True}, "connector must be an integer, not bool"),
        ("plug_in", {"connector": 0}, "connector must be at least 1"),
        ("present_id_tag", {"id_tag": ""}, "id_tag must not be empty"),
        ("present_id_tag", {"id_tag": None}, "id_tag must be a string, not NoneType"),
        ("fault", {"connector": 1, "error_code": "NoError"}, "error_code must be one of "),
        ("local_list_failure", {"enabled": 1}, "enabled must be true or false, not int"),
        ("csms_send", {"charge_point_id": "CP001", "action": "BootNotification"},
         "action must be one of CancelReservation, "),
        ("csms_send", {"charge_point_id": "CP001", "action": "Reset", "payload": "Hard"},
         "payload must be a JSON object, not str"),
        ("csms_send", {"charge_point_id": "CP", "action": "Reset", "payload": {"x": float("nan")}},
         "parameters are not plain JSON"),
        ("csms_configure", {"setting": "s", "value": object()}, "parameters are not plain JSON"),
    ],
)  # fmt: skip
def test_a_wrong_action_fails_when_it_is_made(
    name: str, params: dict[str, object], problem: str
) -> None:
    with pytest.raises(ValueError) as caught:
        OperatorAction(name, params)
    assert problem in str(caught.value)


def test_params_must_be_a_mapping() -> None:
    with pytest.raises(ValueError, match="params must be a mapping"):
        OperatorAction("plug_in", [("connector", 1)])  # type: ignore[arg-type]


# --- Secrets --------------------------------------------------------------------------------------


def test_secrets_never_reach_the_instruction_or_repr() -> None:
    password = OperatorAction.of("csms_configure", setting="basic_auth_password", value="hunter22")
    assert password.instruction() == "Prepare the CSMS: set basic_auth_password to •••."
    assert "hunter22" not in repr(password)
    assert password.params["value"] == "hunter22"  # the backend still gets it

    key = OperatorAction.of(
        "csms_send",
        charge_point_id="CP001",
        action="ChangeConfiguration",
        payload={"key": "AuthorizationKey", "value": "0011223344556677"},
    )
    assert key.instruction() == (
        "Make the CSMS send ChangeConfiguration to charge point CP001 with "
        '{"key": "AuthorizationKey", "value": "•••"}.'
    )

    member = OperatorAction.of(
        "csms_configure",
        setting="charge_point",
        value={"id": "CP1", "Password": "pw", "authorization_key": "k", "list": [{"password": 1}]},
    )
    assert member.redacted_params()["value"] == {
        "id": "CP1", "Password": "•••", "authorization_key": "•••", "list": [{"password": "•••"}]
    }


def test_a_url_password_never_reaches_the_instruction() -> None:
    location = "ftp://octt:s3cr3t-pw@127.0.0.1:2121/firmware/octt-firmware.bin"
    send = OperatorAction.of(
        "csms_send", charge_point_id="CP001", action="UpdateFirmware",
        payload={"location": location, "retrieveDate": "2026-01-01T00:00:00Z"},
    )
    assert "s3cr3t-pw" not in send.instruction() and "s3cr3t-pw" not in repr(send)
    assert "ftp://octt:•••@127.0.0.1:2121/firmware/octt-firmware.bin" in send.instruction()
    assert send.params["payload"]["location"] == location  # type: ignore[index]  # the rig needs it
