"""Parsing and validating a PICS file into a :class:`Pics`, collecting every problem."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from octt_py.pics.errors import PicsError, PicsIssue
from octt_py.pics.locate import _Locator
from octt_py.pics.model import (
    _PROFILE_KEYS,
    _SECRET_CONFIGURATION_KEYS,
    Capabilities,
    ConfigurationKey,
    Connection,
    Identity,
    IdTags,
    OperatorSettings,
    Pics,
    Profile,
    Security,
    Verdicts,
    SutSide,
    Timing,
    _plain,
    _redact_url,
)
from octt_py.pics.schema import (
    _CONFIGURATION,
    _KNOWN_SECTIONS,
    _SECTION_OF_KEY,
    _SECTIONS,
    _WHAT,
    _describe,
    _Key,
    _Section,
)
from octt_py.pics.support import Unsupported
from octt_py.spelling import did_you_mean


def _dotted(path: tuple[str, ...]) -> str:
    return ".".join(p if _Locator._BARE.fullmatch(p) else json.dumps(p) for p in path)




def _kind_of(value: Any) -> str:
    """A value's TOML type, for messages that must not show the value itself."""
    if isinstance(value, bool):
        return "a boolean"
    for kind, name in ((str, "a string"), (int, "an integer"), (float, "a number"),
                       (list, "an array"), (dict, "a table")):
        if isinstance(value, kind):
            return name
    return "a date or time"


def _one_of(choices: tuple[str, ...]) -> str:
    quoted = [json.dumps(c) for c in choices]
    if len(quoted) == 2:
        return f"{quoted[0]} or {quoted[1]}"
    return "one of " + ", ".join(quoted)


_BAD = object()
"""Marks a value that failed validation (its issue is already recorded)."""


