"""Choice Rules of JSONPath Choice states: comparison operators, one small test each, table-driven.

states-language.net — "Choice State". Paths are resolved by the caller's `lookup`, so this module
knows nothing of JSONPath: `lookup(path)` returns `(found, value)` for `$...`, `$$...` and `$var`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
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


def _as_instant(value: Any) -> tuple[int, int] | None:
    """An RFC 3339 timestamp as (seconds since 0001-01-01 UTC, nanoseconds).

    Integers, not datetimes: comparing 9999-12-31T23:59:59-23:59 with anything would overflow
    a datetime's range once its offset is applied.
    """
    match = _RFC3339.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    day, clock, fraction, zone = match.groups()
    hour, minute, second = (int(part) for part in clock.split(":"))
    offset = _offset_seconds(zone)
    try:
        ordinal = date.fromisoformat(day).toordinal()
    except ValueError:
        return None
    if offset is None or hour > 23 or minute > 59 or second > 59:
        return None
    seconds = ordinal * 86400 + hour * 3600 + minute * 60 + second - offset
    return seconds, int((fraction or "0")[:9].ljust(9, "0"))


def _offset_seconds(zone: str) -> int | None:
    if zone in ("Z", "z"):
        return 0
    hours, minutes = int(zone[1:3]), int(zone[4:6])
    if hours > 23 or minutes > 59:
        return None
    return (-1 if zone[0] == "-" else 1) * (hours * 3600 + minutes * 60)


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
    """`*` matches any run of characters; `\\*` and `\\\\` stand for a literal `*` and `\\`.

    Linear in the value, whatever the pattern: no regular expression, so "*a*a*a*b" cannot
    backtrack. The literal pieces between the stars are found left to right, each as early
    as it occurs, which is enough because a star matches anything.
    """
    if not isinstance(value, str) or not isinstance(pattern, str):
        return False
    pieces = _wildcard_pieces(pattern)
    if len(pieces) == 1:
        return value == pieces[0]
    first, *middle, last = pieces
    if len(value) < len(first) + len(last):
        return False
    if not (value.startswith(first) and value.endswith(last)):
        return False
    position, end = len(first), len(value) - len(last)
    for piece in middle:
        found = value.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


@lru_cache(maxsize=256)
def _wildcard_pieces(pattern: str) -> tuple[str, ...]:
    """The literal text between unescaped stars, escapes resolved ("a\\*b*c" -> "a*b", "c")."""
    pieces: list[str] = []
    current: list[str] = []
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\" and position + 1 < len(pattern):
            current.append(pattern[position + 1])
            position += 2
            continue
        if char == "*":
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
        position += 1
    return (*pieces, "".join(current))


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
