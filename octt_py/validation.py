"""OCPP 1.6 JSON schema validation against the official OCA schemas or the errata-corrected set.

Every validator is built once, when a `SchemaSet` loads. `validate` is the hot path: it asks a
generated validity check first (one Python function per schema, written and compiled at load,
60-130x cheaper than jsonschema's `is_valid`, see "the generated validity check" below) and only
for a payload that fails walks jsonschema's individual errors, so every violation message comes
from one place. Payloads come from the device under test, so `validate` never raises on them:
whatever it cannot accept (wrong type, unknown action, absurd nesting) comes back as a
`SchemaViolation`.

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
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from rfc3339_validator import RFC3339_REGEX, validate_rfc3339
from rfc3986_validator import validate_rfc3986

from octt_py.secrets import MAX_SECRET_CHARS
from octt_py.secrets import RUN as RUN_SECRETS

SCHEMA_ROOT: Traversable = files("octt_py") / "schemas"
"""The schema files shipped inside the package, read as package data so any install finds them."""


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
    """RFC 3339 section 5.6; 'T' and 'Z' may be lower case there, hence upper().

    The library's own pattern first: a day from 01 to 28 exists in every month, so only the
    other days need its calendar check, which costs twice the pattern.
    """
    upper = value.upper()
    match = RFC3339_REGEX.match(upper)
    if match is None:
        return False
    if "01" <= match[3] <= "28" and match[1] != "0000":  # year 0 does not exist
        return True
    return bool(validate_rfc3339(upper))


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
    """``text`` cut to ``limit`` characters, the run's secrets scrubbed first: a password cut in
    half ("maxLength: 'xS3cr…'") would not be recognised afterwards."""
    text = RUN_SECRETS.text(text[: limit + MAX_SECRET_CHARS])
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


def _has_places(number: float, places: int) -> bool:
    """Whether a float is a multiple of 10**-places: what _is_multiple(_decimal(number), (1,
    places)) says, about 3x cheaper when the answer is yes.

    round() gives the float nearest to the `places`-decimal number D nearest to `number`; if
    that is `number`, D reads back as `number`, so repr() (the shortest decimal that does, see
    _decimal) has no more decimals than D: fewer digits at the same magnitude, or a power of ten
    between the two, which then is the repr. Every other answer comes from the exact rule.
    """
    if round(number, places) == number and number - number == 0:  # finite: round(inf) is inf
        return True
    return _is_multiple(_decimal(number), (1, places))


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


# --- the generated validity check -------------------------------------------------------------
#
# jsonschema's is_valid spends most of its time in per-keyword dispatch (descend/evolve), not in
# the checks. The schemas use a closed set of keywords (_SUPPORTED_KEYWORDS, enforced at load),
# so each schema is translated once into the source of one Python function: nested objects and
# $refs inlined as straight-line code, a for-loop per array, `return False` at the first failure.
# `SchemaSet.source()` shows it; for BootNotification.json it is
#
#     def check(v0):
#         if type(v0) is not dict: return False
#         if 'chargePointVendor' not in v0 or 'chargePointModel' not in v0: return False
#         n0 = 2
#         v1 = v0['chargePointVendor']
#         if type(v1) is not str or len(v1) > 20: return False
#         ...
#         if 'chargeBoxSerialNumber' in v0:
#             n0 += 1
#             v1 = v0['chargeBoxSerialNumber']
#             if type(v1) is not str or len(v1) > 25: return False
#         ...
#         if len(v0) != n0: return False  # a member not in properties
#         return True
#
# Semantics are drafts 4 and 6 for payloads from json.loads. A check may be stricter than
# jsonschema (validate then asks jsonschema, which finds nothing), never more lenient: so a
# subclass of a JSON type (never produced by json.loads) is answered False and left to
# jsonschema, and formats and multipleOf call the very functions above.

Check = Callable[[Any], bool]


def _in_enum(value: Any, allowed: list[Any]) -> bool:
    """The enum rule for enums that are not all strings (no OCPP 1.6 schema has one)."""
    return any(_json_equal(value, a) for a in allowed)


def _format_helper(name: str) -> str:
    """The name generated code calls a format's check by: 'date-time' -> is_date_time."""
    return "is_" + "".join(c if c.isalnum() else "_" for c in name)


# The only names generated code uses besides its own constants and builtins.
_HELPERS: dict[str, Any] = {
    "decimal": _decimal,
    "is_multiple": _is_multiple,
    "has_places": _has_places,
    "in_enum": _in_enum,
    "loads": json.loads,
    "numbers": numbers,
    **{_format_helper(name): check for name, (check, _) in FORMAT_CHECKER.checkers.items()},
}

# The exact Python type of each JSON type that has one; number is int or float, null is None.
_PYTHON_TYPE = {
    "string": "str",
    "integer": "int",
    "boolean": "bool",
    "object": "dict",
    "array": "list",
}


def _fail(condition: str) -> str:
    return f"if {condition}: return False"


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _set_display(values: Iterable[str]) -> str:
    """A set display in schema order: `x in {...}` compiles to a frozenset constant."""
    return "{" + ", ".join(map(repr, values)) + "}"


