"""The schemas layer: the schema files, the errata overlay and the validator built on them."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from rfc3339_validator import validate_rfc3339

from octt_py import validation
from octt_py.validation import (
    FORMAT_CHECKER,
    SCHEMA_ROOT,
    Kind,
    SchemaSet,
    SchemaViolation,
    Variant,
    default_schemas,
)

REQ, RESP = Kind.REQUEST, Kind.RESPONSE
SECURITY_ACTIONS = {
    "CertificateSigned",
    "DeleteCertificate",
    "ExtendedTriggerMessage",
    "GetInstalledCertificateIds",
    "GetLog",
    "InstallCertificate",
    "LogStatusNotification",
    "SecurityEventNotification",
    "SignCertificate",
    "SignedFirmwareStatusNotification",
    "SignedUpdateFirmware",
}
CORE_ACTIONS = {
    "Authorize", "BootNotification", "CancelReservation", "ChangeAvailability",
    "ChangeConfiguration", "ClearCache", "ClearChargingProfile", "DataTransfer",
    "DiagnosticsStatusNotification", "FirmwareStatusNotification", "GetCompositeSchedule",
    "GetConfiguration", "GetDiagnostics", "GetLocalListVersion", "Heartbeat", "MeterValues",
    "RemoteStartTransaction", "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList",
    "SetChargingProfile", "StartTransaction", "StatusNotification", "StopTransaction",
    "TriggerMessage", "UnlockConnector", "UpdateFirmware",
}  # fmt: skip
ERRATA = json.loads((SCHEMA_ROOT / "errata.json").read_text(encoding="utf-8"))["errata"]
NOW = "2024-05-01T12:00:00.000Z"


@pytest.fixture(scope="module")
def corrected() -> SchemaSet:
    return default_schemas()


@pytest.fixture(scope="module")
def official() -> SchemaSet:
    return SchemaSet.load(Variant.OFFICIAL)


@pytest.fixture(scope="module")
def variants(official: SchemaSet, corrected: SchemaSet) -> dict[Variant, SchemaSet]:
    return {Variant.OFFICIAL: official, Variant.CORRECTED: corrected}


def file_name(action: str, kind: Kind) -> str:
    return f"{action}{'Response' if kind is RESP else ''}.json"


# --- the files --------------------------------------------------------------------------------


def test_every_action_has_a_request_and_a_response_file() -> None:
    names = {p.name for p in (SCHEMA_ROOT / "ocpp16").glob("*.json")}
    expected = {file_name(a, k) for a in CORE_ACTIONS | SECURITY_ACTIONS for k in Kind}
    assert names == expected


@pytest.mark.parametrize("variant", list(Variant))
def test_both_variants_load_and_compile_every_action(variant: Variant) -> None:
    schemas = SchemaSet.load(variant)
    assert schemas.variant is variant
    assert schemas.actions() == CORE_ACTIONS | SECURITY_ACTIONS
    for action in schemas.actions():
        assert schemas.knows(action)
        for kind in Kind:  # compiled: an empty object answers with a list, not a KeyError
            assert isinstance(schemas.validate(action, kind, {}), list)
    assert not schemas.knows("FooBar")


@pytest.mark.parametrize("action", sorted(CORE_ACTIONS))
@pytest.mark.parametrize("kind", list(Kind))
def test_core_files_carry_the_oca_2019_12_identification(action: str, kind: Kind) -> None:
    schema = json.loads((SCHEMA_ROOT / "ocpp16" / file_name(action, kind)).read_text())
    title = f"{action}{'Response' if kind is RESP else 'Request'}"
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert schema["id"] == f"urn:OCPP:1.6:2019:12:{title}"
    assert schema["title"] == title


@pytest.mark.parametrize("action", sorted(SECURITY_ACTIONS))
@pytest.mark.parametrize("kind", list(Kind))
def test_security_files_are_the_2020_3_backport(action: str, kind: Kind) -> None:
    schema = json.loads((SCHEMA_ROOT / "ocpp16" / file_name(action, kind)).read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-06/schema#"
    assert schema["$id"] == f"urn:OCPP:Cp:1.6:2020:3:{action}.{'conf' if kind is RESP else 'req'}"


def unit_enum(schemas: SchemaSet, action: str) -> list[str]:
    schema = schemas.schema(action, REQ)
    values = schema["properties"]["meterValue" if action == "MeterValues" else "transactionData"]
    sampled = values["items"]["properties"]["sampledValue"]["items"]
    units: list[str] = sampled["properties"]["unit"]["enum"]
    return units


def test_official_files_keep_the_published_spelling_mistakes(official: SchemaSet) -> None:
    assert unit_enum(official, "MeterValues")[13:15] == ["Celcius", "Celsius"]
    assert "Celcius" in unit_enum(official, "StopTransaction")
    assert "Celsius" not in unit_enum(official, "StopTransaction")
    assert "Hertz" not in unit_enum(official, "MeterValues")


# --- valid payloads ---------------------------------------------------------------------------

BOOT = {
    "chargePointVendor": "ACME Charging",
    "chargePointModel": "Wallbox-22",
    "chargePointSerialNumber": "SN-000000000000000000001",
    "chargeBoxSerialNumber": "BOX-1",
    "firmwareVersion": "4.2.0-rc1+build.77",
    "iccid": "89310410106543789301",
    "imsi": "204043396113700",
    "meterType": "EM340",
    "meterSerialNumber": "MSN-42",
}
SAMPLES = [
    {"value": "12345.6", "measurand": "Energy.Active.Import.Register", "unit": "kWh"},
    {
        "value": "7400",
        "measurand": "Power.Active.Import",
        "unit": "W",
        "context": "Sample.Periodic",
    },
    {"value": "16.1", "measurand": "Current.Import", "phase": "L1", "unit": "A"},
    {"value": "16.0", "measurand": "Current.Import", "phase": "L2", "unit": "A"},
    {"value": "15.9", "measurand": "Current.Import", "phase": "L3", "unit": "A"},
    {"value": "230.1", "measurand": "Voltage", "phase": "L1-N", "unit": "V", "location": "Outlet"},
    {"value": "50.0", "measurand": "Frequency"},
    {"value": "41.5", "measurand": "Temperature", "unit": "Celsius", "location": "Body"},
    {"value": "80", "measurand": "SoC", "unit": "Percent", "location": "EV"},
    {"value": "DEADBEEF", "format": "SignedData", "context": "Transaction.Begin"},
]
METER_VALUES = {
    "connectorId": 1,
    "transactionId": 42,
    "meterValue": [{"timestamp": NOW, "sampledValue": SAMPLES}],
}
PERIODS = [
    {"startPeriod": i * 900, "limit": round(6 + i * 1.7, 1), "numberPhases": 3} for i in range(16)
]
SET_CHARGING_PROFILE = {
    "connectorId": 1,
    "csChargingProfiles": {
        "chargingProfileId": 100,
        "stackLevel": 2,
        "chargingProfilePurpose": "TxDefaultProfile",
        "chargingProfileKind": "Recurring",
        "recurrencyKind": "Daily",
        "validFrom": "2024-01-01T00:00:00Z",
        "validTo": "2025-01-01T00:00:00+01:00",
        "chargingSchedule": {
            "duration": 86400,
            "startSchedule": "2024-01-01T00:00:00Z",
            "chargingRateUnit": "A",
            "chargingSchedulePeriod": PERIODS,
            "minChargingRate": 6.1,
        },
    },
}
START_TRANSACTION = {
    "connectorId": 1,
    "idTag": "04A2B3C4D5E6F7",
    "meterStart": 0,
    "reservationId": 7,
    "timestamp": NOW,
}
GET_CONFIGURATION_RESPONSE: dict[str, Any] = {
    "configurationKey": [
        {"key": f"VendorKey{i:02d}", "readonly": i % 2 == 0, "value": "x" * (i * 10)}
        for i in range(48)
    ]
    + [{"key": "HeartbeatInterval", "readonly": False}],
    "unknownKey": ["NoSuchKey"],
}
SIGNED_UPDATE_FIRMWARE = {
    "requestId": 1,
    "retries": 3,
    "firmware": {
        "location": "https://fw.example.com/acme/4.2.1.bin",
        "retrieveDateTime": NOW,
        "signingCertificate": "-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----",
        "signature": "MEUCIQ...",
    },
}
VALID = [
    ("BootNotification", REQ, BOOT),
    ("BootNotification", RESP, {"status": "Accepted", "currentTime": NOW, "interval": 300}),
    ("MeterValues", REQ, METER_VALUES),
    ("SetChargingProfile", REQ, SET_CHARGING_PROFILE),
    ("StartTransaction", REQ, START_TRANSACTION),
    ("GetConfiguration", RESP, GET_CONFIGURATION_RESPONSE),
    ("GetDiagnostics", REQ, {"location": "ftp://user:pw@logs.example.com/upload/", "retries": 1}),
    ("Heartbeat", REQ, {}),
    ("SignedUpdateFirmware", REQ, SIGNED_UPDATE_FIRMWARE),
    ("GetInstalledCertificateIds", RESP, {"status": "NotFound"}),
]


def test_example_sizes_are_the_advertised_ones() -> None:
    assert len(SAMPLES) == 10
    assert len(PERIODS) == 16
    entries = GET_CONFIGURATION_RESPONSE
    assert len(entries["configurationKey"]) + len(entries["unknownKey"]) == 50


@pytest.mark.parametrize("variant", list(Variant))
@pytest.mark.parametrize(("action", "kind", "payload"), VALID, ids=lambda v: str(v)[:30])
def test_valid_payloads_pass(
    variants: dict[Variant, SchemaSet], variant: Variant, action: str, kind: Kind, payload: object
) -> None:
    assert variants[variant].validate(action, kind, payload) == []


# --- precise violations -----------------------------------------------------------------------


def one(schemas: SchemaSet, action: str, kind: Kind, payload: object) -> SchemaViolation:
    violations = schemas.validate(action, kind, payload)
    assert len(violations) == 1, violations
    return violations[0]


@pytest.mark.parametrize(
    ("action", "kind", "payload", "text"),
    [
        (
            "BootNotification",
            REQ,
            {**BOOT, "chargePointVendor": "ACME Charging Solutions"},
            (
                "BootNotification request /chargePointVendor: maxLength: "
                "'ACME Charging Solutions' is too long (max 20)"
            ),
        ),
        (
            "BootNotification",
            REQ,
            {**BOOT, "chargePointVendor": "x" * 5000},
            (
                "BootNotification request /chargePointVendor: maxLength: "
                "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' is too long (max 20)"
            ),
        ),
        (
            "BootNotification",
            REQ,
            {"chargePointModel": "M"},
            "BootNotification request (root): required: 'chargePointVendor' is a required property",
        ),
        (
            "StartTransaction",
            REQ,
            {**START_TRANSACTION, "connectorId": "1"},
            "StartTransaction request /connectorId: type: '1' is not of type 'integer'",
        ),
        (
            "StartTransaction",
            REQ,
            {**START_TRANSACTION, "meterStart": 1.0},
            "StartTransaction request /meterStart: type: 1.0 is not of type 'integer'",
        ),
        (
            "Heartbeat",
            REQ,
            {"vendor": True},
            (
                "Heartbeat request /vendor: additionalProperties: "
                "additional property 'vendor' is not allowed"
            ),
        ),
        (
            "Reset",
            REQ,
            {"type": "Warm"},
            "Reset request /type: enum: 'Warm' is not one of ['Hard', 'Soft']",
        ),
        (
            "GetLog",
            RESP,
            {"status": "Maybe"},  # an enum behind a draft-06 $ref
            (
                "GetLog response /status: enum: "
                "'Maybe' is not one of ['Accepted', 'Rejected', 'AcceptedCanceled']"
            ),
        ),
        (
            "Heartbeat",
            RESP,
            {"currentTime": "222222017-10-27T19:10:11Z"},
            (
                "Heartbeat response /currentTime: format: "
                "'222222017-10-27T19:10:11Z' is not a valid date-time (RFC 3339)"
            ),
        ),
        (
            "UpdateFirmware",
            REQ,
            {"location": "firmware.bin", "retrieveDate": NOW},
            (
                "UpdateFirmware request /location: format: "
                "'firmware.bin' is not a valid uri (RFC 3986)"
            ),
        ),
        (
            "MeterValues",
            REQ,
            {"connectorId": 1, "meterValue": []},
            "MeterValues request /meterValue: minItems: [] is too short (min 1 item)",
        ),
        (
            "Authorize",
            REQ,
            {"idTag": None},
            "Authorize request /idTag: type: null is not of type 'string'",
        ),
    ],
)
def test_violation_text(
    corrected: SchemaSet, action: str, kind: Kind, payload: object, text: str
) -> None:
    assert str(one(corrected, action, kind, payload)) == text


def test_violation_fields(corrected: SchemaSet) -> None:
    payload = {**START_TRANSACTION, "idTag": "A" * 21}
    assert one(corrected, "StartTransaction", REQ, payload) == SchemaViolation(
        action="StartTransaction",
        kind=Kind.REQUEST,
        pointer="/idTag",
        rule="maxLength",
        message="'AAAAAAAAAAAAAAAAAAAAA' is too long (max 20)",
    )


def test_multiple_of_violation(corrected: SchemaSet) -> None:
    periods = [{"startPeriod": 0, "limit": 6.15}]
    payload = {
        "status": "Accepted",
        "chargingSchedule": {"chargingRateUnit": "A", "chargingSchedulePeriod": periods},
    }
    violation = one(corrected, "GetCompositeSchedule", RESP, payload)
    assert violation.pointer == "/chargingSchedule/chargingSchedulePeriod/0/limit"
    assert violation.rule == "multipleOf"
    assert violation.message == "6.15 is not a multiple of 0.1"


def test_all_violations_are_reported_in_pointer_order(corrected: SchemaSet) -> None:
    sampled = [{"value": "1"}, {"value": 2}, {"value": "3", "unit": "Hz"}]
    payload: dict[str, Any] = {
        "meterValue": [{"timestamp": NOW, "sampledValue": sampled} for _ in range(11)],
        "extra": 1,
    }
    payload["meterValue"][10]["timestamp"] = "yesterday"
    violations = corrected.validate("MeterValues", REQ, payload)
    assert [(v.pointer, v.rule) for v in violations] == [
        ("", "required"),  # connectorId
        ("/extra", "additionalProperties"),
        *[
            pair
            for i in range(11)
            for pair in [
                (f"/meterValue/{i}/sampledValue/1/value", "type"),
                (f"/meterValue/{i}/sampledValue/2/unit", "enum"),
            ]
            + ([("/meterValue/10/timestamp", "format")] if i == 10 else [])
        ],
    ]


def test_the_order_does_not_depend_on_member_order(corrected: SchemaSet) -> None:
    payload = {"b": 1, "chargePointVendor": 7, "a": 2}
    reordered = dict(reversed(payload.items()))
    first = corrected.validate("BootNotification", REQ, payload)
    assert first == corrected.validate("BootNotification", REQ, reordered)
    assert [v.pointer for v in first] == ["", "/a", "/b", "/chargePointVendor"]


# --- formats ----------------------------------------------------------------------------------


def test_only_checked_formats_exist() -> None:
    assert set(FORMAT_CHECKER.checkers) == {"date-time", "uri"}


@pytest.mark.parametrize(
    "stamp",
    [
        "222222017-10-27T19:10:11Z",
        "2017-10-27T19:10:11",  # no offset
        "2017-10-27 19:10:11Z",
        "2017-02-30T00:00:00Z",
        "2017-10-27T19:10:11+0200",
        "27/10/2017 19:10",
        "",
    ],
)
def test_bad_date_times_are_caught(corrected: SchemaSet, stamp: str) -> None:
    violation = one(corrected, "Heartbeat", RESP, {"currentTime": stamp})
    assert (violation.pointer, violation.rule) == ("/currentTime", "format")


@pytest.mark.parametrize(
    "stamp", [NOW, "2017-10-27T19:10:11Z", "2017-10-27T19:10:11.5+02:00", "2017-10-27t19:10:11z"]
)
def test_good_date_times_pass(corrected: SchemaSet, stamp: str) -> None:
    assert corrected.validate("Heartbeat", RESP, {"currentTime": stamp}) == []


@pytest.mark.parametrize("location", ["not a uri", "/relative/dir", "", "http://exa mple.com/"])
def test_bad_uris_are_caught(corrected: SchemaSet, location: str) -> None:
    violation = one(corrected, "GetDiagnostics", REQ, {"location": location})
    assert (violation.pointer, violation.rule) == ("/location", "format")


# --- official vs corrected --------------------------------------------------------------------


def _locate(schema: Any, pointer: str) -> tuple[Any, str]:
    *parents, last = pointer.split("/")[1:]
    for token in parents:
        schema = schema[int(token)] if isinstance(schema, list) else schema[token]
    return schema, last


def test_variants_differ_exactly_where_the_overlay_says(
    official: SchemaSet, corrected: SchemaSet
) -> None:
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in ERRATA:
        by_file[entry["file"]].append(entry)
    for action in official.actions():
        for kind in Kind:
            undone = corrected.schema(action, kind)
            for entry in reversed(by_file.pop(file_name(action, kind), [])):
                parent, last = _locate(undone, entry["path"])
                removed = parent.pop(int(last)) if isinstance(parent, list) else parent.pop(last)
                assert removed == entry["value"], entry["id"]
            assert undone == official.schema(action, kind), (action, kind)
    assert not by_file, "overlay entries for files that are not in the set"
    assert official.fingerprint != corrected.fingerprint


def meter_values(*sampled: dict[str, str]) -> dict[str, Any]:
    return {"connectorId": 1, "meterValue": [{"timestamp": NOW, "sampledValue": list(sampled)}]}


def stop_transaction(*sampled: dict[str, str]) -> dict[str, Any]:
    data = [{"timestamp": NOW, "sampledValue": list(sampled)}]
    return {"transactionId": 1, "timestamp": NOW, "meterStop": 100, "transactionData": data}


# erratum id -> (action, payload, the violation (pointer, rule) it brings or removes)
OVERLAY_CASES = {
    "stoptransaction-unit-celsius": (
        "StopTransaction",
        stop_transaction({"value": "20", "unit": "Celsius"}),
        ("/transactionData/0/sampledValue/0/unit", "enum"),
    ),
    "metervalues-metervalue-minitems": (
        "MeterValues",
        {"connectorId": 1, "meterValue": []},
        ("/meterValue", "minItems"),
    ),
    "metervalues-sampledvalue-minitems": (
        "MeterValues",
        meter_values(),
        ("/meterValue/0/sampledValue", "minItems"),
    ),
    "stoptransaction-sampledvalue-minitems": (
        "StopTransaction",
        stop_transaction(),
        ("/transactionData/0/sampledValue", "minItems"),
    ),
}


def test_every_overlay_entry_has_a_case() -> None:
    assert {entry["id"] for entry in ERRATA} == set(OVERLAY_CASES)
    assert all(entry["why"] and entry["op"] == "add" for entry in ERRATA)


@pytest.mark.parametrize("erratum", sorted(OVERLAY_CASES))
def test_overlay_entry_changes_the_verdict(
    official: SchemaSet, corrected: SchemaSet, erratum: str
) -> None:
    action, payload, found = OVERLAY_CASES[erratum]
    adds = [(v.pointer, v.rule) for v in corrected.validate(action, REQ, payload)]
    removes = [(v.pointer, v.rule) for v in official.validate(action, REQ, payload)]
    if found[1] == "minItems":  # a constraint the overlay adds
        assert (removes, adds) == ([], [found])
    else:  # a value the overlay adds
        assert (removes, adds) == ([found], [])


@pytest.mark.parametrize("variant", list(Variant))
def test_celcius_stays_valid_and_hertz_stays_invalid(
    variants: dict[Variant, SchemaSet], variant: Variant
) -> None:
    schemas = variants[variant]
    for build, action in ((meter_values, "MeterValues"), (stop_transaction, "StopTransaction")):
        assert schemas.validate(action, REQ, build({"value": "1", "unit": "Celcius"})) == []
        hertz = schemas.validate(action, REQ, build({"value": "50", "unit": "Hertz"}))
        assert [v.rule for v in hertz] == ["enum"]


# --- multipleOf in decimal --------------------------------------------------------------------


@pytest.mark.parametrize("variant", list(Variant))
@pytest.mark.parametrize("limit", [6.1, 6, 6.0, 0.3, 16.7, 31.9, 22080.0, 11000, 0.1, -3.3, 1e20])
def test_one_digit_fractions_pass_multiple_of(
    variants: dict[Variant, SchemaSet], variant: Variant, limit: float
) -> None:
    profile = json.loads(json.dumps(SET_CHARGING_PROFILE))
    schedule = profile["csChargingProfiles"]["chargingSchedule"]
    schedule["chargingSchedulePeriod"][0]["limit"] = limit
    schedule["minChargingRate"] = limit
    assert variants[variant].validate("SetChargingProfile", REQ, profile) == []


@pytest.mark.parametrize(
    "limit", [6.15, 0.30000000000000004, 1e-5, float("nan"), float("inf"), -float("inf")]
)
def test_finer_or_non_finite_limits_fail_multiple_of(corrected: SchemaSet, limit: float) -> None:
    periods = [{"startPeriod": 0, "limit": limit}]
    payload = {
        "idTag": "T",
        "chargingProfile": {
            "chargingProfileId": 1,
            "stackLevel": 0,
            "chargingProfilePurpose": "TxProfile",
            "chargingProfileKind": "Relative",
            "chargingSchedule": {"chargingRateUnit": "W", "chargingSchedulePeriod": periods},
        },
    }
    violation = one(corrected, "RemoteStartTransaction", REQ, payload)
    assert violation.rule == "multipleOf"
    assert violation.pointer.endswith("/chargingSchedulePeriod/0/limit")


# --- hostile input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "shown"),
    [
        ([], "[]"),
        ([1, 2], "an array of 2 items"),
        ("BootNotification", "'BootNotification'"),
        (42, "42"),
        (None, "null"),
        (True, "true"),
    ],
)
def test_a_payload_that_is_not_an_object(corrected: SchemaSet, payload: object, shown: str) -> None:
    violation = one(corrected, "BootNotification", REQ, payload)
    assert (violation.pointer, violation.rule) == ("", "type")
    assert violation.message == f"{shown} is not of type 'object'"


def test_unknown_action_is_a_violation(corrected: SchemaSet) -> None:
    assert corrected.validate("FooBar", REQ, {}) == [
        SchemaViolation("FooBar", REQ, "", "action", "unknown action 'FooBar'")
    ]
    assert [v.rule for v in corrected.validate(None, RESP, {})] == ["action"]  # type: ignore[arg-type]
    long = corrected.validate("X" * 100_000, REQ, {})[0]
    assert len(str(long)) < 200


def nested(depth: int) -> Any:
    value: Any = "bottom"
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


@pytest.mark.parametrize(
    ("action", "payload", "pointer"),
    [
        ("Heartbeat", nested(10_000), ""),
        ("Authorize", {"idTag": nested(10_000)}, "/idTag"),
        ("Heartbeat", {"deep": nested(10_000)}, "/deep"),
        ("MeterValues", {"connectorId": 1, "meterValue": nested(10_001)}, "/meterValue"),
    ],
)
def test_deep_nesting_is_a_violation(
    corrected: SchemaSet, action: str, payload: object, pointer: str
) -> None:
    violation = one(corrected, action, REQ, payload)
    assert violation.pointer == pointer
    assert len(str(violation)) < 200


@pytest.mark.parametrize(
    ("payload", "pointer", "rule"),
    [
        ({"idTag": "x" * 10_000_000}, "/idTag", "maxLength"),
        ({"idTag": 10**5000}, "/idTag", "type"),
        ({"idTag": "A", "y" * 10_000_000: 1}, "/" + "y" * 64 + "…", "additionalProperties"),
        ({"idTag": ["x" * 1000] * 100_000}, "/idTag", "type"),
    ],
)
def test_huge_values_give_short_violations(
    corrected: SchemaSet, payload: object, pointer: str, rule: str
) -> None:
    """How long it takes is for bench/run.py to measure; here only that the answer stays short."""
    violation = one(corrected, "Authorize", REQ, payload)
    assert (violation.pointer, violation.rule) == (pointer, rule)
    assert len(str(violation)) < 250


def test_huge_date_time_and_uri_strings(corrected: SchemaSet) -> None:
    payload = {"location": "https://" + "a" * 1_000_000, "retrieveDate": "2" * 1_000_000}
    violations = corrected.validate("UpdateFirmware", REQ, payload)
    assert [(v.pointer, v.rule) for v in violations] == [("/retrieveDate", "format")]


def test_running_out_of_stack_is_a_violation_not_a_crash(
    corrected: SchemaSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Payload depth never drives recursion here (see test_deep_nesting_is_a_violation), but a
    caller that is itself deep in its stack must still get an answer, not a RecursionError."""

    def exhausted(*args: object) -> Any:
        raise RecursionError

    # The compiled check alone running out: jsonschema gives the verdict.
    monkeypatch.setitem(corrected._checks, ("MeterValues", REQ), exhausted)
    assert corrected.validate("MeterValues", REQ, METER_VALUES) == []
    # Both running out.
    monkeypatch.setattr(validation._validator_class(Draft4Validator), "iter_errors", exhausted)
    assert corrected.validate("MeterValues", REQ, METER_VALUES) == [
        SchemaViolation("MeterValues", REQ, "", "depth", "payload nested too deeply to validate")
    ]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=40)
    | st.sampled_from(["Accepted", "Celsius", NOW, "https://x.org/", "A", "W"]),
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(
            st.sampled_from(["idTag", "status", "connectorId", "meterValue", "value", "x"])
            | st.text(max_size=10),
            inner,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    action=st.sampled_from(sorted(CORE_ACTIONS | SECURITY_ACTIONS)) | st.text(max_size=20),
    kind=st.sampled_from(list(Kind)),
    payload=json_values,
)
def test_validate_never_raises(action: str, kind: Kind, payload: object) -> None:
    violations = default_schemas().validate(action, kind, payload)
    assert violations == default_schemas().validate(action, kind, payload)  # deterministic
    for violation in violations:
        assert isinstance(violation, SchemaViolation)
        assert str(violation).startswith(f"{violation.action} {kind} ")


