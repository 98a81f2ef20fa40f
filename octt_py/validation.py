"""OCPP 1.6 JSON schema validation against the official OCA schemas or the errata-corrected set.

Every validator is built once, when a `SchemaSet` loads. `validate` is the hot path: it asks a
compiled validity check first (plain closures, about 20x cheaper than jsonschema's `is_valid`, see
docs/performance.md) and only for a payload that fails walks jsonschema's individual errors, so
every violation message comes from one place. Payloads come from the device under test, so
`validate` never raises on them: whatever it cannot accept (wrong type, unknown action, absurd
nesting) comes back as a `SchemaViolation`.

The keywords that report on payload values are re-implemented here rather than taken from
jsonschema, because jsonschema renders the offending value with `repr()` while validating: that
is unbounded for a 10 MB string, raises for 10 000-deep nesting or a 5000-digit integer, and
gives no "(max 20)" context. Our versions render a short preview and say what the limit was.
"""

from __future__ import annotations

import copy
import hashlib
import json
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from rfc3339_validator import validate_rfc3339
from rfc3986_validator import validate_rfc3986

SCHEMA_ROOT = Path(__file__).resolve().parents[1] / "schemas"


class Variant(StrEnum):
    OFFICIAL = "official"
    CORRECTED = "corrected"


class Kind(StrEnum):
    REQUEST = "request"
    RESPONSE = "response"


@dataclass(frozen=True)
class SchemaViolation:
    """One way a payload breaks its schema, precise enough to cite in a verdict."""

    action: str
    kind: Kind
    pointer: str  # JSON pointer into the payload, "" for the root
    rule: str  # the schema keyword broken, or "action" / "depth" when no schema applies
    message: str

    def __str__(self) -> str:
        return f"{self.action} {self.kind} {self.pointer or '(root)'}: {self.rule}: {self.message}"


def _is_date_time(value: str) -> bool:
    """RFC 3339 section 5.6; 'T' and 'Z' may be lower case there, hence upper()."""
    return bool(validate_rfc3339(value.upper()))


def _is_uri(value: str) -> bool:
    """An absolute URI per RFC 3986 (JSON Schema's 'uri'; relative references fail)."""
    return validate_rfc3986(value, rule="URI") is not None


# Our own checker over directly imported checks, not jsonschema's optional ones: a missing
# rfc3339/rfc3986 package is then an ImportError instead of a format silently not checked.
FORMAT_CHECKER = FormatChecker(formats=())
FORMAT_CHECKER.checks("date-time")(_is_date_time)
FORMAT_CHECKER.checks("uri")(_is_uri)

_FORMAT_STANDARD = {"date-time": "RFC 3339", "uri": "RFC 3986"}

# Everything the schema set may use. Loading fails on anything else, so an unchecked format or
# a keyword whose messages would repr() payload values cannot slip in with a schema update.
_SUPPORTED_KEYWORDS = frozenset(
    {"$schema", "$id", "id", "title", "javaType"}  # identification, annotations
    | {"type", "enum", "maxLength", "format", "multipleOf", "minItems", "required"}
    | {"properties", "additionalProperties", "items", "additionalItems", "definitions", "$ref"}
)

_PREVIEW_CHARS = 32
_NAME_CHARS = 64


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _show(value: object) -> str:
    """A short one-line rendering of a payload value: bounded, never recursive."""
    if isinstance(value, str):
        return repr(_cut(value, _PREVIEW_CHARS))
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):  # str() of a huge int is slow, and refused past 4300 digits
        return str(value) if value.bit_length() <= 128 else f"a {value.bit_length()}-bit integer"
    if isinstance(value, numbers.Number):
        return str(value)
    if isinstance(value, list):
        return f"an array of {_count(len(value), 'item')}" if value else "[]"
    if isinstance(value, dict):
        return f"an object of {_count(len(value), 'member')}" if value else "{}"
    return f"a {type(value).__name__}"


