"""Choice state behaviour: every operator family through a real Choice state, And/Or/Not,
Default, States.NoChoiceMatched, and what the chosen branch receives."""

from __future__ import annotations

from typing import Any

import pytest

from tests.asl.driver import execute


def _choose(rule: dict[str, Any], *, default: bool = True) -> dict[str, Any]:
    choice: dict[str, Any] = {"Type": "Choice", "Choices": [{**rule, "Next": "Yes"}]}
    if default:
        choice["Default"] = "No"
    return {
        "StartAt": "C",
        "States": {
            "C": choice,
            "Yes": {"Type": "Pass", "Result": "yes", "End": True},
            "No": {"Type": "Pass", "Result": "no", "End": True},
        },
    }


def _branch(rule: dict[str, Any], value: Any) -> str:
    run = execute(_choose(rule), value)
    assert run.status == "SUCCEEDED", (run.error, run.cause)
    return run.output


@pytest.mark.parametrize(
    ("rule", "value", "taken"),
    [
        ({"Variable": "$.s", "StringEquals": "abc"}, {"s": "abc"}, "yes"),
        ({"Variable": "$.s", "StringEquals": "abc"}, {"s": "abd"}, "no"),
        ({"Variable": "$.s", "StringLessThan": "b"}, {"s": "a"}, "yes"),
        ({"Variable": "$.s", "StringGreaterThan": "b"}, {"s": "a"}, "no"),
        ({"Variable": "$.s", "StringLessThanEquals": "a"}, {"s": "a"}, "yes"),
        ({"Variable": "$.s", "StringGreaterThanEquals": "b"}, {"s": "c"}, "yes"),
        ({"Variable": "$.s", "StringEqualsPath": "$.t"}, {"s": "x", "t": "x"}, "yes"),
        ({"Variable": "$.s", "StringMatches": "log-*.txt"}, {"s": "log-2024.txt"}, "yes"),
        ({"Variable": "$.s", "StringMatches": "log-*.txt"}, {"s": "log-2024.csv"}, "no"),
        ({"Variable": "$.s", "StringMatches": "a\\*b"}, {"s": "a*b"}, "yes"),
        ({"Variable": "$.s", "StringMatches": "a\\*b"}, {"s": "axxb"}, "no"),
    ],
)
def test_choice_state_string_operators(rule: dict[str, Any], value: Any, taken: str) -> None:
    assert _branch(rule, value) == taken


@pytest.mark.parametrize(
    ("rule", "value", "taken"),
    [
        ({"Variable": "$.n", "NumericEquals": 1}, {"n": 1.0}, "yes"),
        ({"Variable": "$.n", "NumericLessThan": 1}, {"n": 0.5}, "yes"),
        ({"Variable": "$.n", "NumericGreaterThan": 1}, {"n": 1}, "no"),
        ({"Variable": "$.n", "NumericLessThanEquals": 1}, {"n": 1}, "yes"),
        ({"Variable": "$.n", "NumericGreaterThanEquals": 2}, {"n": 1}, "no"),
        ({"Variable": "$.n", "NumericGreaterThanPath": "$.m"}, {"n": 3, "m": 2}, "yes"),
        ({"Variable": "$.n", "NumericEquals": 1}, {"n": "1"}, "no"),
        ({"Variable": "$.n", "NumericEquals": 1}, {"n": True}, "no"),
    ],
)
def test_choice_state_numeric_operators(rule: dict[str, Any], value: Any, taken: str) -> None:
    assert _branch(rule, value) == taken


@pytest.mark.parametrize(
    ("rule", "value", "taken"),
    [
        ({"Variable": "$.b", "BooleanEquals": True}, {"b": True}, "yes"),
        ({"Variable": "$.b", "BooleanEquals": True}, {"b": "true"}, "no"),
        ({"Variable": "$.b", "BooleanEqualsPath": "$.c"}, {"b": False, "c": False}, "yes"),
    ],
)
def test_choice_state_boolean_operators(rule: dict[str, Any], value: Any, taken: str) -> None:
    assert _branch(rule, value) == taken


@pytest.mark.parametrize(
    ("rule", "value", "taken"),
    [
        (
            {"Variable": "$.t", "TimestampEquals": "2024-01-01T00:00:00Z"},
            {"t": "2024-01-01T01:00:00+01:00"},
            "yes",
        ),
        (
            {"Variable": "$.t", "TimestampLessThan": "2024-01-01T00:00:00Z"},
            {"t": "2023-12-31T23:59:59Z"},
            "yes",
        ),
        (
            {"Variable": "$.t", "TimestampGreaterThan": "2024-01-01T00:00:00Z"},
            {"t": "2024-01-01T00:00:00.001Z"},
            "yes",
        ),
        (
            {"Variable": "$.t", "TimestampLessThanEquals": "2024-01-01T00:00:00Z"},
            {"t": "2024-01-01T00:00:01Z"},
            "no",
        ),
        (
            {"Variable": "$.t", "TimestampGreaterThanEqualsPath": "$.u"},
            {"t": "2024-01-02T00:00:00Z", "u": "2024-01-02T00:00:00Z"},
            "yes",
        ),
        ({"Variable": "$.t", "TimestampEquals": "2024-01-01T00:00:00Z"}, {"t": "yesterday"}, "no"),
    ],
)
def test_choice_state_timestamp_operators(rule: dict[str, Any], value: Any, taken: str) -> None:
    assert _branch(rule, value) == taken