class _Validator:
    """Collects every issue of one PICS document instead of stopping at the first."""

    def __init__(self, doc: dict[str, Any], locator: _Locator) -> None:
        self.doc = doc
        self.locator = locator
        self.issues: list[PicsIssue] = []
        self.bad: set[tuple[str, ...]] = set()  # keys already reported; cross checks skip them

    def issue(self, path: tuple[str, ...], message: str) -> None:
        self.bad.add(path)
        self.issues.append(PicsIssue(self.locator.line(path), _dotted(path), message))

    def tables(self) -> dict[str, dict[str, Any]]:
        tables: dict[str, dict[str, Any]] = {}
        for name, value in self.doc.items():
            if name not in _KNOWN_SECTIONS:
                if name in _SECTION_OF_KEY:
                    hint = f" (it belongs in [{_SECTION_OF_KEY[name]}])"
                else:
                    hint = did_you_mean(name, list(_KNOWN_SECTIONS))
                self.issue((name,), f"unknown section{hint}")
            elif not isinstance(value, dict):
                self.issue((name,), f"expected a table, got {_describe(value)}")
            else:
                tables[name] = value
        return tables

    def section(self, section: _Section, table: dict[str, Any]) -> dict[str, Any]:
        """The valid values of one section, by key; defaults are filled in by the caller."""
        known = {key.name: key for key in section.keys}
        values: dict[str, Any] = {}
        for name, raw in table.items():
            path = (section.name, name)
            spec = known.get(name)
            if spec is None:
                self.issue(path, "unknown key" + did_you_mean(name, list(known)))
            elif (value := self.convert(spec, path, raw)) is not _BAD:
                values[name] = value
        for spec in section.keys:
            if spec.required and spec.name not in table:
                self.issue((section.name, spec.name), "required key is missing")
        return values

    def convert(self, spec: _Key, path: tuple[str, ...], raw: Any) -> Any:
        value: Any = _BAD
        if spec.kind == "bool":
            if isinstance(raw, bool):
                value = raw
        elif spec.kind == "int":
            if isinstance(raw, int) and not isinstance(raw, bool):
                value = raw
        elif spec.kind == "float":
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                value = raw
        elif spec.kind == "str":
            if isinstance(raw, str):
                value = raw
        elif isinstance(raw, list) and all(isinstance(item, str) for item in raw):
            value = tuple(raw)
        if value is _BAD:
            got = _kind_of(raw) if spec.secret else _describe(raw)
            self.issue(path, f"expected {spec.what or _WHAT[spec.kind]}, got {got}")
            return _BAD
        if spec.choices:
            items = value if spec.kind == "list" else (value,)
            for item in items:
                if item not in spec.choices:
                    if spec.kind == "list":
                        message = f"unknown value {_describe(item)}; expected any of "
                        message += ", ".join(json.dumps(c) for c in spec.choices)
                    else:
                        message = f"expected {_one_of(spec.choices)}, got {_describe(item)}"
                    self.issue(path, message)
                    return _BAD
        if spec.check is not None and (problem := spec.check(value)) is not None:
            self.issue(path, problem)
            return _BAD
        return float(value) if spec.kind == "float" else value

    def configuration(self, table: dict[str, Any]) -> dict[str, ConfigurationKey]:
        result: dict[str, ConfigurationKey] = {}
        seen: dict[str, str] = {}
        for name, raw in table.items():
            path = (_CONFIGURATION, name)
            if name.lower() in seen:
                self.issue(path, f"duplicates '{seen[name.lower()]}' (configuration keys are "
                           "case-insensitive)")
                continue
            seen[name.lower()] = name
            if len(name) > 50:
                self.issue(path, f"key names are at most 50 characters (CiString50), got "
                           f"{len(name)}")
                continue
            entry = self.configuration_entry(path, raw, secret=name.lower()
                                             in _SECRET_CONFIGURATION_KEYS)
            if entry is not None:
                result[name] = entry
        return result

    def configuration_entry(
        self, path: tuple[str, ...], raw: Any, secret: bool
    ) -> ConfigurationKey | None:
        got = _kind_of(raw) if secret else _describe(raw)
        if isinstance(raw, (bool, int, float)):
            hint = "" if secret else f" (write {json.dumps(_describe(raw))})"
            self.issue(path, f"expected a string, got {got}{hint}")
            return None
        if isinstance(raw, dict):
            ok = True
            for inner in raw:
                if inner not in ("value", "readonly"):
                    ok = False
                    self.issue((*path, inner),
                               "unknown key" + did_you_mean(inner, ["value", "readonly"]))
            if "value" not in raw:
                ok = False
                self.issue((*path, "value"), "required key is missing")
            elif not isinstance(raw["value"], str):
                ok = False
                inner_got = _kind_of(raw["value"]) if secret else _describe(raw["value"])
                self.issue((*path, "value"), f"expected a string, got {inner_got}")
            readonly = raw.get("readonly", False)
            if not isinstance(readonly, bool):
                ok = False
                self.issue((*path, "readonly"), f"expected true or false, got "
                           f"{_describe(readonly)}")
            if not ok:
                return None
            value, path = raw["value"], (*path, "value")
        elif isinstance(raw, str):
            value, readonly = raw, False
        else:
            self.issue(path, 'expected a string or { value = "...", readonly = true/false }, '
                       f"got {got}")
            return None
        if len(value) > 500:
            self.issue(path, f"values are at most 500 characters (CiString500), got {len(value)}")
            return None
        return ConfigurationKey(value, readonly)


