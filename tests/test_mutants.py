"""Nothing a DUT says gives the verdict `error` (issue 13 §3): every case, both roles, with a
reply or CALL of the reference DUT broken against the OCPP 1.6 schema on its way in.

`error` means a harness bug. A DUT that answers GetConfiguration with ``"configurationKey":
"not-a-list"`` is a DUT that fails, and the reason must say it broke the schema: a case must not
read a field before the schema check has passed, or must treat a failed check as the DUT's Fail.

The sweep CI runs gives each case one mutant, chosen by its place in the sorted case list so
that the mutant kinds, the frame mutated and the field rotate over the suite (the environment
variable OCTT_MUTANT_SEED shifts the rotation); the exhaustive sweep (``-m exhaustive``,
skipped otherwise) gives every case every mutant kind.
"""

from __future__ import annotations

import math
import os
from typing import Any

import pytest

from octt_py.results import CaseResult
from octt_py.verdict import Verdict
from tests.mutants import MUTANTS, Mutant, Mutator, at, mutating, without_offset
from tests.test_cases_proven import CASES, _clean_runs, _evidence, run_on_reference

KINDS = list(MUTANTS)
SEED = int(os.environ.get("OCTT_MUTANT_SEED", "0"))
"""Shifts the sweep's rotation, so another seed gives each case other mutants: CI runs seed 0."""
RUNS = [(run.values[0], run.values[1], run.id) for run in _clean_runs()]
"""Every case, once per PICS variant its proofs use (so a case the plain reference PICS rules out
still runs), as in test_cases_proven."""
NOTHING_TO_MUTATE = {"TC_085_CS", "TC_086_CS", "TC_087_CS"}
"""Cases whose steps are a TLS handshake: the DUT sends no OCPP message a mutant could break."""
FIRST_RUN = {case_id: (overrides, run_id) for case_id, overrides, run_id in reversed(RUNS)}


def mutated_run(case_id: str, overrides: dict[str, Any], mutator: Mutator) -> tuple[CaseResult, Mutator]:
    with mutating(mutator):
        return run_on_reference(CASES[case_id], overrides=overrides), mutator


def assert_failed_on_the_schema(result: CaseResult, mutator: Mutator) -> None:
    """The verdict a schema-breaking message earns: Fail, and the reason names the schema."""
    assert mutator.done, f"nothing was mutated\n{_evidence(result)}"
    said = f"{mutator.done}\n{_evidence(result)}"
    assert result.verdict is not Verdict.ERROR, said
    assert result.verdict is Verdict.FAIL, said
    assert "schema" in result.reason, said


# -- the repros of issue 13 §3 -------------------------------------------------------------


def _repro(case_id: str, action: str, mutant: Mutant, pointer: str) -> CaseResult:
    overrides, _ = FIRST_RUN[case_id]
    result, mutator = mutated_run(case_id, overrides, Mutator(mutant, action=action))
    assert_failed_on_the_schema(result, mutator)
    assert result.reason.count(pointer) == 1, f"the reason names the violation once\n{_evidence(result)}"
    return result


def test_get_configuration_answered_with_configuration_key_not_a_list() -> None:
    _repro("TC_019_CS", "GetConfiguration", at(("configurationKey",), "not-a-list"), "/configurationKey")


def test_get_configuration_answered_with_a_nan_value() -> None:
    _repro("TC_019_CS", "GetConfiguration", at(("configurationKey", 0, "value"), math.nan), "/configurationKey/0/value")


def test_authorize_answered_with_id_tag_info_a_string() -> None:
    _repro("TC_003_CSMS", "Authorize", at(("idTagInfo",), "Accepted"), "/idTagInfo")


def test_start_transaction_answered_with_a_string_transaction_id() -> None:
    _repro("TC_003_CSMS", "StartTransaction", at(("transactionId",), "abc"), "/transactionId")


def test_reserve_now_expiry_date_without_utc_offset() -> None:
    _repro("TC_047_CSMS", "ReserveNow", at(("expiryDate",), without_offset), "/expiryDate")


# -- every case ----------------------------------------------------------------------------


def _chosen(index: int) -> list[tuple[str, int, int]]:
    """The mutant of the case at ``index``: its kind, the frame, the field; then, should the case
    send nothing that one breaks, the kind on the first frame, then each other kind."""
    kind, nth, pick = KINDS[index % len(KINDS)], 1 + index // len(KINDS) % 2, index // (2 * len(KINDS))
    others = KINDS[index % len(KINDS) + 1:] + KINDS[: index % len(KINDS)]
    return [(kind, nth, pick), (kind, 1, pick), *[(other, 1, pick) for other in others]]


@pytest.mark.parametrize(("index", "case_id", "overrides"), [
    pytest.param(index, case_id, overrides, id=run_id) for index, (case_id, overrides, run_id) in enumerate(RUNS)
])
def test_a_mutant_reply_fails_the_case_not_the_harness(index: int, case_id: str, overrides: dict[str, Any]) -> None:
    for kind, nth, pick in _chosen(index + SEED)[: 1 if case_id in NOTHING_TO_MUTATE else None]:
        result, mutator = mutated_run(case_id, overrides, Mutator(kind, nth, pick))
        if mutator.done:
            break
    if case_id in NOTHING_TO_MUTATE:
        assert (mutator.done, result.verdict) == ("", Verdict.PASS), _evidence(result)
        pytest.skip(f"{case_id} sends no OCPP message in its steps")
    assert_failed_on_the_schema(result, mutator)


@pytest.mark.exhaustive
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("case_id", "overrides"), [pytest.param(c, o, id=i) for c, o, i in RUNS])
def test_every_mutant_of_every_case(case_id: str, overrides: dict[str, Any], kind: str) -> None:
    """Each kind on the first frame it breaks; a case that sends nothing it breaks is skipped."""
    result, mutator = mutated_run(case_id, overrides, Mutator(kind))
    assert result.verdict is not Verdict.ERROR, _evidence(result)
    if not mutator.done:
        pytest.skip(f"{case_id} sends nothing {kind} breaks")
    assert_failed_on_the_schema(result, mutator)
