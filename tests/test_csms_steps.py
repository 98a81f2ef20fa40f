"""What the _CSMS cases ask the operator to make a CSMS do, recorded on the reference CSMS.

A lab drives its CSMS by hand or by script from these steps, so each ``csms_send`` must carry
the complete request the CSMS is expected to produce -- valid against the OCPP schema, with the
running transaction's id, full local-list entries and a location that really serves files --
and docs/your-device.md must list the steps each case uses.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from octt_py.campaign import Campaign
from octt_py.operator import Operator, OperatorAction, OperatorOutcome
from octt_py.pics import SutSide
from octt_py.pics.support import QUALIFIERS
from octt_py.testcase import discover
from octt_py.validation import Kind, default_schemas
from octt_py.verdict import Verdict

CSMS_CASES = [case for case in discover() if case.sut is SutSide.CSMS]
GUIDE = Path(__file__).resolve().parents[1] / "docs" / "your-device.md"


class Recording:
    """Hands each step on to the reference CSMS's control API and notes it under its case."""

    def __init__(self, inner: Operator) -> None:
        self.inner = inner
        self.case = ""
        self.steps: dict[str, list[OperatorAction]] = defaultdict(list)

    async def perform(self, action: OperatorAction, timeout: float) -> OperatorOutcome:
        self.steps[self.case].append(action)
        return await self.inner.perform(action, timeout)


@pytest.fixture(scope="module")
def recorded() -> dict[str, list[OperatorAction]]:
    campaign = Campaign(reference=[SutSide.CSMS])
    try:
        role = campaign.harness(SutSide.CSMS).role
        recording = Recording(role.operator)
        role.operator = recording
        verdicts = {}
        for case in CSMS_CASES:
            recording.case = case.case_id
            result = campaign.run(case)
            verdicts[case.case_id] = (result.verdict, result.reason)
    finally:
        campaign.close()
    assert {c: v for c, v in verdicts.items() if v[0] is not Verdict.PASS} == {}
    return recording.steps


def _spelling(action: OperatorAction) -> str:
    """The CALL as unsupported.actions spells it: "Reset:Hard", "SetChargingProfile:TxProfile"."""
    name, payload = str(action.params["action"]), action.params["payload"]
    if name not in QUALIFIERS:
        return name
    value: Any = payload
    for key in QUALIFIERS[name][0]:
        value = value.get(key) if isinstance(value, dict) else None
    return f"{name}:{value}"


def step_table(recorded: dict[str, list[OperatorAction]]) -> str:
    """The Markdown table of docs/your-device.md: each _CSMS case and its manual steps."""
    lines = ["| case | manual steps, in order |", "|---|---|"]
    for case in CSMS_CASES:
        names: list[str] = []
        for action in recorded.get(case.case_id, []):
            if action.name == "csms_provision_id_tags":
                continue  # asked once, before the first case; the guide says so
            name = f"`csms_send {_spelling(action)}`" if action.name == "csms_send" else f"`{action.name}`"
            if name not in names:
                names.append(name)
        lines.append(f"| {case.case_id} | {', '.join(names) or '—'} |")
    return "\n".join(lines) + "\n"


def test_every_csms_send_carries_a_complete_schema_valid_request(
    recorded: dict[str, list[OperatorAction]],
) -> None:
    schemas = default_schemas()
    sends = [(case, a) for case, actions in recorded.items() for a in actions if a.name == "csms_send"]
    assert len(sends) >= len(CSMS_CASES) - 10  # nearly every _CSMS case makes the CSMS send something
    problems = {
        f"{case} {a.params['action']}": [str(v) for v in schemas.validate(
            str(a.params["action"]), Kind.REQUEST, dict(a.params["payload"]))]  # type: ignore[arg-type]
        for case, a in sends
    }
    assert {k: v for k, v in problems.items() if v} == {}


def _payloads(recorded: dict[str, list[OperatorAction]], action: str) -> list[dict[str, Any]]:
    return [
        dict(a.params["payload"])  # type: ignore[call-overload]
        for actions in recorded.values() for a in actions
        if a.name == "csms_send" and a.params["action"] == action
    ]


def test_the_requests_carry_what_the_official_cases_need(
    recorded: dict[str, list[OperatorAction]],
) -> None:
    """Issue 14: a TxProfile without the running transaction, local list entries without
    idTagInfo and firmware steps without a location made the hints useless."""
    tx_profiles = [p["csChargingProfiles"] for p in _payloads(recorded, "SetChargingProfile")
                   if p["csChargingProfiles"]["chargingProfilePurpose"] == "TxProfile"]
    assert tx_profiles and all(isinstance(p["transactionId"], int) for p in tx_profiles)
    entries = [e for p in _payloads(recorded, "SendLocalList") for e in p["localAuthorizationList"]]
    assert entries and all("status" in e["idTagInfo"] for e in entries)
    for action in ("UpdateFirmware", "GetDiagnostics"):
        locations = [p["location"] for p in _payloads(recorded, action)]
        assert locations and all(loc.startswith(("http://127.0.0.1:", "ftp://")) for loc in locations)
    reservations = _payloads(recorded, "ReserveNow")
    assert reservations and all({"expiryDate", "reservationId"} <= set(r) for r in reservations)


def test_the_csms_id_tags_are_provisioned_once_before_the_first_case(
    recorded: dict[str, list[OperatorAction]],
) -> None:
    provisioned = [(case, a) for case, actions in recorded.items() for a in actions
                   if a.name == "csms_provision_id_tags"]
    ((case, action),) = provisioned
    assert case == CSMS_CASES[0].case_id
    tags = {e["idTag"]: e["idTagInfo"]["status"] for e in action.params["id_tags"]}  # type: ignore[attr-defined]
    assert tags == {"TAG-VALID-1": "Accepted", "TAG-VALID-2": "Accepted",
                    "TAG-BLOCKED": "Blocked", "TAG-EXPIRED": "Expired"}
    assert action.params["unknown"] == ["TAG-INVALID"]


def test_the_guide_lists_the_steps_of_every_csms_case(recorded: dict[str, list[OperatorAction]]) -> None:
    table = step_table(recorded)
    assert table in GUIDE.read_text(encoding="utf-8"), f"paste into docs/your-device.md:\n{table}"