def _decimal(number: Any) -> tuple[int, int] | None:
    """`number` as written in JSON, exactly: (digits, scale) with number == digits / 10**scale.

    A float's repr() is the shortest decimal that reads back as the same float, i.e. what the
    sender wrote (6.1, not 6.0999999999999996447286321199499070644378662109375). None for NaN,
    the infinities and anything json.loads does not produce (Decimal, complex, ...).
    """
    if isinstance(number, float):
        mantissa, _, exponent = float.__repr__(number).partition("e")  # '1e+22', '1.5e-07'
        whole, _, fraction = mantissa.partition(".")
        try:
            return int(whole + fraction), len(fraction) - int(exponent) if exponent else len(
                fraction
            )
        except ValueError:  # 'nan', 'inf', '-inf'
            return None
    if isinstance(number, int) and not isinstance(number, bool):
        return int(number), 0
    return None


def _is_multiple(value: tuple[int, int] | None, step: tuple[int, int]) -> bool:
    """Whether value / step is an integer, in integer arithmetic on the exact decimals: binary
    floating point says 6.1 / 0.1 == 60.99999999999999, and Fraction costs ~8 µs a number."""
    if value is None:
        return False
    (digits, scale), (step_digits, step_scale) = value, step
    shift = step_scale - scale  # value / step == digits * 10**shift / step_digits
    if shift >= 0:
        return digits * 10**shift % step_digits == 0
    return digits % (step_digits * 10**-shift) == 0


def _json_equal(a: object, b: object) -> bool:
    """JSON equality: true is not 1, but 1 equals 1.0."""
    if type(a) is type(b):
        return a == b
    return type(a) in (int, float) and type(b) in (int, float) and a == b


Errors = Iterator[ValidationError]


def _type(validator: Validator, types: str | list[str], instance: Any, schema: Any) -> Errors:
    types = [types] if isinstance(types, str) else types
    if not any(validator.is_type(instance, t) for t in types):
        yield ValidationError(f"{_show(instance)} is not of type {', '.join(map(repr, types))}")


def _enum(validator: Validator, allowed: list[Any], instance: Any, schema: Any) -> Errors:
    if not any(_json_equal(instance, value) for value in allowed):
        yield ValidationError(f"{_show(instance)} is not one of {allowed!r}")


def _max_length(validator: Validator, limit: int, instance: Any, schema: Any) -> Errors:
    if validator.is_type(instance, "string") and len(instance) > limit:
        yield ValidationError(f"{_show(instance)} is too long (max {limit})")


def _min_items(validator: Validator, limit: int, instance: Any, schema: Any) -> Errors:
    if validator.is_type(instance, "array") and len(instance) < limit:
        yield ValidationError(f"{_show(instance)} is too short (min {_count(limit, 'item')})")


def _format(validator: Validator, name: str, instance: Any, schema: Any) -> Errors:
    if isinstance(instance, str):
        check, _ = FORMAT_CHECKER.checkers[name]
        if not check(instance):
            yield ValidationError(
                f"{_show(instance)} is not a valid {name} ({_FORMAT_STANDARD[name]})"
            )


def _multiple_of(validator: Validator, step: float, instance: Any, schema: Any) -> Errors:
    """Decimal arithmetic: in binary floating point 6.1 / 0.1 == 60.99999999999999."""
    if not validator.is_type(instance, "number"):
        return
    if not _is_multiple(_decimal(instance), _step(step)):
        yield ValidationError(f"{_show(instance)} is not a multiple of {step}")


def _step(step: Any) -> tuple[int, int]:
    """A multipleOf value as an exact decimal; the metaschema already made it a positive number."""
    exact = _decimal(step)
    if exact is None or exact[0] <= 0:
        raise ValueError(f"multipleOf {step!r} is not a positive finite int or float")
    return exact


def _additional_properties(
    validator: Validator, allowed: bool, instance: Any, schema: Any
) -> Errors:
    """One violation per unexpected member, pointing at that member."""
    if allowed is False and validator.is_type(instance, "object"):
        known = schema.get("properties", {})
        for name in instance:
            if name not in known:
                yield ValidationError(
                    f"additional property {_show(name)} is not allowed", path=[name]
                )


