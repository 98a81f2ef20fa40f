"""Connector 0 (the charge point as a whole) is required once, by the boot cases.

A charge point that never reports connector 0 after a boot used to fail every case that boots it
at that one step (TC_001, TC_002, TC_013-016, TC_034, the firmware cases), which hid everything
after it. Now TC_001 and TC_002 require the report (their official tables send "a
StatusNotification per connector and connectorId=0"); the other cases check connector 0 when it
reports and carry on from the connectors when it does not (issue 12 §5).
"""

from __future__ import annotations

import pytest

from octt_py.campaign import Campaign
from octt_py.pics import SutSide
from octt_py.testcase import discover
from octt_py.verdict import Verdict

CASES = {case.case_id: case for case in discover()}


@pytest.fixture(scope="module")
def without_connector_zero() -> Campaign:
    campaign = Campaign(reference=[SutSide.CHARGE_POINT], faults=["no_status_after_boot"])
    yield campaign
    campaign.close()


@pytest.mark.parametrize("case_id", ["TC_001_CS", "TC_002_CS"])
def test_the_boot_cases_require_connector_zero(without_connector_zero: Campaign, case_id: str) -> None:
    result = without_connector_zero.run(CASES[case_id])
    assert result.verdict is Verdict.FAIL
    assert "expected StatusNotification (connectorId=0" in result.reason


@pytest.mark.parametrize("case_id", ["TC_013_CS", "TC_015_CS", "TC_034_CS", "TC_044_1_CS"])
def test_other_cases_that_boot_carry_on_without_it(without_connector_zero: Campaign, case_id: str) -> None:
    result = without_connector_zero.run(CASES[case_id])
    assert (result.verdict, result.reason) == (Verdict.PASS, "all steps passed")
