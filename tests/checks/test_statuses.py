"""Connector statuses against the OCPP 1.6 status table."""

from __future__ import annotations

import dataclasses

import pytest

from octt_py.checks import ChargePointChecks
from octt_py.checks.statuses import ALLOWED

from .conftest import Conversation, booted, reference_pics, status


def report(cp: Conversation, connector: int, name: str, t: float, error: str = "NoError") -> None:
    cp.dut("StatusNotification", status(connector, name, t, error), {}, t=t)


def test_the_table_lists_53_transitions() -> None:
    assert sum(len(targets) for targets in ALLOWED.values()) == 53 - 3  # A3-A5 come with the PICS


def test_a_session_through_the_table_has_no_finding(charge_point: Conversation) -> None:
    booted(charge_point)
    for t, name in enumerate(("Preparing", "Charging", "SuspendedEV", "Charging", "Finishing", "Available",
                              "Reserved", "Preparing", "Available", "Unavailable", "Available"), start=1):
        report(charge_point, 1, name, t)
    report(charge_point, 1, "Available", 20)  # the same status again: no transition
    assert charge_point.rules() == []


def test_a_transition_the_table_does_not_list(charge_point: Conversation) -> None:
    booted(charge_point)
    report(charge_point, 1, "Charging", 1)
    report(charge_point, 1, "Preparing", 2)
    assert [f.message for f in charge_point.findings("status.transition")] == [
        ("connector 1 went from Available to Charging (without Preparing first), a change the OCPP 1.6"
        " status table (§4.9) does not list"),
        "connector 1 went from Charging to Preparing, a change the OCPP 1.6 status table (§4.9) does not list",
    ]


def test_without_a_reader_available_may_go_straight_to_charging() -> None:
    pics = reference_pics("charge-point")
    pics = dataclasses.replace(pics, capabilities=dataclasses.replace(pics.capabilities, rfid_readers=0))
    cp = Conversation(lambda sink: ChargePointChecks(pics, sink))
    booted(cp)
    report(cp, 1, "Charging", 1)
    assert cp.rules() == []


def test_the_first_report_on_a_connection_is_not_a_transition(charge_point: Conversation) -> None:
    booted(charge_point)
    report(charge_point, 1, "Preparing", 1)
    charge_point.reconnect(2)
    report(charge_point, 1, "Reserved", 3)  # what happened while offline is not known
    assert charge_point.rules() == []


@pytest.mark.parametrize(("connector", "name", "error", "rule"), [
    (1, "Faulted", "NoError", "status.faulted-no-error"),
    (0, "Charging", "NoError", "status.charge-point-status"),
])
def test_status_contents(charge_point: Conversation, connector: int, name: str, error: str, rule: str) -> None:
    booted(charge_point)
    report(charge_point, connector, name, 1, error)
    assert rule in charge_point.rules()


def test_faulted_with_an_error_code_is_fine(charge_point: Conversation) -> None:
    booted(charge_point)
    report(charge_point, 1, "Faulted", 1, "GroundFailure")
    report(charge_point, 0, "Faulted", 2, "OtherError")
    assert charge_point.rules() == []
