"""What a compiled validity check would cost: a sketch that backs docs/performance.md.

    python bench/compiled_validity.py

Not product code. The receive path spends nearly all its time in jsonschema's ``is_valid``,
whose per-keyword ``descend``/``evolve`` machinery costs far more than the checks themselves.
The OCPP 1.6 schemas use a closed, small set of keywords (``validation._SUPPORTED_KEYWORDS``),
so each schema can be turned once into plain nested closures. This script builds such closures,
checks that they agree with ``SchemaSet.validate`` on the bench frames and on random mutations
of them, and times both. A fast check that says "invalid" would still hand the payload to
jsonschema for the detailed violations, so only its "valid" answers must never be wrong.
"""

from __future__ import annotations

import copy
import random
import statistics
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from run import Sample, harness_parts, library_sync_costs, sample_frames

from octt_py.ocppj.frames import parse
from octt_py.validation import FORMAT_CHECKER, Kind, SchemaSet, default_schemas

Check = Callable[[Any], bool]

TYPES: dict[str, Check] = {
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,  # draft 4: 1.0 is not an integer, True is not one either
    "number": lambda v: type(v) is int or type(v) is float,
    "boolean": lambda v: type(v) is bool,
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "null": lambda v: v is None,
}


def compile_schema(schema: dict[str, Any], root: dict[str, Any]) -> Check:
    """One closure per schema node, doing only what the node's keywords ask (draft 4 semantics
    for payloads from json.loads: exact built-in types only)."""
    if "$ref" in schema:  # draft 4 ignores the siblings of $ref
        ref = schema["$ref"]
        if not ref.startswith("#/definitions/"):
            raise ValueError(f"sketch resolves local definitions only, not {ref}")
        return compile_schema(root["definitions"][ref.removeprefix("#/definitions/")], root)
    checks = [check for check in (_type(schema), _enum(schema), _string(schema), _number(schema),
                                  _array(schema, root), _object(schema, root)) if check is not None]  # fmt: skip
    if not checks:
        return lambda _v: True
    if len(checks) == 1:
        return checks[0]

    def every(v: Any) -> bool:
        for check in checks:
            if not check(v):
                return False
        return True

    return every