# --- the generated validity check -------------------------------------------------------------
#
# `validate` trusts the generated check's "valid" without asking jsonschema, so the two must agree:
# compiled-valid => no jsonschema violation is the direction that must never fail, and the other
# one (no violation => compiled-valid) keeps valid traffic on the fast path. They agree both ways
# on JSON values; only subclasses of JSON types (never produced by json.loads) are refused by the
# compiled check and left to jsonschema.


def _walk(node: Any) -> Iterator[Any]:
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in children:
        yield from _walk(child)


ALL_SCHEMAS = [
    json.loads(path.read_text(encoding="utf-8")) for path in (SCHEMA_ROOT / "ocpp16").glob("*.json")
]
ENUM_VALUES = sorted(
    {v for s in ALL_SCHEMAS for n in _walk(s) if isinstance(n, dict) for v in n.get("enum", ())}
)
STRING_LENGTHS = sorted(
    {
        n["maxLength"] + d
        for s in ALL_SCHEMAS
        for n in _walk(s)
        if isinstance(n, dict) and "maxLength" in n
        for d in (0, 1)
    }
)
TRICKY = [
    None, True, False, 0, 1, -1, 1.0, 3.0, 0.5, 6.1, -3.3, 6.15, -0.0, 1e22, 1e-7, 2**64, 10**30,
    0.30000000000000004, float("nan"), float("inf"), "", "A", NOW, "2024-05-01", "2024-05-01t12:00:00z",
    "https://x.org/", "relative/path", {}, [], {"x": 1}, [1], [{}],
]  # fmt: skip
mutant_values = (
    st.sampled_from(TRICKY).map(copy.deepcopy)  # mutants may be mutated further
    | st.sampled_from(ENUM_VALUES)
    | st.sampled_from(ENUM_VALUES).map(str.lower)
    | st.sampled_from(STRING_LENGTHS).map(lambda n: "x" * n)
    | json_values
)