_OWN_KEYWORDS = {
    "type": _type,
    "enum": _enum,
    "maxLength": _max_length,
    "minItems": _min_items,
    "format": _format,
    "multipleOf": _multiple_of,
    "additionalProperties": _additional_properties,
}


@cache
def _validator_class(base: type[Validator]) -> type[Validator]:
    extended: type[Validator] = validators.extend(base, _OWN_KEYWORDS)
    return extended


def _check_supported(schema: object, where: str) -> None:
    """Refuse schema features the keyword implementations above do not handle."""
    if not isinstance(schema, dict):
        raise TypeError(f"{where}: a schema must be an object")
    unknown = schema.keys() - _SUPPORTED_KEYWORDS
    if unknown:
        raise ValueError(f"{where}: unsupported keyword(s) {sorted(unknown)}")
    if not isinstance(schema.get("additionalProperties", False), bool):
        raise TypeError(f"{where}: additionalProperties must be true or false")
    if "format" in schema and schema["format"] not in FORMAT_CHECKER.checkers:
        raise ValueError(f"{where}: format {schema['format']!r} would not be checked")
    for keyword in ("properties", "definitions"):
        for name, sub in schema.get(keyword, {}).items():
            _check_supported(sub, f"{where}/{keyword}/{name}")
    if "items" in schema:  # tuple validation would bring additionalItems to life
        _check_supported(schema["items"], f"{where}/items")


# --- the compiled validity check --------------------------------------------------------------
#
# jsonschema's is_valid spends most of its time in per-keyword dispatch (descend/evolve), not in
# the checks. The schemas use a closed set of keywords (_SUPPORTED_KEYWORDS, enforced at load),
# so each one compiles into plain nested closures. Semantics are drafts 4 and 6 for payloads from
# json.loads. A check may be stricter than jsonschema (validate then asks jsonschema, which finds
# nothing), never more lenient: so a subclass of a JSON type (never produced by json.loads) is
# answered False and left to jsonschema, and formats and multipleOf use the very functions above.

Check = Callable[[Any], bool]


def _always(value: Any) -> bool:
    return True


def _type_check(names: str | list[str], integral_floats: bool) -> Check:
    """Exact built-in types: bool is neither integer nor number. Draft 6 calls 1.0 an integer."""
    exact: dict[str, Check] = {
        "string": lambda v: type(v) is str,
        "integer": (
            (lambda v: type(v) is int or (type(v) is float and v.is_integer()))
            if integral_floats
            else (lambda v: type(v) is int)
        ),
        "number": lambda v: type(v) is int or type(v) is float,
        "boolean": lambda v: type(v) is bool,
        "object": lambda v: type(v) is dict,
        "array": lambda v: type(v) is list,
        "null": lambda v: v is None,
    }
    if isinstance(names, str):
        return exact[names]
    preds = [exact[name] for name in names]
    return lambda v: any(pred(v) for pred in preds)


def _enum_check(allowed: list[Any]) -> Check:
    if all(type(a) is str for a in allowed):  # every OCPP 1.6 enum: a set lookup
        members = frozenset(allowed)
        return lambda v: type(v) is str and v in members
    return lambda v: any(_json_equal(v, a) for a in allowed)


def _string_check(node: Mapping[str, Any]) -> Check | None:
    limit, name = node.get("maxLength"), node.get("format")
    if limit is None and name is None:
        return None
    test: Callable[[str], bool] = FORMAT_CHECKER.checkers[name][0] if name else _always

    def check(v: Any) -> bool:
        if type(v) is not str:
            return not isinstance(v, str)
        return (limit is None or len(v) <= limit) and bool(test(v))

    return check


def _number_check(node: Mapping[str, Any]) -> Check | None:
    if "multipleOf" not in node:
        return None
    step = _step(node["multipleOf"])

    def check(v: Any) -> bool:
        if type(v) is int or type(v) is float:
            return _is_multiple(_decimal(v), step)
        return isinstance(v, bool) or not isinstance(v, numbers.Number)

    return check