def _type(schema: dict[str, Any]) -> Check | None:
    if "type" not in schema:
        return None
    names = [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
    if len(names) == 1:
        return TYPES[names[0]]
    preds = [TYPES[n] for n in names]
    return lambda v: any(p(v) for p in preds)


def _enum(schema: dict[str, Any]) -> Check | None:
    if "enum" not in schema:
        return None
    allowed = schema["enum"]
    if not all(isinstance(a, str) for a in allowed):
        raise ValueError("sketch handles string enums only (all OCPP 1.6 enums are)")
    members = frozenset(allowed)
    return lambda v: type(v) is str and v in members


def _string(schema: dict[str, Any]) -> Check | None:
    limit, fmt = schema.get("maxLength"), schema.get("format")
    test = FORMAT_CHECKER.checkers[fmt][0] if fmt else None
    if limit is None and test is None:
        return None
    return lambda v: (
        type(v) is not str
        or ((limit is None or len(v) <= limit) and (test is None or bool(test(v))))
    )


def _number(schema: dict[str, Any]) -> Check | None:
    """Exact decimal multipleOf in integer arithmetic: Fraction(repr(v)) is exact too, but costs
    about 8 µs per number, which is most of a 16-period SetChargingProfile."""
    if "multipleOf" not in schema:
        return None
    step_digits, step_scale = _decimal(repr(schema["multipleOf"]))

    def multiple(v: Any) -> bool:
        if type(v) is int:
            return v * 10**step_scale % step_digits == 0
        if type(v) is not float:
            return True
        text = repr(v)
        if "e" in text or "n" in text:  # exponent form, inf, nan: the exact slow path
            try:
                return (Fraction(text) / Fraction(step_digits, 10**step_scale)).denominator == 1
            except (ValueError, OverflowError):
                return False
        digits, scale = _decimal(text)
        if scale <= step_scale:
            return digits * 10 ** (step_scale - scale) % step_digits == 0
        return digits % (step_digits * 10 ** (scale - step_scale)) == 0

    return multiple


def _decimal(text: str) -> tuple[int, int]:
    """'6.15' -> (615, 2): the integer digits and how many of them are decimals."""
    whole, _, fraction = text.partition(".")
    return int(whole + fraction), len(fraction)


def _array(schema: dict[str, Any], root: dict[str, Any]) -> Check | None:
    items = compile_schema(schema["items"], root) if isinstance(schema.get("items"), dict) else None
    least = schema.get("minItems")
    if items is None and least is None:
        return None
    return lambda v: (
        type(v) is not list
        or ((least is None or len(v) >= least) and (items is None or all(map(items, v))))
    )


def _object(schema: dict[str, Any], root: dict[str, Any]) -> Check | None:
    if not {"properties", "required", "additionalProperties"} & schema.keys():
        return None
    members = {
        name: compile_schema(sub, root) for name, sub in schema.get("properties", {}).items()
    }
    required = tuple(schema.get("required", ()))
    closed = schema.get("additionalProperties", True) is False

    def check(v: Any) -> bool:
        if type(v) is not dict:
            return True
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


def compile_set(schemas: SchemaSet) -> dict[tuple[str, Kind], Check]:
    return {
        (action, kind): compile_schema(
            schemas._schemas[action, kind], schemas._schemas[action, kind]
        )
        for action in schemas.actions()
        for kind in Kind
    }


BAD_VALUES: list[Any] = [
    None,
    True,
    7,
    6.15,
    -1.0,
    1e22,
    0.30000000000000004,
    "x" * 600,
    "not-a-date",
    "Bogus",
    {},
    [],
    {"x": 1},
]


def mutate(payload: Any, rng: random.Random) -> Any:
    """A copy of ``payload`` with one random member replaced, dropped, or an unknown one added."""
    mutated = copy.deepcopy(payload)
    node, path = mutated, []
    while isinstance(node, (dict, list)) and node and rng.random() < 0.75:
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        if not isinstance(node[key], (dict, list)):
            break
        path.append(key)
        node = node[key]
    if isinstance(node, dict) and node:
        key = rng.choice(list(node))
        what = rng.random()
        if what < 0.15:
            del node[key]
        elif what < 0.25:
            node["unknownMember"] = 1
        else:
            node[key] = rng.choice(BAD_VALUES)
    elif isinstance(node, list) and node:
        node[rng.randrange(len(node))] = rng.choice(BAD_VALUES)
    return mutated


def agreement(
    samples: list[Sample], checks: dict[tuple[str, Kind], Check], schemas: SchemaSet, n: int
) -> tuple[int, int]:
    """(cases checked, cases where the sketch said valid but jsonschema found violations)."""
    rng, wrong, total = random.Random(1), 0, 0
    for sample in samples:
        kind = Kind.REQUEST if sample.message_type == 2 else Kind.RESPONSE
        for payload in [sample.payload] + [mutate(sample.payload, rng) for _ in range(n)]:
            total += 1
            if checks[sample.action, kind](payload) and schemas.validate(
                sample.action, kind, payload
            ):
                wrong += 1
    return total, wrong


def median_us(check: Check, payload: Any, n: int) -> float:
    costs = []
    for _ in range(n):
        start = time.perf_counter_ns()
        check(payload)
        costs.append(time.perf_counter_ns() - start)
    return statistics.median(costs) / 1e3


def main() -> int:
    schemas = default_schemas()
    checks = compile_set(schemas)
    samples = sample_frames()
    total, wrong = agreement(samples, checks, schemas, 500)
    print(f"agreement on {total} payloads (bench frames and random mutations): "
          f"{wrong} said valid where jsonschema found violations")  # fmt: skip
    print(
        f"{'frame':34} {'jsonschema':>11} {'compiled':>9} {'speed-up':>9} {'parse':>7} {'ocpp sync':>10} {'(parse+compiled)/ocpp':>22}"
    )
    for sample in samples:
        kind = Kind.REQUEST if sample.message_type == 2 else Kind.RESPONSE
        payload = parse(sample.text("0123456789")).payload  # type: ignore[union-attr]
        parts = harness_parts(sample, 300)
        compiled = median_us(checks[sample.action, kind], payload, 2000)
        library = statistics.median(library_sync_costs(sample, 300)) / 1e3
        print(
            f"{sample.name:34} {parts['validate']:>9.1f}µs {compiled:>7.1f}µs {parts['validate'] / compiled:>8.0f}x"
            f" {parts['parse']:>5.1f}µs {library:>8.1f}µs {(parts['parse'] + compiled) / library:>21.1%}"
        )
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