def example(node: Any, root: Any) -> Any:
    """A payload that uses every member the schema declares, all of them valid."""
    if "$ref" in node:
        return example(validation._resolve(node["$ref"], root), root)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type", "object")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object":
        return {name: example(sub, root) for name, sub in node.get("properties", {}).items()}
    if kind == "array":
        return [
            example(node.get("items", {}), root) for _ in range(max(1, node.get("minItems", 0)))
        ]
    if kind == "string":
        return {"date-time": NOW, "uri": "https://x.org/"}.get(node.get("format", ""), "A")
    return {"integer": 1, "number": 1.5, "boolean": True, "null": None}[kind]


def seeds(schemas: SchemaSet, action: str, kind: Kind) -> list[Any]:
    full = example(schemas._schemas[action, kind], schemas._schemas[action, kind])
    return [full] + [p for a, k, p in VALID if (a, k) == (action, kind)]


@st.composite
def mutants(draw: st.DrawFn, payloads: list[Any]) -> Any:
    """A valid payload with one to three members replaced, dropped or added, anywhere in it."""
    value = copy.deepcopy(draw(st.sampled_from(payloads)))
    for _ in range(draw(st.integers(1, 3))):
        node = draw(st.sampled_from([n for n in _walk(value) if isinstance(n, (dict, list))]))
        op = draw(st.sampled_from(["replace", "delete", "add"] if node else ["add"]))
        if op == "add" and isinstance(node, dict):
            node[draw(st.sampled_from(["x", "idTag", "status"]) | st.text(max_size=5))] = draw(
                mutant_values
            )
        elif op == "add":
            node.append(draw(mutant_values))
        else:
            key = draw(
                st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node)))
            )
            if op == "delete":
                del node[key]
            else:
                node[key] = draw(mutant_values)
    return value