def _cross_checks(
    v: _Validator,
    side: SutSide | None,
    values: dict[str, dict[str, Any]],
    profiles: frozenset[Profile],
    configuration: dict[str, ConfigurationKey],
) -> None:
    """Rules that tie keys together; each reports at the key the vendor most likely has to fix."""
    profile_table = values["profiles"]
    if profile_table.get("core", True) is False:
        v.issue(("profiles", "core"), "must be true (Core is mandatory in OCPP 1.6)")

    def missing(section: str, name: str, merged: dict[str, Any]) -> bool:
        return not merged[name] and (section, name) not in v.bad

    operator = {**_plain(OperatorSettings()), **values["operator"]}
    companion = {"shell": "command", "webhook": "url", "callable": "callable"}.get(
        operator["backend"]
    )
    if companion and missing("operator", companion, operator):
        v.issue(("operator", companion),
                f'required when operator.backend is "{operator["backend"]}"')

    connection = {**_plain(Connection()), **values["connection"]}
    if ("connection", "security_profile") not in v.bad:
        generated = values["security"].get("certificates", "generate") == "generate"
        _security_checks(v, side, connection, "csms_url" in values["connection"], missing, generated)
        level = connection["security_profile"]
        if level and values["security"] and not values["security"].get(f"profile_{level}", False):
            v.issue(("security", f"profile_{level}"),
                    f"must be true: connection.security_profile is {level}")

    capabilities = {**_plain(Capabilities()), **values["capabilities"]}
    offline = values["capabilities"].get("offline_authorization", ())
    if "cache" in offline and not capabilities["authorization_cache"]:
        v.issue(("capabilities", "offline_authorization"),
                '"cache" needs capabilities.authorization_cache = true')
    if "local_list" in offline and Profile.LOCAL_AUTH_LIST_MANAGEMENT not in profiles:
        v.issue(("capabilities", "offline_authorization"),
                '"local_list" needs profiles.local_auth_list_management = true')

    tags = {**_plain(IdTags()), **values["id_tags"]}
    first_with: dict[str, str] = {}
    for name, tag in tags.items():
        if (other := first_with.setdefault(tag.lower(), name)) != name:  # IdToken ignores case
            at = name if name in values["id_tags"] else other
            v.issue(("id_tags", at), f"must differ from id_tags.{other if at == name else name}")

    _configuration_agrees(v, capabilities, profiles, configuration)


def _security_checks(
    v: _Validator,
    side: SutSide | None,
    connection: dict[str, Any],
    url_declared: bool,
    missing: Callable[[str, str, dict[str, Any]], bool],
    generated: bool = False,
) -> None:
    """What each security profile needs: a password for 1 and 2, TLS files (unless the harness
    generates its test PKI, security.certificates), the URL scheme."""
    level = connection["security_profile"]
    if level in (1, 2) and missing("connection", "basic_auth_password", connection):
        v.issue(("connection", "basic_auth_password"),
                "required when connection.security_profile is 1 or 2")
    needed: list[tuple[str, str]] = []
    if side is SutSide.CHARGE_POINT and level >= 2:
        needed += [("tls_cert_file", "2 or 3"), ("tls_key_file", "2 or 3")]
    if side is SutSide.CHARGE_POINT and level == 3:
        needed.append(("tls_ca_file", "3"))
    if side is SutSide.CSMS and level == 3:
        needed += [("tls_cert_file", "3"), ("tls_key_file", "3")]
    for name, levels in needed if not generated else ():
        if missing("connection", name, connection):
            v.issue(("connection", name), f"required when connection.security_profile is {levels}")
    if side is SutSide.CSMS and url_declared:
        scheme = "wss" if level >= 2 else "ws"
        if urlsplit(connection["csms_url"]).scheme != scheme:
            levels = "2 or 3" if level >= 2 else "0 or 1"
            v.issue(("connection", "csms_url"),
                    f"must start with {scheme}:// when connection.security_profile is {levels}, "
                    f"got {_describe(_redact_url(connection['csms_url']))}")


_MIRRORED: tuple[tuple[str, str], ...] = (
    ("NumberOfConnectors", "connectors"),
    ("MaxChargingProfilesInstalled", "max_charging_profiles_installed"),
    ("ChargingScheduleMaxPeriods", "charging_schedule_max_periods"),
    ("ChargeProfileMaxStackLevel", "charge_profile_max_stack_level"),
    ("ReserveConnectorZeroSupported", "reserve_connector_zero"),
)
"""Configuration keys that restate a capability; the two must agree."""

_RATE_UNITS = {"Current": "A", "Power": "W"}


