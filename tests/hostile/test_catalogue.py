"""The hostile-DUT catalogue (octt_py/hostile): one real websocket DUT per behaviour, in both
roles, each asserting the verdict class, the reason and that the verdict came within its stated
bound + 1 s, and that the run's Basic-auth password is in no result."""

from __future__ import annotations

import pytest

from octt_py.hostile.behaviour import Behaviour
from octt_py.hostile.catalogue import CATALOGUE, CENTRAL_SYSTEMS, CHARGE_POINTS
from octt_py.hostile.run import run


def test_the_catalogue_has_at_least_40_behaviours_in_both_roles() -> None:
    assert len(CATALOGUE) >= 40
    assert len({b.name for b in CATALOGUE}) == len(CATALOGUE)
    assert len(CHARGE_POINTS) >= 10 and len(CENTRAL_SYSTEMS) >= 10


@pytest.mark.parametrize("behaviour", CATALOGUE, ids=[b.name for b in CATALOGUE])
def test_hostile_dut(behaviour: Behaviour) -> None:
    for outcome in run(behaviour):
        assert not outcome.problems, f"{behaviour.name} ({behaviour.summary}), {outcome.case_id}: {outcome.problems}"