def agree(schemas: SchemaSet, action: str, kind: Kind, payload: object) -> None:
    fast = schemas._checks[action, kind](payload)
    assert fast == (schemas._violations(action, kind, payload) == []), payload
    assert schemas.validate(action, kind, payload) == schemas._violations(action, kind, payload)


ALL_KEYS = [(a, k) for a in sorted(CORE_ACTIONS | SECURITY_ACTIONS) for k in Kind]


@pytest.mark.parametrize("variant", list(Variant))
@pytest.mark.parametrize(("action", "kind"), ALL_KEYS)
def test_each_compiled_check_accepts_a_valid_example(
    variants: dict[Variant, SchemaSet], variant: Variant, action: str, kind: Kind
) -> None:
    schemas = variants[variant]
    for payload in seeds(schemas, action, kind):
        assert schemas._violations(action, kind, payload) == []  # the example really is valid
        assert schemas._checks[action, kind](payload)


@pytest.mark.parametrize("variant", list(Variant))
@pytest.mark.parametrize(("action", "kind"), ALL_KEYS)
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_compiled_check_agrees_with_jsonschema_on_mutants(
    variants: dict[Variant, SchemaSet],
    variant: Variant,
    action: str,
    kind: Kind,
    data: st.DataObject,
) -> None:
    schemas = variants[variant]
    agree(schemas, action, kind, data.draw(mutants(seeds(schemas, action, kind))))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(ALL_KEYS), variant=st.sampled_from(list(Variant)), payload=json_values)
