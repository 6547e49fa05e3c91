"""The Map's numeric `…Path` fields: a number, or a string holding one, and the failures.

Step Functions reads MaxConcurrencyPath, ToleratedFailureCountPath,
ToleratedFailurePercentagePath and the ItemBatcher's MaxItemsPerBatchPath and
MaxInputBytesPerBatchPath as the number when the path selects a string such as "1"; anything
that is no number of the field's kind fails the state with States.Runtime in AWS's wording.
The Wait's and the Task's numeric paths keep refusing strings (nothing documents otherwise).
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.asl.states.numbers import parse_text
from tests.asl.driver import TaskFailure, echo, execute

PREFIX = "An error occurred while executing the state 'M' (entered at the event id #2). "
PASS_PROCESSOR = {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": True}}}
TASK_PROCESSOR = {
    "StartAt": "Work",
    "States": {"Work": {"Type": "Task", "Resource": "baton:work", "End": True}},
}


def _map(processor: dict[str, Any] = PASS_PROCESSOR, **fields: Any) -> dict[str, Any]:
    state = {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor, "End": True}
    return {"StartAt": "M", "States": {"M": {**state, **fields}}}


def _fail_negative(n: Any) -> Any:
    if n < 0:
        raise TaskFailure("Negative", f"{n} is negative")
    return n


# -- strings holding numbers are the numbers ----------------------------------------------------


@pytest.mark.parametrize(("text", "peak"), [("1", 1), ("2", 2), ("+3", 3), ("007", 7), ("0", 10)])
def test_max_concurrency_path_takes_a_string_holding_an_integer(text: str, peak: int) -> None:
    items = list(range(10))
    definition = _map(TASK_PROCESSOR, MaxConcurrencyPath="$.limit")
    run = execute(definition, {"items": items, "limit": text}, functions={"baton:work": echo})
    assert (run.status, run.output) == ("SUCCEEDED", items)
    assert run.peak_tasks == peak  # "0" is no limit, as 0 is


def test_max_concurrency_path_string_and_number_behave_alike() -> None:
    definition = _map(TASK_PROCESSOR, MaxConcurrencyPath="$.limit")
    functions = {"baton:work": echo}
    as_text = execute(definition, {"items": [1, 2, 3], "limit": "2"}, functions=functions)
    as_number = execute(definition, {"items": [1, 2, 3], "limit": 2}, functions=functions)
    assert as_text.types == as_number.types
    assert as_text.output == as_number.output
    assert as_text.peak_tasks == as_number.peak_tasks == 2


@pytest.mark.parametrize(("text", "status"), [("1", "SUCCEEDED"), ("0", "FAILED")])
def test_tolerated_failure_count_path_takes_a_string(text: str, status: str) -> None:
    definition = _map(TASK_PROCESSOR, ToleratedFailureCountPath="$.count")
    run = execute(
        definition, {"items": [1, -1, 2], "count": text}, functions={"baton:work": _fail_negative}
    )
    assert run.status == status
    if status == "FAILED":
        assert run.error == "States.ExceedToleratedFailureThreshold"


@pytest.mark.parametrize(
    ("text", "status"),
    [("50", "SUCCEEDED"), ("33.4", "SUCCEEDED"), ("3.34e1", "SUCCEEDED"), ("33.3", "FAILED")],
)
def test_tolerated_failure_percentage_path_takes_a_string(text: str, status: str) -> None:
    definition = _map(TASK_PROCESSOR, ToleratedFailurePercentagePath="$.share")
    run = execute(
        definition, {"items": [1, -1, 2], "share": text}, functions={"baton:work": _fail_negative}
    )
    assert run.status == status, run.cause


def test_max_items_per_batch_path_takes_a_string() -> None:
    definition = _map(ItemBatcher={"MaxItemsPerBatchPath": "$.size"})
    run = execute(definition, {"items": [1, 2, 3], "size": "2"})
    assert run.output == [{"Items": [1, 2]}, {"Items": [3]}]


def test_max_input_bytes_per_batch_path_takes_a_string() -> None:
    limit = len('{"Items": [1, 2]}')
    definition = _map(ItemBatcher={"MaxInputBytesPerBatchPath": "$.bytes"})
    run = execute(definition, {"items": [1, 2, 3], "bytes": str(limit)})
    assert run.output == [{"Items": [1, 2]}, {"Items": [3]}]


def test_a_string_from_the_context_object_or_a_variable_counts_too() -> None:
    definition = _map(TASK_PROCESSOR, MaxConcurrencyPath="$$.Execution.Input.limit")
    run = execute(definition, {"items": [1, 2], "limit": "1"}, functions={"baton:work": echo})
    assert run.peak_tasks == 1


# -- what is still no number --------------------------------------------------------------------

NOT_INTEGERS = [
    ("abc", "abc"),
    ("", ""),
    (" 1", " 1"),
    ("1 ", "1 "),
    ("1.5", "1.5"),
    ("1e2", "1e2"),
    ("0x10", "0x10"),
    ("1_000", "1_000"),
    ("NaN", "NaN"),
    ("\u0661", "\u0661"),  # ARABIC-INDIC DIGIT ONE: Python's int() would take it
    (True, "true"),
    (None, "null"),
    (1.5, "1.5"),
    ([1], "[1]"),
    ({}, "{}"),
]


@pytest.mark.parametrize(
    "field", ["MaxConcurrencyPath", "ToleratedFailureCountPath"], ids=["max", "count"]
)
@pytest.mark.parametrize(("value", "shown"), NOT_INTEGERS)
def test_an_integer_path_refuses_what_is_no_integer(field: str, value: Any, shown: str) -> None:
    run = execute(_map(**{field: "$.v"}), {"items": [1], "v": value})
    assert run.error == "States.Runtime"
    assert run.cause == (
        f'{PREFIX}The {field} field refers to value "{shown}" which is not a valid integer: $.v'
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [("abc", "abc"), ("", ""), ("1,5", "1,5"), ("Infinity", "Infinity"), (False, "false")],
)
def test_the_percentage_path_refuses_what_is_no_float(value: Any, shown: str) -> None:
    run = execute(_map(ToleratedFailurePercentagePath="$.v"), {"items": [1], "v": value})
    assert run.error == "States.Runtime"
    assert run.cause == (
        f'{PREFIX}The ToleratedFailurePercentagePath field refers to value "{shown}" '
        "which is not a valid float: $.v"
    )


@pytest.mark.parametrize(
    ("fields", "value", "ending"),
    [
        ({"MaxConcurrencyPath": "$.v"}, "-1", "MaxConcurrency cannot be negative."),
        ({"ToleratedFailureCountPath": "$.v"}, "-1", "ToleratedFailureCount cannot be negative."),
        (
            {"ToleratedFailurePercentagePath": "$.v"},
            "100.5",
            "ToleratedFailurePercentage must be between 0 and 100.",
        ),
        (
            {"ToleratedFailurePercentagePath": "$.v"},
            "-0.5",
            "ToleratedFailurePercentage must be between 0 and 100.",
        ),
    ],
)
def test_a_string_outside_the_range_fails_as_the_number_would(
    fields: dict[str, str], value: str, ending: str
) -> None:
    run = execute(_map(**fields), {"items": [1], "v": value})
    assert run.error == "States.Runtime"
    assert run.cause == PREFIX + ending


@pytest.mark.parametrize("field", ["MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"])
def test_batch_limit_paths_take_strings_and_refuse_non_positive_ones(field: str) -> None:
    definition = _map(ItemBatcher={field: "$.v"})
    zero = execute(definition, {"items": [1], "v": "0"})
    assert zero.cause == (
        f"{PREFIX}The {field} field refers to value 0 which is not a positive integer: $.v"
    )
    word = execute(definition, {"items": [1], "v": "many"})
    assert word.cause == (
        f'{PREFIX}The {field} field refers to value "many" which is not a valid integer: $.v'
    )
    fraction = execute(definition, {"items": [1], "v": 2.5})
    assert "which is not a valid integer: $.v" in fraction.cause


def test_an_integer_path_accepts_an_integral_float() -> None:
    run = execute(_map(MaxConcurrencyPath="$.v"), {"items": [1, 2], "v": 1.0})
    assert run.status == "SUCCEEDED"


def test_an_overlong_digit_string_is_refused_not_converted() -> None:
    digits = "9" * 5000  # past Python's int() digit limit
    run = execute(_map(MaxConcurrencyPath="$.v"), {"items": [1], "v": digits})
    assert run.error == "States.Runtime"
    assert "which is not a valid integer: $.v" in run.cause


# -- the other numeric paths and JSONata keep their rules ---------------------------------------


def test_wait_seconds_path_still_refuses_a_string() -> None:
    definition = {
        "StartAt": "W",
        "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": True}},
    }
    run = execute(definition, {"s": "5"})
    assert run.error == "States.Runtime"
    assert run.cause.endswith(
        'The SecondsPath parameter cannot be parsed as a long value: $.s == "5"'
    )


@pytest.mark.parametrize("field", ["TimeoutSecondsPath", "HeartbeatSecondsPath"])
def test_task_timeout_paths_still_refuse_a_string(field: str) -> None:
    task = {"Type": "Task", "Resource": "baton:work", field: "$.s", "End": True}
    run = execute(
        {"StartAt": "T", "States": {"T": task}}, {"s": "5"}, functions={"baton:work": echo}
    )
    assert run.error == "States.Runtime"
    assert run.cause.endswith(
        f'The {field} field refers to value "5" which is not a valid integer: $.s'
    )
    assert run.tasks == []


def test_a_jsonata_max_concurrency_string_is_still_a_type_error() -> None:
    state = {
        "Type": "Map",
        "Items": "{% [1, 2] %}",
        "MaxConcurrency": "{% '1' %}",
        "ItemProcessor": PASS_PROCESSOR,
        "End": True,
    }
    run = execute({"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": state}})
    assert run.error == "States.QueryEvaluationError"


# -- the text rule itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("12", "integer", 12),
        ("-3", "integer", -3),
        ("+4", "integer", 4),
        ("2.5", "integer", None),
        ("2.5", "float", 2.5),
        ("1e2", "float", 100.0),
        (".5", "float", 0.5),
        ("5.", "float", 5.0),
        ("1e400", "float", None),
        ("inf", "float", None),
        ("", "float", None),
        ("- 1", "integer", None),
    ],
)
def test_parse_text_reads_plain_decimal_numbers_only(
    text: str, kind: str, number: int | float | None
) -> None:
    assert parse_text(text, kind) == number