def _array_check(node: Mapping[str, Any], root: Mapping[str, Any]) -> Check | None:
    items = _compile(node["items"], root) if "items" in node else None  # always one schema
    least = node.get("minItems")
    if items is None and least is None:
        return None

    def check(v: Any) -> bool:
        if type(v) is not list:
            return not isinstance(v, list)
        return (least is None or len(v) >= least) and (items is None or all(map(items, v)))

    return check


def _object_check(node: Mapping[str, Any], root: Mapping[str, Any]) -> Check | None:
    if not {"properties", "required", "additionalProperties"} & node.keys():
        return None
    members = {name: _compile(sub, root) for name, sub in node.get("properties", {}).items()}
    required = tuple(node.get("required", ()))
    closed = node.get("additionalProperties", True) is False

    def check(v: Any) -> bool:
        if type(v) is not dict:
            return not isinstance(v, dict)
        for name in required:
            if name not in v:
                return False
        for name, value in v.items():
            member = members.get(name)
            if member is None:
                if closed:
                    return False
            elif not member(value):
                return False
        return True

    return check


def _resolve(ref: str, root: Mapping[str, Any]) -> Any:
    """A local reference ('#/definitions/X'); the schemas use no other kind."""
    if not ref.startswith("#"):
        raise ValueError(f"$ref {ref!r}: only references inside the same schema are supported")
    target: Any = root
    for token in ref[1:].split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        target = target[int(token)] if isinstance(target, list) else target[token]
    return target


def _compile(node: Mapping[str, Any], root: Mapping[str, Any]) -> Check:
    """One closure per schema node, doing only what the node's keywords ask."""
    if "$ref" in node:  # drafts 4 and 6 ignore the siblings of $ref
        return _compile(_resolve(node["$ref"], root), root)
    checks = [] if "type" not in node else [_type_check(node["type"], _integral_floats(root))]
    if "enum" in node:
        checks.append(_enum_check(node["enum"]))
    for check in (
        _string_check(node),
        _number_check(node),
        _array_check(node, root),
        _object_check(node, root),
    ):
        if check is not None:
            checks.append(check)
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def every(v: Any) -> bool:
        for check in checks:
            if not check(v):
                return False
        return True

    return every


def _integral_floats(root: Mapping[str, Any]) -> bool:
    """Whether the schema's draft (6, not 4) calls 1.0 an integer: asked of jsonschema itself."""
    base = validators.validator_for(root, default=Draft4Validator)
    return bool(base.TYPE_CHECKER.is_type(1.0, "integer"))


def _pointer(path: Iterable[str | int]) -> str:
    """RFC 6901 pointer; a segment over 64 characters (only an unexpected member name can be
    that long) is cut to end in "…", so a hostile 10 MB key cannot flood the report."""
    return "".join(
        "/" + _cut(str(p), _NAME_CHARS).replace("~", "~0").replace("/", "~1") for p in path
    )


def _path_order(path: Iterable[str | int]) -> tuple[tuple[int, int | str], ...]:
    """Array indexes in numeric order, so /meterValue/2 comes before /meterValue/10."""
    return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in path)


def _apply_errata(schemas: dict[str, Any], overlay: Mapping[str, Any]) -> None:
    """Apply the overlay's 'add' operations in place; any mismatch with the base is an error."""
    seen: set[str] = set()
    for entry in overlay["errata"]:
        ident = entry["id"]
        if ident in seen or entry["op"] != "add" or not entry.get("why"):
            raise ValueError(f"erratum {ident}: duplicate id, op other than 'add', or no 'why'")
        seen.add(ident)
        *parents, last = [
            t.replace("~1", "/").replace("~0", "~") for t in entry["path"].split("/")[1:]
        ]
        target: Any = schemas[entry["file"]]
        for token in parents:
            target = target[int(token)] if isinstance(target, list) else target[token]
        if isinstance(target, list) and last.isdigit() and int(last) <= len(target):
            target.insert(int(last), copy.deepcopy(entry["value"]))
        elif isinstance(target, dict) and last not in target:
            target[last] = copy.deepcopy(entry["value"])
        else:
            raise ValueError(f"erratum {ident}: cannot add at {entry['path']}")