def test_compiled_check_agrees_with_jsonschema_on_any_json(
    variants: dict[Variant, SchemaSet], key: tuple[str, Kind], variant: Variant, payload: object
) -> None:
    agree(variants[variant], *key, payload)


@given(
    st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(TRICKY[3:20])
)
def test_integer_multiple_of_is_the_exact_decimal_rule(number: float) -> None:
    for step in (0.1, 0.25, 1, 3, 1e-3, 2.5e20):
        try:
            exact = (Fraction(repr(number)) / Fraction(repr(step))).denominator == 1
        except (ValueError, OverflowError):  # NaN, infinities
            exact = False
        assert validation._is_multiple(validation._decimal(number), validation._step(step)) == exact


def test_a_subclass_of_a_json_type_is_left_to_jsonschema(corrected: SchemaSet) -> None:
    class Text(str):
        pass

    assert not corrected._checks["Authorize", REQ]({"idTag": Text("A")})
    assert corrected.validate("Authorize", REQ, {"idTag": Text("A")}) == []


def test_the_generated_source_reads_like_the_schema(corrected: SchemaSet) -> None:
    source = corrected.source("BootNotification", REQ)
    assert source.startswith("# BootNotification request (corrected): ")
    for line in [
        "def check(v0):",
        "    if 'chargePointVendor' not in v0 or 'chargePointModel' not in v0: return False",
        "    v1 = v0['chargePointVendor']",
        "    if type(v1) is not str or len(v1) > 20: return False",
        "    if 'iccid' in v0:",
        "    if len(v0) != n0: return False  # a member not in properties",
    ]:
        assert line in source.splitlines()
    namespace = dict(validation._HELPERS)
    exec(compile(source, "BootNotification.json", "exec"), namespace)  # noqa: S102 - our own source
    assert namespace["check"](BOOT)
    assert not namespace["check"]({**BOOT, "extra": 1})


