"""engine.asl.choice_rules: every comparison operator family, And/Or/Not, missing paths."""

from __future__ import annotations

from typing import Any

import pytest

from engine.asl.choice_rules import COMBINATORS, OPERATORS, evaluate_rule
from engine.asl.errors import RUNTIME, StatesError

DOC: dict[str, Any] = {
    "name": "ada",
    "other": "bob",
    "n": 5,
    "f": 5.0,
    "big": 7.5,
    "yes": True,
    "no": False,
    "nothing": None,
    "when": "2012-10-09T19:00:55Z",
    "later": "2012-10-09T20:00:55+01:00",
    "fine": "2012-10-09T19:00:55.000000001Z",
    "list": [1, 2],
    "obj": {"a": 1},
    "star": "a*b",
}
VARIABLES: dict[str, Any] = {"limit": 5}


def lookup(path: str) -> tuple[bool, Any]:
    """A dict walk for `$.a.b` and `$var.a` paths; enough for these rules."""
    if path.startswith("$."):
        node: Any = DOC
        keys = path[2:].split(".")
    else:
        name, *keys = path[1:].split(".")
        if name not in VARIABLES:
            return False, None
        node = VARIABLES[name]
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return False, None
        node = node[key]
    return True, node


def check(operator: str, variable: str, value: Any) -> bool:
    return evaluate_rule({"Variable": variable, operator: value, "Next": "X"}, lookup)


def test_string_comparisons_are_lexicographic_and_false_on_other_types() -> None:
    assert check("StringEquals", "$.name", "ada")
    assert not check("StringEquals", "$.n", "5")
    assert check("StringLessThan", "$.name", "bob")
    assert check("StringGreaterThan", "$.other", "ada")
    assert check("StringLessThanEquals", "$.name", "ada")
    assert check("StringGreaterThanEquals", "$.name", "ada")
    assert not check("StringGreaterThan", "$.name", "ada")


def test_string_path_variants_compare_with_the_value_at_the_path() -> None:
    assert check("StringLessThanPath", "$.name", "$.other")
    assert not check("StringEqualsPath", "$.name", "$.other")
    assert not check("StringEqualsPath", "$.name", "$.n")


def test_string_matches_supports_wildcards_and_escapes() -> None:
    assert check("StringMatches", "$.name", "a*")
    assert check("StringMatches", "$.name", "*d*")
    assert not check("StringMatches", "$.name", "b*")
    assert check("StringMatches", "$.star", "a\\*b")
    assert not check("StringMatches", "$.name", "a\\*")
    assert not check("StringMatches", "$.n", "*")


def test_numeric_comparisons_mix_ints_and_floats() -> None:
    assert check("NumericEquals", "$.n", 5.0)
    assert check("NumericEquals", "$.f", 5)
    assert check("NumericLessThan", "$.n", 6)
    assert check("NumericGreaterThan", "$.big", 7)
    assert check("NumericLessThanEquals", "$.n", 5)
    assert check("NumericGreaterThanEquals", "$.n", 5)
    assert not check("NumericGreaterThan", "$.n", 5)


def test_numeric_comparisons_are_false_for_strings_and_booleans() -> None:
    assert not check("NumericEquals", "$.name", 5)
    assert not check("NumericEquals", "$.yes", 1)


def test_numeric_path_variants_read_paths_and_variables() -> None:
    assert check("NumericEqualsPath", "$.n", "$limit")
    assert check("NumericLessThanPath", "$.n", "$.big")
    assert check("NumericGreaterThanEqualsPath", "$.f", "$.n")
    assert not check("NumericEqualsPath", "$.n", "$.name")


def test_boolean_equals_only_matches_booleans() -> None:
    assert check("BooleanEquals", "$.yes", True)
    assert check("BooleanEquals", "$.no", False)
    assert not check("BooleanEquals", "$.n", True)
    assert check("BooleanEqualsPath", "$.yes", "$.yes")
    assert not check("BooleanEqualsPath", "$.yes", "$.no")


def test_timestamps_compare_as_instants() -> None:
    assert check("TimestampEquals", "$.when", "2012-10-09T19:00:55Z")
    assert check("TimestampEquals", "$.later", "2012-10-09T19:00:55Z")
    assert check("TimestampGreaterThan", "$.fine", "2012-10-09T19:00:55Z")
    assert check("TimestampLessThan", "$.when", "2012-10-09T19:00:56Z")
    assert check("TimestampLessThanEquals", "$.when", "2012-10-09T19:00:55Z")
    assert check("TimestampGreaterThanEquals", "$.when", "2012-10-09T19:00:55Z")
    assert check("TimestampEqualsPath", "$.when", "$.later")
    assert check("TimestampLessThanPath", "$.when", "$.fine")


def test_timestamp_comparisons_are_false_for_non_timestamps() -> None:
    assert not check("TimestampEquals", "$.n", "2012-10-09T19:00:55Z")
    assert not check("TimestampEqualsPath", "$.when", "$.name")