def _configuration_agrees(
    v: _Validator,
    capabilities: dict[str, Any],
    profiles: frozenset[Profile],
    configuration: dict[str, ConfigurationKey],
) -> None:
    """A PICS that contradicts the DUT's own configuration would fail TC_019 for nothing."""

    def declared(key: str) -> tuple[str, ConfigurationKey] | None:
        for name, entry in configuration.items():
            if name.lower() == key.lower():
                return name, entry
        return None

    def disagree(name: str, entry: ConfigurationKey, what: str) -> None:
        v.issue((_CONFIGURATION, name), f"{_describe(entry.value)} disagrees with {what}")

    for key, capability in _MIRRORED:
        if (found := declared(key)) is None or ("capabilities", capability) in v.bad:
            continue
        expected = capabilities[capability]
        text = str(expected).lower() if isinstance(expected, bool) else str(expected)
        if found[1].value.strip().lower() != text.lower():
            disagree(*found, f"capabilities.{capability} = {_describe(expected)}")
    found = declared("ChargingScheduleAllowedChargingRateUnit")
    if found is not None and ("capabilities", "charging_rate_units") not in v.bad:
        units = {_RATE_UNITS.get(item.strip(), item.strip()) for item in found[1].value.split(",")}
        if units != set(capabilities["charging_rate_units"]):
            disagree(*found, "capabilities.charging_rate_units = "
                     f"{_describe(list(capabilities['charging_rate_units']))}")
    found = declared("SupportedFeatureProfiles")
    if found is not None and not any(path[0] == "profiles" for path in v.bad):
        listed = {item.strip() for item in found[1].value.split(",") if item.strip()}
        expected_profiles = {str(p) for p in profiles if p is not Profile.SECURITY}
        if listed != expected_profiles:
            names = ", ".join(sorted(expected_profiles))
            disagree(*found, f"[profiles], which declares {names}")


def _parse(text: str, source: str, base_dir: Path | None) -> Pics:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PicsError(source, [_syntax_issue(str(exc), text)]) from None
    v = _Validator(doc, _Locator(text))
    tables = v.tables()
    values = {s.name: v.section(s, tables.get(s.name, {})) for s in _SECTIONS}
    configuration = v.configuration(tables.get(_CONFIGURATION, {}))

    side = SutSide(values["dut"]["side"]) if "side" in values["dut"] else None
    declared = {**{key: key == "core" for key in _PROFILE_KEYS}, **values["profiles"]}
    profiles = frozenset(_PROFILE_KEYS[key] for key, on in declared.items() if on)
    _cross_checks(v, side, values, profiles, configuration)
    if v.issues:
        raise PicsError(source, v.issues)
    assert side is not None

    connection = values["connection"]
    if base_dir is not None:
        for name in ("tls_ca_file", "tls_cert_file", "tls_key_file"):
            if connection.get(name):
                connection[name] = str(base_dir / connection[name])
    dut = values["dut"]
    return Pics(
        side=side,
        identity=Identity(**{k: val for k, val in dut.items() if k != "side"}),
        profiles=profiles,
        connection=Connection(**connection),
        capabilities=Capabilities(**values["capabilities"]),
        id_tags=IdTags(**values["id_tags"]),
        configuration=configuration,
        timing=Timing(**values["timing"]),
        operator=OperatorSettings(**values["operator"]),
        unsupported=Unsupported(**values["unsupported"]),
        source=source,
        security=Security(**values["security"]),
        verdicts=Verdicts(**values["verdicts"]),
    )


def _syntax_issue(message: str, text: str) -> PicsIssue:
    """tomllib puts the position at the end of its message: "... (at line 3, column 5)"."""
    match = re.search(r" \(at line (\d+), column (\d+)\)$", message)
    if match:
        reason = message[: match.start()]
        return PicsIssue(int(match[1]), "", f"invalid TOML: {reason} (column {match[2]})")
    reason = message.removesuffix(" (at end of document)")
    last_line = max(len(text.splitlines()), 1)
    return PicsIssue(last_line, "", f"invalid TOML: {reason} (at end of file)")


def parse_pics(text: str, source: str = "<string>") -> Pics:
    """Validate a PICS given as TOML text; raises :class:`PicsError` listing every problem."""
    return _parse(text, source, None)


def load_pics(path: str | Path) -> Pics:
    """Read and validate a PICS file; raises :class:`PicsError` listing every problem.

    TLS file paths in the PICS are taken relative to the file, so a run works from any directory.
    """
    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        issue = PicsIssue(line, "", "invalid TOML: the file is not UTF-8")
        raise PicsError(str(path), [issue]) from None
    return _parse(text, str(path), path.parent)