@pytest.mark.parametrize("variant", list(Variant))
def test_every_generated_source_names_its_message_and_compiles(
    variants: dict[Variant, SchemaSet], variant: Variant
) -> None:
    for action, kind in ALL_KEYS:
        source = variants[variant].source(action, kind)
        assert source.startswith(f"# {action} {kind} ({variant}): ")
        compile(source, action, "exec")


def odd_schema(draft: int) -> dict[str, Any]:
    """Keywords without a type, type unions, non-string enums, other steps: no OCPP schema has
    them, so only this one takes the generated code's guarded paths."""
    return {
        "$schema": f"http://json-schema.org/draft-0{draft}/schema#",
        "definitions": {"half": {"type": ["number", "null"], "multipleOf": 0.5}},
        "properties": {
            "a": {
                "maxLength": 30,
                "format": "date-time",
                "multipleOf": 0.1,
                "minItems": 1,
                "items": {"enum": [1, "x", None, True, [1]]},
                "required": ["k"],
                "properties": {
                    "k": {"type": ["integer", "null"]},
                    "s": {"$ref": "#/definitions/half"},
                },
                "additionalProperties": False,
            },
            "b": {
                "type": ["string", "array"],
                "maxLength": 2,
                "items": {"type": "integer", "multipleOf": 5},
            },
            "c": {"enum": ["A", "B"]},
            "d": {"type": "boolean", "maxLength": 1},  # a keyword that cannot apply
        },
        "required": ["c"],
    }