class _Writer:
    """Writes the source of one schema's validity check; see the comment above for its shape.

    A node's code checks the value in `v<depth>` and falls through when it is valid; members
    and items of it go into `v<depth + 1>`, so siblings reuse a name and nested loops do not.
    """

    def __init__(self, where: str, root: Mapping[str, Any]) -> None:
        self._where = where
        self._root = root
        self._integral_floats = _integral_floats(root)
        self._constants: dict[str, str] = {}  # source of a value -> its name
        self._refs: list[str] = []  # the $refs being expanded, to refuse a cycle

    def module(self, title: str) -> str:
        body = self._node(self._root, 0)
        constants = [f"{name} = {value}" for value, name in self._constants.items()]
        lines = [f"# {title}", "", *constants, *[""] * bool(constants), "", "def check(v0):"]
        return "\n".join([*lines, *_indent([*body, "return True"]), ""])

    def _constant(self, prefix: str, value: str) -> str:
        """A module-level name for `value`, so that it is built once, not per call."""
        if value not in self._constants:
            same = sum(name.startswith(prefix + "_") for name in self._constants.values())
            self._constants[value] = f"{prefix}_{same + 1}"
        return self._constants[value]

    def _node(self, node: Mapping[str, Any], depth: int) -> list[str]:
        """Statements that return False unless `v<depth>` is valid against `node`."""
        if "$ref" in node:  # drafts 4 and 6 ignore the siblings of $ref
            ref = node["$ref"]
            if ref in self._refs:
                raise ValueError(f"{self._where}: cyclic $ref {ref!r}")
            self._refs.append(ref)
            inlined = self._node(_resolve(ref, self._root), depth)
            self._refs.pop()
            return inlined
        v = f"v{depth}"
        names = node.get("type")
        names = [names] if isinstance(names, str) else names
        # The exact types `v` may have once its type check passed; None when nothing checks it.
        known: set[str] | None = None
        head: list[str] = []  # conditions under which `v` is invalid, for one `if ...: return`
        if names is not None:
            known = set().union(*(self._py_types(name) for name in names))
            tests = [self._is_type(name, v) for name in names]
            head.append(f"not ({' or '.join(tests)})" if len(tests) > 1 else _negate(tests[0]))
        if "enum" in node:
            head.append(self._not_in_enum(node["enum"], v, known))
        lines: list[str] = []
        for types, guard, subclass, write in (
            ({"str"}, "type({v}) is str", "isinstance({v}, str)", self._string),
            (
                {"int", "float"},
                "type({v}) is int or type({v}) is float",
                "isinstance({v}, numbers.Number) and not isinstance({v}, bool)",
                self._number,
            ),
            ({"list"}, "type({v}) is list", "isinstance({v}, list)", self._array),
            ({"dict"}, "type({v}) is dict", "isinstance({v}, dict)", self._object),
        ):
            if known is not None and not known & types:
                continue  # `v` cannot be of this type
            conds, block = write(node, depth)
            if known is not None and known <= types:  # `v` is of this type: check unguarded
                head += conds
                lines += block
            elif conds or block:
                fails = [_fail(" or ".join(conds))] if conds else []
                lines += [f"if {guard.format(v=v)}:", *_indent(fails + block)]
                if known is None:  # a subclass: left to jsonschema
                    lines += [f"elif {subclass.format(v=v)}:", "    return False"]
        return ([_fail(" or ".join(head))] if head else []) + lines

    def _py_types(self, name: str) -> set[str]:
        """The exact types of the values that pass `_is_type(name)`."""
        if name == "number" or name == "integer" and self._integral_floats:
            return {"int", "float"}
        return {"NoneType"} if name == "null" else {_PYTHON_TYPE[name]}

    def _is_type(self, name: str, v: str) -> str:
        """Exact built-in types: bool is neither integer nor number. Draft 6 calls 1.0 an integer."""
        if name == "null":
            return f"{v} is None"
        if name == "integer" and self._integral_floats:
            return f"(type({v}) is int or type({v}) is float and {v}.is_integer())"
        if name == "number":
            return f"(type({v}) is int or type({v}) is float)"
        return f"type({v}) is {_PYTHON_TYPE[name]}"

    def _not_in_enum(self, allowed: list[Any], v: str, known: set[str] | None) -> str:
        if allowed and all(type(a) is str for a in allowed):  # every OCPP 1.6 enum
            test = f"{v} not in {_set_display(allowed)}"
            return test if known == {"str"} else f"type({v}) is not str or {test}"
        return f"not in_enum({v}, {self._constant('ENUM', f'loads({json.dumps(allowed)!r})')})"

    def _string(self, node: Mapping[str, Any], depth: int) -> tuple[list[str], list[str]]:
        v = f"v{depth}"
        conds = [f"len({v}) > {node['maxLength']}"] if "maxLength" in node else []
        if "format" in node:
            conds.append(f"not {_format_helper(node['format'])}({v})")
        return conds, []

    def _number(self, node: Mapping[str, Any], depth: int) -> tuple[list[str], list[str]]:
        if "multipleOf" not in node:
            return [], []
        v, step = f"v{depth}", _step(node["multipleOf"])
        if step[0] == 1 and step[1] >= 0:  # 1, 0.1, 0.01...: every int is a multiple
            return [f"type({v}) is float and not has_places({v}, {step[1]})"], []
        return [f"not is_multiple(decimal({v}), {self._constant('STEP', repr(step))})"], []

    def _array(self, node: Mapping[str, Any], depth: int) -> tuple[list[str], list[str]]:
        v, item = f"v{depth}", f"v{depth + 1}"
        conds = [f"len({v}) < {node['minItems']}"] if "minItems" in node else []
        body = self._node(node["items"], depth + 1) if "items" in node else []  # one schema
        return conds, [f"for {item} in {v}:", *_indent(body)] if body else []

    def _object(self, node: Mapping[str, Any], depth: int) -> tuple[list[str], list[str]]:
        v, member, count = f"v{depth}", f"v{depth + 1}", f"n{depth}"
        properties: Mapping[str, Any] = node.get("properties", {})
        required: list[str] = node.get("required", [])
        closed = node.get("additionalProperties", True) is False
        # A closed object has no other members than its known ones, i.e. exactly as many members
        # as known ones present: counted on the way, cheaper than a set operation on the names.
        present = len(set(required) & properties.keys())
        counted = closed and any(name not in required for name in properties)
        conds = [f"len({v}) != {present}"] if closed and not counted else []
        lines = (
            [_fail(" or ".join(f"{name!r} not in {v}" for name in required))] if required else []
        )
        lines += [f"{count} = {present}"] if counted else []
        for name, sub in properties.items():
            body = self._node(sub, depth + 1)
            if body:
                body = [f"{member} = {v}[{name!r}]", *body]
            if name in required:
                lines += body
            elif body or counted:  # `in`, not get(): absent members are common and cheaper
                lines += [f"if {name!r} in {v}:", *_indent([f"{count} += 1"] * counted + body)]
        if counted:
            lines.append(_fail(f"len({v}) != {count}") + "  # a member not in properties")
        return conds, lines