@pytest.mark.parametrize(
    ("rule", "value", "taken"),
    [
        ({"Variable": "$.v", "IsNull": True}, {"v": None}, "yes"),
        ({"Variable": "$.v", "IsNull": False}, {"v": None}, "no"),
        ({"Variable": "$.v", "IsPresent": True}, {"v": None}, "yes"),
        ({"Variable": "$.v", "IsPresent": False}, {}, "yes"),
        ({"Variable": "$.v", "IsNumeric": True}, {"v": 1.5}, "yes"),
        ({"Variable": "$.v", "IsString": True}, {"v": 1}, "no"),
        ({"Variable": "$.v", "IsBoolean": True}, {"v": False}, "yes"),
        ({"Variable": "$.v", "IsTimestamp": True}, {"v": "2024-01-01T00:00:00Z"}, "yes"),
        ({"Variable": "$.v", "IsTimestamp": True}, {"v": "2024-01-01"}, "no"),
    ],
)
def test_choice_state_type_tests(rule: dict[str, Any], value: Any, taken: str) -> None:
    assert _branch(rule, value) == taken


def test_choice_state_and_needs_every_rule() -> None:
    rule = {
        "And": [
            {"Variable": "$.n", "NumericGreaterThan": 0},
            {"Variable": "$.n", "NumericLessThan": 10},
        ]
    }
    assert _branch(rule, {"n": 5}) == "yes"
    assert _branch(rule, {"n": 50}) == "no"


def test_choice_state_or_needs_one_rule() -> None:
    rule = {
        "Or": [
            {"Variable": "$.s", "StringEquals": "a"},
            {"Variable": "$.s", "StringEquals": "b"},
        ]
    }
    assert _branch(rule, {"s": "b"}) == "yes"
    assert _branch(rule, {"s": "c"}) == "no"


def test_choice_state_not_inverts_a_rule() -> None:
    rule = {"Not": {"Variable": "$.s", "StringEquals": "a"}}
    assert _branch(rule, {"s": "b"}) == "yes"
    assert _branch(rule, {"s": "a"}) == "no"


def test_choice_state_nested_combinators() -> None:
    rule = {
        "And": [
            {"Not": {"Variable": "$.x", "IsNull": True}},
            {
                "Or": [
                    {"Variable": "$.x", "NumericEquals": 1},
                    {"Variable": "$.x", "NumericEquals": 2},
                ]
            },
        ]
    }
    assert _branch(rule, {"x": 2}) == "yes"
    assert _branch(rule, {"x": None}) == "no"


def test_choice_state_takes_the_first_matching_rule() -> None:
    definition = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.n", "NumericGreaterThan": 1, "Next": "A"},
                    {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "B"},
                ],
            },
            "A": {"Type": "Pass", "Result": "A", "End": True},
            "B": {"Type": "Pass", "Result": "B", "End": True},
        },
    }
    assert execute(definition, {"n": 5}).output == "A"
    assert execute(definition, {"n": 0.5}).output == "B"


def test_choice_state_without_a_match_or_default_fails_with_no_choice_matched() -> None:
    run = execute(_choose({"Variable": "$.n", "NumericEquals": 1}, default=False), {"n": 2})
    assert run.status == "FAILED"
    assert run.error == "States.NoChoiceMatched"
    assert run.types[-1] == "ExecutionFailed"


def test_choice_state_variable_missing_from_input_is_a_runtime_error() -> None:
    run = execute(_choose({"Variable": "$.missing", "StringEquals": "a"}), {})
    assert run.status == "FAILED"
    assert run.error == "States.Runtime"
    assert run.cause.startswith(
        "An error occurred while executing the state 'C' (entered at the event id #2). "
    )


def test_choice_state_passes_its_input_to_the_chosen_state() -> None:
    definition = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "OutputPath": "$.keep",
                "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "Done"}],
            },
            "Done": {"Type": "Succeed"},
        },
    }
    run = execute(definition, {"n": 1, "keep": {"k": True}})
    assert run.output == {"k": True}
    assert "ChoiceStateExited" in run.types


def test_choice_state_jsonata_condition_picks_the_branch() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [{"Condition": "{% $states.input.n > 3 %}", "Next": "Big"}],
                "Default": "Small",
            },
            "Big": {"Type": "Pass", "Output": "big", "End": True},
            "Small": {"Type": "Pass", "Output": "small", "End": True},
        },
    }
    assert execute(definition, {"n": 4}).output == "big"
    assert execute(definition, {"n": 1}).output == "small"


def test_choice_state_compares_against_a_variable() -> None:
    definition = {
        "StartAt": "Set",
        "States": {
            "Set": {"Type": "Pass", "Assign": {"limit": 10}, "Next": "C"},
            "C": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.n", "NumericGreaterThanPath": "$limit", "Next": "Over"}
                ],
                "Default": "Under",
            },
            "Over": {"Type": "Pass", "Result": "over", "End": True},
            "Under": {"Type": "Pass", "Result": "under", "End": True},
        },
    }
    assert execute(definition, {"n": 11}).output == "over"
    assert execute(definition, {"n": 9}).output == "under"