@pytest.fixture(scope="module")
def odd() -> dict[int, SchemaSet]:
    return {
        draft: SchemaSet(Variant.CORRECTED, {"Odd.json": odd_schema(draft), "OddResponse.json": {}})
        for draft in (4, 6)
    }


odd_values = st.recursive(
    st.sampled_from(TRICKY).map(copy.deepcopy)
    | st.sampled_from(["x", "B", "ab", "abc", 5, 10.0, 7, 1.5, 2.5, [1], [True]]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "c", "d", "k", "s", "x"]), inner, max_size=5)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(draft=st.sampled_from([4, 6]), payload=odd_values)
def test_guarded_paths_agree_with_jsonschema(
    odd: dict[int, SchemaSet], draft: int, payload: object
) -> None:
    agree(odd[draft], "Odd", REQ, payload)


def test_guarded_paths_accept_valid_values_and_leave_subclasses_to_jsonschema(
    odd: dict[int, SchemaSet],
) -> None:
    class Members(dict[str, Any]):
        pass

    for schemas in odd.values():
        check = schemas._checks["Odd", REQ]
        assert check({"c": "A", "a": {"k": None, "s": 1.5}, "b": [5, 10], "d": True})
        assert check({"c": "B", "a": [1, "x", None, True, [1]], "b": "ab"})
        assert check({"c": "B", "a": NOW}) and check({"c": "B", "a": 6.1}) and check([])
        assert not check({"c": "A", "a": Members(k=1)})
        assert schemas.validate("Odd", REQ, {"c": "A", "a": Members(k=1)}) == []
    assert odd[6]._checks["Odd", REQ]({"c": "A", "b": [5.0]})  # draft 6: 5.0 is an integer
    assert not odd[4]._checks["Odd", REQ]({"c": "A", "b": [5.0]})


