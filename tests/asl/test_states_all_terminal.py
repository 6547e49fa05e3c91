"""Terminal errors: what States.ALL, States.TaskFailed and named ErrorEquals never match.

AWS developer guide, "Error names": a States.Runtime error "isn't retriable, and will always
cause the execution to fail"; States.DataLimitExceeded is a terminal error that States.ALL
cannot catch; States.TaskFailed matches any error except States.Timeout. The rule is one
function (retry.error_matches), so every States.Runtime behaves the same wherever it arises.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from engine.asl.retry import error_matches, find_catcher, next_retry
from tests.asl.driver import TaskFailure, execute
from tests.hostile.common import deep

ALL = ["States.ALL"]
RETRY_ALL = [{"ErrorEquals": ALL, "IntervalSeconds": 1, "MaxAttempts": 3}]


def _catch(errors: list[str]) -> list[dict[str, Any]]:
    return [{"ErrorEquals": errors, "ResultPath": "$.caught", "Next": "Caught"}]


def _machine(state: dict[str, Any]) -> dict[str, Any]:
    return {
        "StartAt": "S",
        "States": {"S": state, "Caught": {"Type": "Pass", "Result": "caught", "End": True}},
    }


def _task(**fields: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": "baton:work", "End": True, **fields}


def _branch(state: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": "Inner", "States": {"Inner": {**state, "End": True}}}


def _raising(error: str) -> Callable[[Any], Any]:
    def function(payload: Any) -> Any:
        raise TaskFailure(error, "reported by the task")

    return function


def _returning(value: Any) -> Callable[[Any], Any]:
    return lambda payload: value


# A States.Runtime from each place Baton raises one, on a state that can retry and catch.
RUNTIME_SHAPES: dict[str, tuple[dict[str, Any], Any, Callable[[Any], Any]]] = {
    "input_path_missing": (_task(InputPath="$.missing"), {}, _returning({})),
    "output_path_missing": (_task(OutputPath="$.missing"), {}, _returning({})),
    "parameters_path_missing": (_task(Parameters={"x.$": "$.missing"}), {}, _returning({})),
    "result_selector_path_missing": (
        _task(ResultSelector={"x.$": "$.missing"}),
        {},
        _returning({}),
    ),
    "output_path_on_a_null_result": (_task(OutputPath="$.a"), {}, _returning(None)),
    "timeout_seconds_path_not_a_number": (
        _task(TimeoutSecondsPath="$.t"),
        {"t": "soon"},
        _returning({}),
    ),
    "result_holding_a_nul_character": (_task(), {}, _returning({"text": "a\u0000b"})),
    # "Unable to apply ReferencePath …": the issue's own example of a States.Runtime.
    "result_path_into_a_string_input": (_task(ResultPath="$.a.b"), "text", _returning(1)),
    "result_path_into_a_list_input": (_task(ResultPath="$.a"), [1, 2], _returning(1)),
    "jsonpath_visiting_too_much": (
        _task(InputPath="$..a..a..a"),
        deep(300),
        _returning({}),
    ),
    "map_items_not_an_array": (
        {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": _branch({"Type": "Pass"}),
            "End": True,
        },
        {"items": "text"},
        _returning({}),
    ),
    "map_iteration_input_path_missing": (
        {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": _branch({"Type": "Pass", "InputPath": "$.missing"}),
            "End": True,
        },
        {"items": [{}]},
        _returning({}),
    ),
    "parallel_branch_output_path_missing": (
        {
            "Type": "Parallel",
            "Branches": [_branch({"Type": "Pass", "OutputPath": "$.missing"})],
            "End": True,
        },
        {},
        _returning({}),
    ),
    "task_reporting_states_runtime": (_task(), {}, _raising("States.Runtime")),
}
SHAPES = list(RUNTIME_SHAPES)


def _run(shape: str, **handlers: Any) -> Any:
    state, value, function = RUNTIME_SHAPES[shape]
    definition = _machine({**state, **handlers})
    return execute(definition, value, functions={"baton:work": function})


@pytest.mark.parametrize("shape", SHAPES)
def test_states_all_catcher_does_not_catch_states_runtime(shape: str) -> None:
    run = _run(shape, Catch=_catch(ALL))
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    assert "Caught" not in {event["details"].get("name") for event in run.events}


@pytest.mark.parametrize("shape", SHAPES)
def test_states_all_retrier_does_not_retry_states_runtime(shape: str) -> None:
    run = _run(shape, Retry=RETRY_ALL)
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    assert run.timers == []
    assert len(run.tasks) <= 1


@pytest.mark.parametrize("shape", SHAPES)
def test_naming_states_runtime_in_error_equals_neither_retries_nor_catches_it(shape: str) -> None:
    retry = [{"ErrorEquals": ["States.Runtime"], "MaxAttempts": 2}]
    run = _run(shape, Retry=retry, Catch=_catch(["States.Runtime"]))
    assert (run.status, run.error) == ("FAILED", "States.Runtime")
    assert run.timers == []


@pytest.mark.parametrize("shape", ["input_path_missing", "task_reporting_states_runtime"])
def test_states_task_failed_does_not_catch_states_runtime(shape: str) -> None:
    run = _run(shape, Catch=_catch(["States.TaskFailed"]))
    assert (run.status, run.error) == ("FAILED", "States.Runtime")


def test_a_catcher_listing_states_runtime_beside_other_names_still_catches_those() -> None:
    catch = _catch(["States.Runtime", "Custom.Error"])
    run = execute(
        _machine(_task(Catch=catch)), {}, functions={"baton:work": _raising("Custom.Error")}
    )
    assert (run.status, run.output) == ("SUCCEEDED", "caught")


def test_a_later_states_all_catcher_takes_other_errors_after_a_states_runtime_one() -> None:
    catch = [*_catch(["States.Runtime"]), *_catch(ALL)]
    run = execute(_machine(_task(Catch=catch)), {}, functions={"baton:work": _raising("Boom")})
    assert run.output == "caught"


# -- States.DataLimitExceeded -------------------------------------------------------------------


def _too_big(**fields: Any) -> Any:
    """A task whose result is past the (lowered) payload limit."""
    return execute(
        _machine(_task(**fields)),
        {},
        functions={"baton:work": _returning("x" * 300)},
        max_payload_bytes=200,
    )


@pytest.mark.parametrize("wildcard", ["States.ALL", "States.TaskFailed"])
def test_wildcards_do_not_catch_or_retry_data_limit_exceeded(wildcard: str) -> None:
    retry = [{"ErrorEquals": [wildcard]}]
    run = _too_big(Retry=retry, Catch=_catch([wildcard]))
    assert (run.status, run.error) == ("FAILED", "States.DataLimitExceeded")
    assert run.timers == []


def test_a_catcher_naming_data_limit_exceeded_catches_it() -> None:
    catch = [{"ErrorEquals": ["States.DataLimitExceeded"], "ResultPath": None, "Next": "Caught"}]
    run = _too_big(Catch=catch)
    assert (run.status, run.output) == ("SUCCEEDED", "caught")


def test_a_catcher_naming_data_limit_exceeded_gets_the_error_output() -> None:
    catch = [{"ErrorEquals": ["States.DataLimitExceeded"], "Next": "Echo"}]
    definition = {
        "StartAt": "S",
        "States": {"S": _task(Catch=catch), "Echo": {"Type": "Pass", "End": True}},
    }
    run = execute(
        definition, {}, functions={"baton:work": _returning("x" * 300)}, max_payload_bytes=200
    )
    assert run.output["Error"] == "States.DataLimitExceeded"
    assert "returned a result with a size exceeding" in run.output["Cause"]


def test_a_retrier_naming_data_limit_exceeded_retries_it() -> None:
    retry = [{"ErrorEquals": ["States.DataLimitExceeded"], "MaxAttempts": 2}]
    run = _too_big(Retry=retry)
    assert (run.status, run.error) == ("FAILED", "States.DataLimitExceeded")
    assert [timer.delay_seconds for timer in run.timers] == [1, 2]
    assert len(run.tasks) == 3


def test_data_limit_exceeded_of_a_task_input_is_caught_only_by_name() -> None:
    doubled = {"a.$": "$.text", "b.$": "$.text"}  # twice the input: past the limit, it is not
    big = {"Type": "Task", "Resource": "baton:work", "Parameters": doubled}
    value = {"text": "y" * 150}
    for errors, status in ((ALL, "FAILED"), (["States.DataLimitExceeded"], "SUCCEEDED")):
        definition = _machine({**big, "End": True, "Catch": _catch(errors)})
        definition["States"]["S"]["Catch"][0]["ResultPath"] = None
        run = execute(
            definition, value, functions={"baton:work": _returning({})}, max_payload_bytes=200
        )
        assert run.status == status, run.cause


def test_a_branch_past_the_payload_limit_is_caught_on_its_parallel_only_by_name() -> None:
    branch = _branch({"Type": "Task", "Resource": "baton:work"})
    for errors, status in ((ALL, "FAILED"), (["States.DataLimitExceeded"], "SUCCEEDED")):
        state = {"Type": "Parallel", "Branches": [branch], "End": True, "Catch": _catch(errors)}
        state["Catch"][0]["ResultPath"] = None
        run = execute(
            _machine(state),
            {},
            functions={"baton:work": _returning("x" * 300)},
            max_payload_bytes=200,
        )
        assert run.status == status, run.cause


# -- States.TaskFailed and the other names ------------------------------------------------------


@pytest.mark.parametrize(
    "error", ["Custom.Error", "Lambda.Unknown", "States.Permissions", "States.HeartbeatTimeout"]
)
def test_states_task_failed_matches_any_error_but_the_timeout_and_terminal_ones(
    error: str,
) -> None:
    run = execute(
        _machine(_task(Catch=_catch(["States.TaskFailed"]))),
        {},
        functions={"baton:work": _raising(error)},
    )
    assert (run.status, run.output) == ("SUCCEEDED", "caught")


def test_states_task_failed_does_not_match_states_timeout_but_states_all_does() -> None:
    functions = {"baton:work": _raising("States.Timeout")}
    narrow = execute(_machine(_task(Catch=_catch(["States.TaskFailed"]))), {}, functions=functions)
    assert (narrow.status, narrow.error) == ("FAILED", "States.Timeout")
    wide = execute(_machine(_task(Catch=_catch(ALL))), {}, functions=functions)
    assert wide.output == "caught"


@pytest.mark.parametrize(
    ("patterns", "error", "matches"),
    [
        (ALL, "Custom", True),
        (ALL, "States.Timeout", True),
        (ALL, "States.Runtime", False),
        (ALL, "States.DataLimitExceeded", False),
        (["States.Runtime"], "States.Runtime", False),
        (["States.Runtime", "States.ALL"], "States.Runtime", False),
        (["States.DataLimitExceeded"], "States.DataLimitExceeded", True),
        (["States.TaskFailed"], "States.DataLimitExceeded", False),
        (["States.TaskFailed"], "States.Timeout", False),
        (["States.TaskFailed"], "States.HeartbeatTimeout", True),
        (["States.Timeout"], "States.Timeout", True),
        (["Other"], "Custom", False),
        (ALL, None, True),
    ],
)
def test_error_matches_applies_the_terminal_rules(
    patterns: list[str], error: str | None, matches: bool
) -> None:
    assert error_matches(patterns, error) is matches


def test_retry_and_catch_lookups_share_the_rule() -> None:
    import random

    handlers = [{"ErrorEquals": ["States.Runtime"], "Next": "X"}, {"ErrorEquals": ALL, "Next": "Y"}]
    assert find_catcher(handlers, "States.Runtime") is None
    assert next_retry(handlers, "States.Runtime", {}, random.Random(1)) is None
    assert find_catcher(handlers, "States.DataLimitExceeded") is None
    assert find_catcher(handlers, "Custom") == handlers[1]
