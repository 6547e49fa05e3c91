"""Task state behaviour: payloads, results, failures, history events and the task effect."""

from __future__ import annotations

from typing import Any

from tests.asl.driver import TaskFailure, echo, execute, lambda_arn


def _task(resource: str, **fields: Any) -> dict[str, Any]:
    return {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": resource, "End": True, **fields}},
    }


def test_task_state_sends_its_input_and_returns_the_result() -> None:
    run = execute(_task("baton:python"), {"x": 1}, functions={"baton:python": lambda p: {"got": p}})
    assert run.status == "SUCCEEDED"
    assert run.output == {"got": {"x": 1}}
    assert run.tasks[0]["payload"] == {"x": 1}


def test_task_state_parameters_shape_the_payload() -> None:
    definition = _task("baton:python", Parameters={"n.$": "$.n", "k": "v"})
    run = execute(definition, {"n": 5, "other": 0}, functions={"baton:python": echo})
    assert run.tasks[0]["payload"] == {"n": 5, "k": "v"}
    assert run.output == {"n": 5, "k": "v"}


def test_task_state_routes_lambda_functions_by_name() -> None:
    definition = _task(lambda_arn("double"))
    run = execute(definition, 21, functions={"double": lambda n: n * 2})
    assert run.output == 42


def test_task_state_effect_names_resource_state_and_attempt() -> None:
    run = execute(_task("baton:python"), {}, functions={"baton:python": echo})
    effect = run.tasks[0]
    assert effect["resource"] == "baton:python"
    assert effect["state"] == "T"
    assert effect["attempt"] == 0
    assert effect["token"] == "tok." + effect["key"]


def test_task_state_passes_timeout_and_heartbeat_to_the_effect() -> None:
    definition = _task("baton:python", TimeoutSeconds=30, HeartbeatSecondsPath="$.hb")
    run = execute(definition, {"hb": 5}, functions={"baton:python": echo})
    assert run.tasks[0]["timeout_seconds"] == 30
    assert run.tasks[0]["heartbeat_seconds"] == 5


def test_task_state_failure_fails_the_execution_with_its_error_and_cause() -> None:
    def boom(payload: Any) -> Any:
        raise TaskFailure("Custom.Boom", "it broke")

    run = execute(_task("baton:python"), {}, functions={"baton:python": boom})
    assert run.status == "FAILED"
    assert (run.error, run.cause) == ("Custom.Boom", "it broke")


def test_task_state_history_for_a_non_lambda_resource() -> None:
    run = execute(_task("baton:python"), {}, functions={"baton:python": echo})
    assert run.types == [
        "ExecutionStarted",
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStarted",
        "TaskSucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
    ]


def test_task_state_history_for_a_lambda_function_arn() -> None:
    run = execute(_task(lambda_arn("f")), {}, functions={"f": echo})
    assert run.types[1:6] == [
        "TaskStateEntered",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
        "TaskStateExited",
    ]


def test_task_state_history_for_the_lambda_invoke_integration_uses_task_events() -> None:
    # AWS records optimised integrations (arn:aws:states:::lambda:invoke) as Task* events;
    # only a bare function ARN gives LambdaFunction* events.
    definition = _task("arn:aws:states:::lambda:invoke", Parameters={"FunctionName": "f"})
    run = execute(definition, {}, functions={"f": lambda p: {"Payload": p}})
    assert run.types[2:5] == ["TaskScheduled", "TaskStarted", "TaskSucceeded"]


def test_task_state_failure_history_records_started_before_failed() -> None:
    # AWS: a task that ran and failed shows ...Scheduled, ...Started, ...Failed.
    def boom(payload: Any) -> Any:
        raise TaskFailure("Err")

    run = execute(_task(lambda_arn("f")), {}, functions={"f": boom})
    assert run.types[1:5] == [
        "TaskStateEntered",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionFailed",
    ]


def test_task_state_result_path_keeps_the_input() -> None:
    definition = _task("baton:python", ResultPath="$.result")
    run = execute(definition, {"a": 1}, functions={"baton:python": lambda p: 7})
    assert run.output == {"a": 1, "result": 7}


def test_task_state_result_selector_shapes_the_result() -> None:
    definition = _task("baton:python", ResultSelector={"code.$": "$.StatusCode"})
    run = execute(definition, {}, functions={"baton:python": lambda p: {"StatusCode": 200, "x": 1}})
    assert run.output == {"code": 200}


def test_task_state_token_in_parameters_matches_the_effect_token() -> None:
    definition = _task("baton:callback", Parameters={"token.$": "$$.Task.Token"})
    run = execute(definition, {}, functions={"baton:callback": echo})
    assert run.tasks[0]["payload"]["token"] == run.tasks[0]["token"]


def test_task_state_keeps_a_float_result_a_float() -> None:
    run = execute(_task("baton:python"), {}, functions={"baton:python": lambda p: 0.0})
    assert run.output == 0.0 and isinstance(run.output, float)


def test_task_state_timeout_is_recorded_as_timed_out_not_failed() -> None:
    # AWS HistoryEvent types: a task that runs past TimeoutSeconds is TaskTimedOut
    # (LambdaFunctionTimedOut for a function ARN) with error States.Timeout.
    def slow(payload: Any) -> Any:
        raise TaskFailure("States.Timeout", "Task timed out after 30 seconds")

    run = execute(_task("baton:python", TimeoutSeconds=30), {}, functions={"baton:python": slow})
    assert run.error == "States.Timeout"
    assert run.types[2:5] == ["TaskScheduled", "TaskStarted", "TaskTimedOut"]


def test_task_state_timeouts_must_be_integers_step_functions_accepts() -> None:
    for value, problem in (
        (1e300, "which is not an integer from 1 to 99999999"),
        (-5, "which is not an integer from 1 to 99999999"),
        (2.5, "which is not an integer from 1 to 99999999"),
        ("soon", 'refers to value "soon" which is not a valid integer'),
    ):
        definition = _task("baton:python", TimeoutSecondsPath="$.t")
        run = execute(definition, {"t": value}, functions={"baton:python": echo})
        assert run.error == "States.Runtime"
        assert problem in run.cause
        assert run.tasks == []  # failed before anything was scheduled


def test_task_state_timeout_at_the_maximum_is_scheduled() -> None:
    definition = _task("baton:python", TimeoutSecondsPath="$.t", HeartbeatSeconds=5)
    run = execute(definition, {"t": 99999999.0}, functions={"baton:python": echo})
    assert run.status == "SUCCEEDED"
    assert run.tasks[0]["timeout_seconds"] == 99999999


def test_task_state_jsonata_timeout_that_is_no_number_is_a_query_evaluation_error() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "baton:python",
                "HeartbeatSeconds": "{% 'soon' %}",
                "End": True,
            }
        },
    }
    run = execute(definition, {}, functions={"baton:python": echo})
    assert run.error == "States.QueryEvaluationError"
    assert "Expected 'number', but was 'string'" in run.cause