def _negate(test: str) -> str:
    """`test` turned around, readably: 'type(v) is str' -> 'type(v) is not str'."""
    if test.startswith("("):
        return f"not {test}"
    return test.replace(" is ", " is not ", 1)


def _generate(where: str, title: str, root: Mapping[str, Any]) -> tuple[str, Check]:
    """The source of a schema's validity check, and the check itself, compiled once."""
    source = _Writer(where, root).module(title)
    namespace = dict(_HELPERS)
    # Source written above from a schema that _check_supported accepted, never from a payload.
    exec(compile(source, f"<validity check {where}>", "exec"), namespace)  # noqa: S102
    check: Check = namespace["check"]
    return source, check


def _resolve(ref: str, root: Mapping[str, Any]) -> Any:
    """A local reference ('#/definitions/X'); the schemas use no other kind."""
    if not ref.startswith("#"):
        raise ValueError(f"$ref {ref!r}: only references inside the same schema are supported")
    target: Any = root
    for token in ref[1:].split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        target = target[int(token)] if isinstance(target, list) else target[token]
    return target


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
        self._sources: dict[tuple[str, Kind], str] = {}
        for file_name, schema in schemas.items():
            _check_supported(schema, file_name)
            base = validators.validator_for(schema, default=Draft4Validator)
            base.check_schema(schema)
            key = _action_and_kind(file_name)
            self._schemas[key] = schema
            self._validators[key] = _validator_class(base)(schema)
            title = f"{key[0]} {key[1]} ({variant}): the validity check generated from {file_name}"
            self._sources[key], self._checks[key] = _generate(file_name, title, schema)
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
    def load(
        cls, variant: Variant = Variant.CORRECTED, root: Path | Traversable | None = None
    ) -> SchemaSet:
        """Read `<root>/ocpp16/*.json`, plus `<root>/errata.json` on top for CORRECTED."""
        root = SCHEMA_ROOT if root is None else root
        schemas = {
            path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((root / "ocpp16").iterdir(), key=lambda p: p.name)
            if path.name.endswith(".json")
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

    def source(self, action: str, kind: Kind) -> str:
        """The Python source of the validity check generated for one message, for readers."""
        return self._sources[action, Kind(kind)]

    def validate(self, action: str, kind: Kind, payload: object) -> list[SchemaViolation]:
        """All the ways `payload` breaks the schema of `action`/`kind`, by pointer; [] if valid.

        `action` and `payload` may be anything a device sent; a `kind` that is not a Kind is a
        harness bug and raises ValueError.
        """
        kind = kind if type(kind) is Kind else Kind(kind)  # Kind(kind) alone costs 0.4 µs
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
    """The CORRECTED set from the package's schemas/, loaded once per process."""
    return SchemaSet.load()