def test_type_tests_compare_the_outcome_with_the_rule_boolean() -> None:
    assert check("IsNull", "$.nothing", True)
    assert check("IsNull", "$.n", False)
    assert check("IsNumeric", "$.f", True)
    assert check("IsNumeric", "$.yes", False)
    assert check("IsString", "$.name", True)
    assert check("IsString", "$.list", False)
    assert check("IsBoolean", "$.no", True)
    assert check("IsBoolean", "$.obj", False)
    assert check("IsTimestamp", "$.when", True)
    assert check("IsTimestamp", "$.name", False)
    assert not check("IsTimestamp", "$.name", True)


def test_is_present_tells_whether_the_path_exists() -> None:
    assert check("IsPresent", "$.nothing", True)
    assert check("IsPresent", "$.missing", False)
    assert not check("IsPresent", "$.missing", True)
    assert check("IsPresent", "$undeclared", False)


def test_a_missing_variable_is_a_runtime_error_for_other_operators() -> None:
    with pytest.raises(StatesError) as caught:
        check("IsNull", "$.missing", True)
    assert caught.value.error == RUNTIME
    assert caught.value.cause == (
        "Invalid path '$.missing': The choice state's condition path references an invalid value."
    )


def test_a_missing_comparison_path_is_a_runtime_error() -> None:
    with pytest.raises(StatesError) as caught:
        check("NumericEqualsPath", "$.n", "$.missing")
    assert "Invalid path '$.missing'" in caught.value.cause


def test_and_or_not_combine_rules_and_stop_early() -> None:
    true = {"Variable": "$.yes", "BooleanEquals": True}
    false = {"Variable": "$.no", "BooleanEquals": True}
    broken = {"Variable": "$.missing", "BooleanEquals": True}
    assert evaluate_rule({"And": [true, true]}, lookup)
    assert not evaluate_rule({"And": [true, false]}, lookup)
    assert evaluate_rule({"Or": [false, true]}, lookup)
    assert evaluate_rule({"Not": false}, lookup)
    assert evaluate_rule({"Or": [true, broken]}, lookup)
    assert not evaluate_rule({"And": [false, broken]}, lookup)
    assert evaluate_rule({"Not": {"And": [true, {"Not": true}]}}, lookup)


def test_operator_names_for_the_validator() -> None:
    assert "TimestampLessThanEqualsPath" in OPERATORS
    assert "IsPresent" in OPERATORS and "StringMatches" in OPERATORS
    assert "BooleanLessThan" not in OPERATORS
    assert COMBINATORS == {"And", "Or", "Not"}
    assert len(OPERATORS) == 4 * 5 * 2 - 8 + 1 + 6


def test_string_matches_is_a_wildcard_match_not_a_regex() -> None:
    def matches(value: str, pattern: str) -> bool:
        return evaluate_rule({"Variable": "$.v", "StringMatches": pattern}, lambda _: (True, value))

    assert matches("", "") and matches("", "*") and matches("abc", "*")
    assert matches("log-2024.txt", "log-*.txt") and not matches("log-2024.txt", "log-*.csv")
    assert matches("a.b", "a.b") and not matches("axb", "a.b")  # no regex metacharacters
    assert matches("aXbYc", "a*b*c") and not matches("aXcYb", "a*b*c")
    assert matches("abab", "*ab") and not matches("aba", "ab*ba")
    assert matches("a\\", "a\\") and matches("a\\b", "a\\\\b")  # a lone trailing backslash
    assert not matches("a" * 10000, "*a*a*a*a*a*a*a*a*a*a*b")  # linear: answers at once
    assert matches("*" * 50000, "*\\**\\**\\**\\*")


def test_timestamps_whose_offsets_leave_the_calendar_still_compare() -> None:
    def compare(operator: str, left: str, right: str) -> bool:
        values = {"$.l": left, "$.r": right}
        rule = {"Variable": "$.l", f"{operator}Path": "$.r"}
        return evaluate_rule(rule, lambda path: (True, values[path]))

    latest, earliest = "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"
    assert compare("TimestampGreaterThan", latest, earliest)
    assert compare("TimestampLessThan", earliest, "2024-01-01T00:00:00Z")
    assert compare("TimestampEquals", "2024-01-01T01:00:00+01:00", "2024-01-01T00:00:00Z")
    assert not compare("TimestampEquals", "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00Z")


def test_numeric_comparisons_with_huge_numbers_do_not_overflow() -> None:
    def compare(operator: str, left: object, right: object) -> bool:
        return evaluate_rule({"Variable": "$.v", operator: right}, lambda _: (True, left))

    assert compare("NumericGreaterThan", 10**400, 1e308)
    assert not compare("NumericEquals", 2**70, 1e308)
    assert compare("NumericLessThan", -(10**400), -1e308)
