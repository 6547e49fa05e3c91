"""Choice Rules of JSONPath Choice states: comparison operators, one small test each, table-driven.

states-language.net — "Choice State". Paths are resolved by the caller's `lookup`, so this module
knows nothing of JSONPath: `lookup(path)` returns `(found, value)` for `$...`, `$$...` and `$var`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from engine.asl.errors import RUNTIME, StatesError

Lookup = Callable[[str], tuple[bool, Any]]
Relation = Callable[[Any, Any], bool]

COMBINATORS: frozenset[str] = frozenset({"And", "Or", "Not"})

_RELATIONS: dict[str, Relation] = {
    "Equals": operator.eq,
    "LessThan": operator.lt,
    "GreaterThan": operator.gt,
    "LessThanEquals": operator.le,
    "GreaterThanEquals": operator.ge,
}


def _as_string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _as_number(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _as_boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)


def _as_instant(value: Any) -> tuple[datetime, int] | None:
    """An RFC 3339 timestamp as (whole second, nanoseconds), comparable as an instant."""
    match = _RFC3339.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    day, clock, fraction, zone = match.groups()
    zone = "+00:00" if zone in ("Z", "z") else zone
    try:
        second = datetime.fromisoformat(f"{day}T{clock}{zone}")
    except ValueError:
        return None
    return second, int((fraction or "0")[:9].ljust(9, "0"))


# Family -> (coercion to a comparable value or None, relations the family supports).
_FAMILIES: dict[str, tuple[Callable[[Any], Any], tuple[str, ...]]] = {
    "String": (_as_string, tuple(_RELATIONS)),
    "Numeric": (_as_number, tuple(_RELATIONS)),
    "Boolean": (_as_boolean, ("Equals",)),
    "Timestamp": (_as_instant, tuple(_RELATIONS)),
}


def _comparison(coerce: Callable[[Any], Any], relation: Relation) -> Relation:
    """A test that is false on a type mismatch, else `relation` on the coerced values."""

    def test(value: Any, expected: Any) -> bool:
        left, right = coerce(value), coerce(expected)
        return left is not None and right is not None and relation(left, right)

    return test


def _string_matches(value: Any, pattern: Any) -> bool:
    """`*` matches any run of characters; `\\*` and `\\\\` stand for a literal `*` and `\\`."""
    if not isinstance(value, str) or not isinstance(pattern, str):
        return False
    return _wildcard_regex(pattern).fullmatch(value) is not None


def _wildcard_regex(pattern: str) -> re.Pattern[str]:
    tokens = re.findall(r"\\.|\\$|\*|[^\\*]+", pattern, re.DOTALL)
    parts = [".*" if token == "*" else re.escape(_unescape(token)) for token in tokens]
    return re.compile("".join(parts), re.DOTALL)


def _unescape(token: str) -> str:
    return token[1:] if token.startswith("\\") and len(token) == 2 else token


def _is_type(check: Callable[[Any], bool]) -> Relation:
    """IsNull/IsNumeric/…: true when the check's outcome equals the rule's boolean."""
    return lambda value, expected: check(value) is expected


_TYPE_TESTS: dict[str, Relation] = {
    "IsNull": _is_type(lambda value: value is None),
    "IsNumeric": _is_type(lambda value: _as_number(value) is not None),
    "IsString": _is_type(lambda value: isinstance(value, str)),
    "IsBoolean": _is_type(lambda value: isinstance(value, bool)),
    "IsTimestamp": _is_type(lambda value: _as_instant(value) is not None),
}


def _build_tests() -> dict[str, Relation]:
    tests: dict[str, Relation] = {"StringMatches": _string_matches, **_TYPE_TESTS}
    for family, (coerce, relations) in _FAMILIES.items():
        for name in relations:
            tests[f"{family}{name}"] = _comparison(coerce, _RELATIONS[name])
    return tests


_TESTS = _build_tests()
# Comparisons whose operand is a path to the value to compare with.
_PATH_OPERATORS = {
    f"{family}{name}Path": f"{family}{name}"
    for family, (_, relations) in _FAMILIES.items()
    for name in relations
}

OPERATORS: frozenset[str] = frozenset({*_TESTS, *_PATH_OPERATORS, "IsPresent"})
"""Every data-test operator (not And/Or/Not); used by the definition validator."""


def evaluate_rule(rule: Mapping[str, Any], lookup: Lookup) -> bool:
    """True when `rule` (a Choice Rule or a nested boolean expression) matches."""
    if "And" in rule:
        return all(evaluate_rule(item, lookup) for item in rule["And"])
    if "Or" in rule:
        return any(evaluate_rule(item, lookup) for item in rule["Or"])
    if "Not" in rule:
        return not evaluate_rule(rule["Not"], lookup)
    return _evaluate_test(rule, lookup)


def _evaluate_test(rule: Mapping[str, Any], lookup: Lookup) -> bool:
    name = operator_of(rule)
    found, value = lookup(rule["Variable"])
    if name == "IsPresent":
        return found is rule[name]
    if not found:
        raise _invalid_path(rule["Variable"])
    if name in _PATH_OPERATORS:
        return _TESTS[_PATH_OPERATORS[name]](value, _resolve(rule[name], lookup))
    return _TESTS[name](value, rule[name])


def operator_of(rule: Mapping[str, Any]) -> str:
    """The rule's comparison operator (the validator guarantees there is exactly one)."""
    for key in rule:
        if key in OPERATORS:
            return key
    raise ValueError(f"Choice Rule has no comparison operator: {sorted(rule)}")


def _resolve(path: str, lookup: Lookup) -> Any:
    found, value = lookup(path)
    if not found:
        raise _invalid_path(path)
    return value


def _invalid_path(path: str) -> StatesError:
    cause = f"Invalid path '{path}': The choice state's condition path references an invalid value."
    return StatesError(RUNTIME, cause)