def _action_and_kind(file_name: str) -> tuple[str, Kind]:
    stem = file_name.removesuffix(".json")
    if stem.endswith("Response"):
        return stem.removesuffix("Response"), Kind.RESPONSE
    return stem, Kind.REQUEST


class SchemaSet:
    """The schemas of one variant, each compiled once into a validity check and a jsonschema
    validator. Use `load()`."""

    def __init__(self, variant: Variant, schemas: Mapping[str, Any]) -> None:
        self.variant = variant
        canonical = json.dumps(schemas, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        self.fingerprint = hashlib.sha256(canonical.encode()).hexdigest()
        self._schemas: dict[tuple[str, Kind], Any] = {}
        self._validators: dict[tuple[str, Kind], Validator] = {}
        self._checks: dict[tuple[str, Kind], Check] = {}
        for file_name, schema in schemas.items():
            _check_supported(schema, file_name)
            base = validators.validator_for(schema, default=Draft4Validator)
            base.check_schema(schema)
            key = _action_and_kind(file_name)
            self._schemas[key] = schema
            self._validators[key] = _validator_class(base)(schema)
            try:
                self._checks[key] = _compile(schema, schema)
            except RecursionError:
                raise ValueError(f"{file_name}: cyclic $ref") from None
        self._actions = frozenset(action for action, _ in self._validators)
        missing = [
            f"{action} {kind}"
            for action in sorted(self._actions)
            for kind in Kind
            if (action, kind) not in self._validators
        ]
        if missing:
            raise ValueError(f"schema set lacks: {', '.join(missing)}")

    @classmethod
    def load(cls, variant: Variant = Variant.CORRECTED, root: Path | None = None) -> SchemaSet:
        """Read `<root>/ocpp16/*.json`, plus `<root>/errata.json` on top for CORRECTED."""
        root = SCHEMA_ROOT if root is None else root
        schemas = {
            path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((root / "ocpp16").glob("*.json"))
        }
        variant = Variant(variant)
        if variant is Variant.CORRECTED:
            _apply_errata(schemas, json.loads((root / "errata.json").read_text(encoding="utf-8")))
        return cls(variant, schemas)

    def actions(self) -> frozenset[str]:
        return self._actions

    def knows(self, action: str) -> bool:
        return action in self._actions

    def schema(self, action: str, kind: Kind) -> Any:
        """A copy of the effective schema (official or corrected) of one message."""
        return copy.deepcopy(self._schemas[action, Kind(kind)])

    def validate(self, action: str, kind: Kind, payload: object) -> list[SchemaViolation]:
        """All the ways `payload` breaks the schema of `action`/`kind`, by pointer; [] if valid.

        `action` and `payload` may be anything a device sent; a `kind` that is not a Kind is a
        harness bug and raises ValueError.
        """
        kind = Kind(kind)
        check = self._checks.get((action, kind)) if isinstance(action, str) else None
        if check is None:
            name = _cut(action, _NAME_CHARS) if isinstance(action, str) else _show(action)
            return [SchemaViolation(name, kind, "", "action", f"unknown action {_show(action)}")]
        try:
            if check(payload):
                return []
        except RecursionError:  # the caller is deep in its stack: the detailed path reports it
            pass
        return self._violations(action, kind, payload)

    def _violations(self, action: str, kind: Kind, payload: object) -> list[SchemaViolation]:
        """jsonschema's detailed verdict, the one source of violation messages; [] if valid."""
        try:
            errors = list(self._validators[action, kind].iter_errors(payload))
        except RecursionError:
            return [
                SchemaViolation(action, kind, "", "depth", "payload nested too deeply to validate")
            ]
        errors.sort(key=lambda e: (_path_order(e.absolute_path), str(e.validator), e.message))
        return [
            SchemaViolation(action, kind, _pointer(e.absolute_path), str(e.validator), e.message)
            for e in errors
        ]


@cache
def default_schemas() -> SchemaSet:
    """The CORRECTED set from the repository's schemas/, loaded once per process."""
    return SchemaSet.load()
