"""Retry and Catch: back-off timing (on the fake clock), matching rules, and where errors go."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from tests.asl.driver import TaskFailure, execute


def _failing(*errors: str, then: Any = "ok") -> Callable[[Any], Any]:
    """A task function that fails with `errors` in turn, then returns `then`."""
    left = list(errors)

    def function(payload: Any) -> Any:
        if left:
            raise TaskFailure(left.pop(0), "cause text")
        return then

    return function


def _task(
    retry: list[dict[str, Any]] | None = None,
    catch: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Task", "Resource": "baton:work", "End": True, **fields}
    if retry is not None:
        state["Retry"] = retry
    if catch is not None:
        state["Catch"] = catch
    return {
        "StartAt": "T",
        "States": {
            "T": state,
            "Handler": {"Type": "Pass", "End": True},
            "Other": {"Type": "Pass", "Result": "other", "End": True},
        },
    }


def _delays(definition: dict[str, Any], function: Callable[[Any], Any], **kw: Any) -> list[float]:
    return [
        t.delay_seconds
        for t in execute(definition, {}, functions={"baton:work": function}, **kw).timers
    ]


def test_retry_waits_interval_times_backoff_rate() -> None:
    retry = [{"ErrorEquals": ["E"], "IntervalSeconds": 3, "BackoffRate": 2, "MaxAttempts": 3}]
    run = execute(_task(retry), {}, functions={"baton:work": _failing("E", "E", "E")})
    assert run.status == "SUCCEEDED"
    assert [t.delay_seconds for t in run.timers] == [3, 6, 12]


def test_retry_defaults_are_one_second_rate_two_three_attempts() -> None:
    run = execute(
        _task([{"ErrorEquals": ["E"]}]), {}, functions={"baton:work": _failing("E", "E", "E", "E")}
    )
    assert run.status == "FAILED"
    assert [t.delay_seconds for t in run.timers] == [1, 2, 4]
    assert len(run.tasks) == 4


def test_retry_backoff_rate_one_keeps_the_interval() -> None:
    retry = [{"ErrorEquals": ["E"], "IntervalSeconds": 2, "BackoffRate": 1.0}]
    assert _delays(_task(retry), _failing("E", "E")) == [2, 2]


def test_retry_fractional_backoff_rate() -> None:
    retry = [{"ErrorEquals": ["E"], "IntervalSeconds": 4, "BackoffRate": 1.5}]
    assert _delays(_task(retry), _failing("E", "E", "E")) == [4, 6, 9]


def test_retry_max_attempts_zero_never_retries() -> None:
    run = execute(
        _task([{"ErrorEquals": ["E"], "MaxAttempts": 0}]),
        {},
        functions={"baton:work": _failing("E")},
    )
    assert (run.status, run.error) == ("FAILED", "E")
    assert run.timers == []
    assert len(run.tasks) == 1


def test_retry_max_delay_seconds_caps_the_delay() -> None:
    retry = [
        {
            "ErrorEquals": ["E"],
            "IntervalSeconds": 10,
            "BackoffRate": 3,
            "MaxAttempts": 4,
            "MaxDelaySeconds": 40,
        }
    ]
    assert _delays(_task(retry), _failing("E", "E", "E", "E")) == [10, 30, 40, 40]


def test_retry_full_jitter_stays_between_zero_and_the_delay() -> None:
    retry = [
        {
            "ErrorEquals": ["E"],
            "IntervalSeconds": 8,
            "BackoffRate": 2,
            "MaxAttempts": 5,
            "JitterStrategy": "FULL",
        }
    ]
    delays = _delays(_task(retry), _failing(*["E"] * 5), seed=7)
    assert len(delays) == 5
    for attempt, delay in enumerate(delays):
        assert 0 <= delay <= 8 * 2**attempt
    assert delays != [8, 16, 32, 64, 128]


def test_retry_full_jitter_respects_max_delay_seconds() -> None:
    retry = [
        {
            "ErrorEquals": ["E"],
            "IntervalSeconds": 8,
            "MaxAttempts": 4,
            "MaxDelaySeconds": 10,
            "JitterStrategy": "FULL",
        }
    ]
    assert all(0 <= d <= 10 for d in _delays(_task(retry), _failing(*["E"] * 4), seed=3))


def test_retry_full_jitter_is_reproducible_with_the_same_seed() -> None:
    retry = [{"ErrorEquals": ["E"], "JitterStrategy": "FULL"}]
    first = _delays(_task(retry), _failing("E", "E"), seed=11)
    second = _delays(_task(retry), _failing("E", "E"), seed=11)
    assert first == second


def test_retry_jitter_none_is_exact() -> None:
    retry = [{"ErrorEquals": ["E"], "IntervalSeconds": 2, "JitterStrategy": "NONE"}]
    assert _delays(_task(retry), _failing("E", "E")) == [2, 4]


def test_retry_only_applies_to_matching_errors() -> None:
    run = execute(_task([{"ErrorEquals": ["Other"]}]), {}, functions={"baton:work": _failing("E")})
    assert (run.status, run.error, run.cause) == ("FAILED", "E", "cause text")
    assert run.timers == []


def test_retry_first_matching_retrier_wins_and_its_exhaustion_goes_to_catch() -> None:
    retry = [
        {"ErrorEquals": ["E"], "MaxAttempts": 1, "IntervalSeconds": 5},
        {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5, "IntervalSeconds": 100},
    ]
    catch = [{"ErrorEquals": ["States.ALL"], "Next": "Handler"}]
    run = execute(_task(retry, catch), {}, functions={"baton:work": _failing("E", "E", "E")})
    assert run.status == "SUCCEEDED"
    assert run.output == {"Error": "E", "Cause": "cause text"}
    assert [t.delay_seconds for t in run.timers] == [5]
    assert len(run.tasks) == 2


def test_retry_each_retrier_counts_its_own_attempts() -> None:
    retry = [
        {"ErrorEquals": ["A"], "MaxAttempts": 1, "IntervalSeconds": 1},
        {"ErrorEquals": ["B"], "MaxAttempts": 1, "IntervalSeconds": 7},
    ]
    run = execute(_task(retry), {}, functions={"baton:work": _failing("A", "B")})
    assert run.status == "SUCCEEDED"
    assert [t.delay_seconds for t in run.timers] == [1, 7]


def test_retry_states_all_matches_any_task_error() -> None:
    run = execute(
        _task([{"ErrorEquals": ["States.ALL"]}]),
        {},
        functions={"baton:work": _failing("Whatever.Error")},
    )
    assert run.status == "SUCCEEDED"


def test_retry_states_task_failed_matches_a_task_error() -> None:
    run = execute(
        _task([{"ErrorEquals": ["States.TaskFailed"]}]),
        {},
        functions={"baton:work": _failing("Custom")},
    )
    assert run.status == "SUCCEEDED"


def test_retry_states_task_failed_does_not_match_states_timeout() -> None:
    retry = [{"ErrorEquals": ["States.TaskFailed"]}]
    catch = [{"ErrorEquals": ["States.TaskFailed"], "Next": "Handler"}]
    run = execute(_task(retry, catch), {}, functions={"baton:work": _failing("States.Timeout")})
    assert (run.status, run.error) == ("FAILED", "States.Timeout")
    assert run.timers == []


def test_retry_states_timeout_is_matched_by_name() -> None:
    run = execute(
        _task([{"ErrorEquals": ["States.Timeout"]}]),
        {},
        functions={"baton:work": _failing("States.Timeout")},
    )
    assert run.status == "SUCCEEDED"


def test_retried_attempt_is_a_second_scheduled_task_in_history() -> None:
    run = execute(_task([{"ErrorEquals": ["E"]}]), {}, functions={"baton:work": _failing("E")})
    assert run.types == [
        "ExecutionStarted",
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStarted",
        "TaskFailed",
        "TaskScheduled",
        "TaskStarted",
        "TaskSucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
    ]
    assert [t["attempt"] for t in run.tasks] == [0, 1]


def test_retry_counts_start_afresh_in_the_next_state() -> None:
    retry = [{"ErrorEquals": ["E"], "MaxAttempts": 1, "IntervalSeconds": 3}]
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Task", "Resource": "baton:a", "Retry": retry, "Next": "B"},
            "B": {"Type": "Task", "Resource": "baton:b", "Retry": retry, "End": True},
        },
    }
    run = execute(definition, {}, functions={"baton:a": _failing("E"), "baton:b": _failing("E")})
    assert run.status == "SUCCEEDED"
    assert [t.delay_seconds for t in run.timers] == [3, 3]


def test_catch_result_path_keeps_the_input_and_adds_the_error() -> None:
    catch = [{"ErrorEquals": ["E"], "ResultPath": "$.error", "Next": "Handler"}]
    run = execute(_task(catch=catch), {"in": 1}, functions={"baton:work": _failing("E")})
    assert run.output == {"in": 1, "error": {"Error": "E", "Cause": "cause text"}}


def test_catch_result_path_null_keeps_only_the_input() -> None:
    catch = [{"ErrorEquals": ["E"], "ResultPath": None, "Next": "Handler"}]
    run = execute(_task(catch=catch), {"in": 1}, functions={"baton:work": _failing("E")})
    assert run.output == {"in": 1}


def test_catch_next_goes_to_the_first_matching_catcher() -> None:
    catch = [
        {"ErrorEquals": ["Nope"], "Next": "Handler"},
        {"ErrorEquals": ["E"], "Next": "Other"},
        {"ErrorEquals": ["States.ALL"], "Next": "Handler"},
    ]
    run = execute(_task(catch=catch), {}, functions={"baton:work": _failing("E")})
    assert run.output == "other"


def test_catch_after_retries_are_used_up() -> None:
    retry = [{"ErrorEquals": ["E"], "MaxAttempts": 2}]
    catch = [{"ErrorEquals": ["E"], "Next": "Handler"}]
    run = execute(_task(retry, catch), {}, functions={"baton:work": _failing("E", "E", "E")})
    assert run.status == "SUCCEEDED"
    assert len(run.tasks) == 3
    assert run.types[-3:] == ["PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    assert "TaskStateExited" in run.types


def test_catch_output_in_jsonata_uses_error_output() -> None:
    catch = [
        {
            "ErrorEquals": ["States.ALL"],
            "Output": "{% $states.errorOutput.Cause %}",
            "Next": "Handler",
        }
    ]
    definition = _task(catch=catch)
    definition["QueryLanguage"] = "JSONata"
    run = execute(definition, {}, functions={"baton:work": _failing("E")})
    assert run.output == "cause text"


def test_catch_in_jsonata_without_output_passes_the_error_output() -> None:
    definition = _task(catch=[{"ErrorEquals": ["States.ALL"], "Next": "Handler"}])
    definition["QueryLanguage"] = "JSONata"
    run = execute(definition, {"in": 1}, functions={"baton:work": _failing("E")})
    assert run.output == {"Error": "E", "Cause": "cause text"}


def test_states_runtime_is_not_caught_by_states_all() -> None:
    catch = [{"ErrorEquals": ["States.ALL"], "Next": "Handler"}]
    definition = _task(catch=catch, ResultSelector={"x.$": "$.missing"})
    run = execute(definition, {}, functions={"baton:work": lambda p: {}})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")


def test_states_runtime_is_not_retried_by_states_all() -> None:
    definition = _task([{"ErrorEquals": ["States.ALL"]}], OutputPath="$.missing")
    run = execute(definition, {}, functions={"baton:work": lambda p: {}})
    assert run.error == "States.Runtime"
    assert run.timers == []
    assert len(run.tasks) == 1


@pytest.mark.parametrize("wildcard", ["States.ALL", "States.TaskFailed"])
def test_data_limit_exceeded_is_not_caught_by_wildcards(wildcard: str) -> None:
    catch = [{"ErrorEquals": [wildcard], "Next": "Handler"}]
    run = execute(
        _task(catch=catch), {}, functions={"baton:work": lambda p: "x" * 200}, max_payload_bytes=100
    )
    assert (run.status, run.error) == ("FAILED", "States.DataLimitExceeded")


def test_error_and_cause_of_a_caught_fail_state_in_a_parallel_branch() -> None:
    branch = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Inner", "Cause": "deep"}}}
    definition = {
        "StartAt": "Par",
        "States": {
            "Par": {
                "Type": "Parallel",
                "Branches": [branch],
                "Catch": [{"ErrorEquals": ["Inner"], "ResultPath": "$.e", "Next": "Done"}],
                "End": True,
            },
            "Done": {"Type": "Succeed"},
        },
    }
    assert execute(definition, {"k": 1}).output == {
        "k": 1,
        "e": {"Error": "Inner", "Cause": "deep"},
    }


def test_retry_delays_are_capped_however_large_the_backoff() -> None:
    retry = [{"ErrorEquals": ["E"], "IntervalSeconds": 1, "BackoffRate": 10**400, "MaxAttempts": 3}]
    delays = _delays(_task(retry), _failing("E", "E", "E"))
    assert delays == [1, 31_622_400, 31_622_400]  # 366 days: the largest MaxDelaySeconds
    capped = [{**retry[0], "BackoffRate": 1e300, "MaxDelaySeconds": 5}]
    assert _delays(_task(capped), _failing("E", "E", "E")) == [1, 5, 5]


def test_retry_after_many_attempts_does_not_overflow() -> None:
    from engine.asl.retry import backoff_seconds

    retrier = {"IntervalSeconds": 99999999, "BackoffRate": 2.0}
    assert backoff_seconds(retrier, 99_999_998, random.Random(1)) == 31_622_400
    jittered = {"IntervalSeconds": 1, "BackoffRate": 1.5, "JitterStrategy": "FULL"}
    assert 0 <= backoff_seconds(jittered, 10**6, random.Random(1)) <= 31_622_400
