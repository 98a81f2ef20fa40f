"""A DUT or rig that supports part of a profile: what the PICS's [unsupported] section declares,
and what an operator backend says it cannot do, make the cases that need it not applicable with
the reason -- never a timeout, never a fail. Run against the reference DUTs, both sides."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from octt_py.campaign import Campaign, reference_pics
from octt_py.operator import Operator, OperatorAction, OperatorError, OperatorOutcome, StepNotSupported
from octt_py.pics import SutSide
from octt_py.pics.support import Unsupported
from octt_py.testcase import discover
from octt_py.verdict import Verdict

CASES = {case.case_id: case for case in discover()}


class Watching:
    """Passes steps on to the reference DUT, noting each; refuses the ones it is told to."""

    def __init__(self, inner: Operator, cannot: dict[str, type[OperatorError]]) -> None:
        self.inner, self.cannot, self.asked = inner, cannot, []  # type: ignore[var-annotated]

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        self.asked.append(action.name if action.name != "csms_send" else action.params["action"])
        if action.name in self.cannot:
            raise self.cannot[action.name](action.name, "no such input on this rig")
        return await self.inner.perform(action, timeout)


@pytest.fixture
def run_with() -> Iterator[object]:
    campaigns: list[Campaign] = []

    def run(side: SutSide, case_id: str, unsupported: Unsupported = Unsupported(),
            cannot: dict[str, type[OperatorError]] | None = None) -> tuple[Verdict, str, list[str]]:
        pics = dataclasses.replace(reference_pics(side), unsupported=unsupported)
        campaign = Campaign(pics=[pics], reference=[side])
        campaigns.append(campaign)
        role = campaign.harness(side).role
        watching = Watching(role.operator, cannot or {})
        role.operator = watching
        result = campaign.run(CASES[case_id])
        return result.verdict, result.reason, watching.asked

    yield run
    for campaign in campaigns:
        campaign.close()


def test_a_csms_that_cannot_send_a_call_is_not_applicable_without_asking(run_with) -> None:  # type: ignore[no-untyped-def]
    declared = Unsupported(actions=("GetCompositeSchedule", "Reset:Soft"))
    verdict, reason, asked = run_with(SutSide.CSMS, "TC_066_CSMS", declared)
    assert (verdict, reason) == (
        Verdict.NOT_APPLICABLE,
        "the PICS declares that the CSMS cannot send GetCompositeSchedule (unsupported.actions)",
    )
    assert "GetCompositeSchedule" not in asked
    assert run_with(SutSide.CSMS, "TC_014_CSMS", declared)[:2] == (
        Verdict.NOT_APPLICABLE,
        "the PICS declares that the CSMS cannot send Reset:Soft (unsupported.actions)",
    )
    assert run_with(SutSide.CSMS, "TC_013_CSMS", declared)[0] is Verdict.PASS  # Hard still works


def test_a_call_ruled_out_mid_case_stops_it_at_that_step(run_with) -> None:  # type: ignore[no-untyped-def]
    """No static needs(...) on TC_054_CSMS: csms_sends finds the declaration by itself."""
    verdict, reason, asked = run_with(
        SutSide.CSMS, "TC_054_CSMS", Unsupported(actions=("TriggerMessage:StatusNotification",))
    )
    assert (verdict, reason) == (
        Verdict.NOT_APPLICABLE,
        "the PICS declares that the CSMS cannot send TriggerMessage:StatusNotification "
        "(unsupported.actions)",
    )
    assert "TriggerMessage" in asked  # the earlier triggers of the case were asked for


def test_a_charge_point_call_it_does_not_implement_is_not_applicable(run_with) -> None:  # type: ignore[no-untyped-def]
    assert run_with(SutSide.CHARGE_POINT, "TC_017_1_CS", Unsupported(actions=("UnlockConnector",)))[:2] == (
        Verdict.NOT_APPLICABLE,
        "the PICS declares that the charge point does not implement UnlockConnector "
        "(unsupported.actions)",
    )
    assert run_with(
        SutSide.CHARGE_POINT, "TC_066_CS", Unsupported(actions=("GetCompositeSchedule",))
    )[:2] == (
        Verdict.NOT_APPLICABLE,
        "the PICS declares that the charge point does not implement GetCompositeSchedule "
        "(unsupported.actions)",
    )


def test_a_step_the_rig_cannot_do_is_not_applicable_and_never_asked(run_with) -> None:  # type: ignore[no-untyped-def]
    # TC_003_CS runs on connector 2 of the two-connector reference PICS (Role.connector's rotation).
    verdict, reason, asked = run_with(
        SutSide.CHARGE_POINT, "TC_003_CS", Unsupported(operator_steps=("present_id_tag",))
    )
    assert (verdict, reason) == (
        Verdict.NOT_APPLICABLE,
        "the PICS declares that the rig cannot do present_id_tag (Present id tag TAG-VALID-1 at "
        "connector 2) (unsupported.operator_steps)",
    )
    assert asked[0] == "plug_in" and "present_id_tag" not in asked  # the declared one never asked
    static = run_with(SutSide.CHARGE_POINT, "TC_041_CS", Unsupported(operator_steps=("fault",)))
    assert static[:2] == (
        Verdict.NOT_APPLICABLE,
        "the PICS declares that the rig cannot do fault (unsupported.operator_steps)",
    )
    assert static[2] == []


def test_a_backend_that_says_it_cannot_gives_not_applicable_one_that_failed_inconclusive(
    run_with,  # type: ignore[no-untyped-def]
) -> None:
    cannot = run_with(SutSide.CHARGE_POINT, "TC_003_CS", cannot={"plug_in": StepNotSupported})
    assert cannot[:2] == (
        Verdict.NOT_APPLICABLE,
        "the rig cannot do this step: Plug the cable into connector 2. (no such input on this rig)",
    )
    failed = run_with(SutSide.CHARGE_POINT, "TC_003_CS", cannot={"plug_in": OperatorError})
    assert failed[:2] == (
        Verdict.INCONCLUSIVE,
        "operator step not done: Plug the cable into connector 2. (operator step 'plug_in' not "
        "done: no such input on this rig)",
    )
