"""The registry of rules: complete, unambiguous, and the docs table current."""

from __future__ import annotations

from pathlib import Path

from octt_py.checks import rules
from octt_py.checks.rules import BY_ID, OFFICIAL_RULES, RULES, rules_table


def test_rule_ids_are_unique_and_rules_say_where_they_rest() -> None:
    every = (*RULES, *OFFICIAL_RULES)
    assert len(BY_ID) == len(every)
    assert all(rule.extended for rule in RULES) and not any(rule.extended for rule in OFFICIAL_RULES)
    assert all(rule.summary.endswith(".") and rule.spec for rule in every)


def test_every_rule_defined_is_registered() -> None:
    defined = {value for value in vars(rules).values() if isinstance(value, rules.Rule)}
    assert defined == set(RULES) | set(OFFICIAL_RULES)


def test_the_rules_table_in_the_docs_is_current() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    assert rules_table() in docs.read_text(encoding="utf-8"), "run: octt rules, paste into docs/rules.md"


def test_the_rules_other_modules_check_are_the_registry_s() -> None:
    from octt_py.pki import inspect
    from octt_py.roles.csms import core, local_auth_list, reservation
    from testcases.charge_point.core import TC_019_CS
    from testcases.csms.core import TC_064_CSMS

    assert {
        local_auth_list.EXPIRED_LOCAL_ENTRY_USED, core.TAG_WHILE_NOT_REGISTERED, core.CONFIGURATION_NOT_APPLIED,
        reservation.SECOND_RESERVATION_ACCEPTED, TC_019_CS.UNKNOWN_KEY_NOT_REPORTED,
        TC_064_CSMS.UNKNOWN_VENDOR_ACCEPTED, inspect.RSA_PSS_RULE,
    } <= set(BY_ID)