def test_a_cyclic_ref_is_refused_at_load(schema_copy: Path) -> None:
    def cycle(schema: dict[str, Any]) -> None:
        node = {"type": "object", "properties": {"next": {"$ref": "#/definitions/Node"}}}
        schema["definitions"] = {"Node": node}
        schema["properties"]["idTag"] = {"$ref": "#/definitions/Node"}

    edit_json(schema_copy / "ocpp16" / "Authorize.json", cycle)
    with pytest.raises(ValueError, match=r"Authorize.json: cyclic \$ref '#/definitions/Node'"):
        SchemaSet.load(Variant.OFFICIAL, root=schema_copy)


@given(
    number=st.floats(allow_nan=True, allow_infinity=True)
    | st.builds(
        lambda n, p: float(f"{n}e-{p}"), st.integers(-(10**17), 10**17), st.integers(0, 25)
    ),
    places=st.integers(0, 25),
)
def test_has_places_is_the_exact_decimal_rule(number: float, places: int) -> None:
    exact = validation._is_multiple(validation._decimal(number), (1, places))
    assert validation._has_places(number, places) == exact


date_times = st.builds(
    "{:04d}-{:02d}-{:02d}{}{:02d}:{:02d}:{:02d}{}{}".format,
    st.integers(0, 10_000),
    st.integers(0, 13),
    st.integers(0, 32),
    st.sampled_from("Tt "),
    st.integers(0, 24),
    st.integers(0, 60),
    st.integers(0, 60),
    st.sampled_from(["", ".5", ".123456"]),
    st.sampled_from(["Z", "z", "+02:00", "-23:59", "+24:00", ""]),
)


@given(date_times | st.text(max_size=30))
def test_date_time_shortcut_is_the_library_rule(text: str) -> None:
    assert validation._is_date_time(text) == bool(validate_rfc3339(text.upper()))


def test_importing_validation_does_not_load_unused_format_packages() -> None:
    """jsonschema[format-nongpl] pulled in rfc3987_syntax, whose grammar costs 1-2 s to build."""
    code = "import sys, octt_py.validation; print('rfc3987_syntax' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- loading ----------------------------------------------------------------------------------


def test_default_schemas_is_the_cached_corrected_set() -> None:
    assert default_schemas() is default_schemas()
    assert default_schemas().variant is Variant.CORRECTED


def test_fingerprint_is_stable_and_covers_the_effective_schemas(
    official: SchemaSet, corrected: SchemaSet
) -> None:
    assert len(corrected.fingerprint) == 64
    assert SchemaSet.load().fingerprint == corrected.fingerprint
    assert SchemaSet.load(Variant.OFFICIAL).fingerprint == official.fingerprint


@pytest.fixture
def schema_copy(tmp_path: Path) -> Path:
    root = tmp_path / "schemas"
    shutil.copytree(SCHEMA_ROOT, root)
    return root


def edit_json(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_an_overlay_entry_that_does_not_fit_is_refused(schema_copy: Path) -> None:
    def collide(overlay: dict[str, Any]) -> None:
        overlay["errata"].append({**overlay["errata"][1], "id": "again"})

    edit_json(schema_copy / "errata.json", collide)
    assert SchemaSet.load(Variant.OFFICIAL, root=schema_copy).actions()
    with pytest.raises(ValueError, match="erratum again: cannot add at /properties/meterValue"):
        SchemaSet.load(Variant.CORRECTED, root=schema_copy)


def test_a_format_that_would_not_be_checked_is_refused(schema_copy: Path) -> None:
    def email(schema: dict[str, Any]) -> None:
        schema["properties"]["idTag"]["format"] = "email"

    edit_json(schema_copy / "ocpp16" / "Authorize.json", email)
    with pytest.raises(ValueError, match="format 'email' would not be checked"):
        SchemaSet.load(Variant.OFFICIAL, root=schema_copy)


def test_a_missing_response_file_is_refused(schema_copy: Path) -> None:
    (schema_copy / "ocpp16" / "ResetResponse.json").unlink()
    with pytest.raises(ValueError, match="lacks: Reset response"):
        SchemaSet.load(root=schema_copy)
