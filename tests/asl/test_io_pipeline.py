"""JSONPath input/output processing, one stage at a time, and the context object `$$`."""

from __future__ import annotations

from typing import Any

from tests.asl.driver import EXECUTION_ID, STATE_MACHINE_ID, T0, TaskFailure, echo, execute


def _pass(**fields: Any) -> dict[str, Any]:
    return {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True, **fields}}}


def _task(**fields: Any) -> dict[str, Any]:
    return {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": "baton:echo", "End": True, **fields}},
    }


def test_input_path_selects_part_of_the_input() -> None:
    assert execute(_pass(InputPath="$.a"), {"a": {"b": 1}, "c": 2}).output == {"b": 1}


def test_input_path_null_gives_an_empty_object() -> None:
    assert execute(_pass(InputPath=None), {"a": 1}).output == {}


def test_input_path_missing_fails_with_aws_cause() -> None:
    run = execute(_pass(InputPath="$.NoSuchInputPath"), {"int-literal": 0})
    assert run.error == "States.Runtime"
    assert run.cause == (
        "An error occurred while executing the state 'P' (entered at the event id #2). "
        "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"
    )


def test_input_path_can_read_the_execution_input() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Result": "replaced", "Next": "B"},
            "B": {"Type": "Pass", "InputPath": "$$.Execution.Input", "End": True},
        },
    }
    assert execute(definition, {"orig": True}).output == {"orig": True}


def test_parameters_apply_to_the_effective_input() -> None:
    run = execute(_pass(InputPath="$.a", Parameters={"x.$": "$.b"}), {"a": {"b": 1}})
    assert run.output == {"x": 1}


def test_parameters_missing_path_fails_with_aws_cause() -> None:
    run = execute(_pass(Parameters={"x.$": "$.nope"}), {"a": 1})
    assert run.error == "States.Runtime"
    assert run.cause.endswith(
        "The JSONPath '$.nope' specified for the field 'x.$' could not be found "
        "in the input '{\"a\":1}'"
    )


def test_result_selector_shapes_the_task_result_only() -> None:
    definition = _task(ResultSelector={"kept.$": "$.k"}, ResultPath="$.r")
    run = execute(definition, {"in": 1}, functions={"baton:echo": lambda p: {"k": 5, "drop": 6}})
    assert run.output == {"in": 1, "r": {"kept": 5}}


def test_result_path_dollar_replaces_the_input() -> None:
    run = execute(_task(), {"in": 1}, functions={"baton:echo": lambda p: "result"})
    assert run.output == "result"


def test_result_path_null_keeps_the_input_and_drops_the_result() -> None:
    run = execute(_task(ResultPath=None), {"in": 1}, functions={"baton:echo": lambda p: "result"})
    assert run.output == {"in": 1}


def test_result_path_nested_creates_missing_objects() -> None:
    run = execute(_pass(Result=7, ResultPath="$.a.b.c"), {"a": {"keep": 1}})
    assert run.output == {"a": {"keep": 1, "b": {"c": 7}}}


def test_result_path_overwrites_an_existing_field() -> None:
    assert execute(_pass(Result=7, ResultPath="$.a"), {"a": 1, "z": 0}).output == {"a": 7, "z": 0}


def test_result_path_into_a_non_object_input_fails() -> None:
    run = execute(_pass(Result=7, ResultPath="$.a"), "text")
    assert run.status == "FAILED"
    assert run.error == "States.Runtime"
    assert run.cause.endswith('Unable to apply ReferencePath $.a to input "\\"text\\""')


def test_output_path_selects_part_of_the_output() -> None:
    run = execute(_pass(Result={"x": {"y": 1}}, ResultPath="$.r", OutputPath="$.r.x"), {})
    assert run.output == {"y": 1}


def test_output_path_null_gives_an_empty_object() -> None:
    assert execute(_pass(OutputPath=None), {"a": 1}).output == {}


def test_output_path_missing_fails_with_aws_cause() -> None:
    run = execute(_pass(OutputPath="$.NoSuchOutputPath"), {"int-literal": 0})
    assert run.cause == (
        "An error occurred while executing the state 'P' (entered at the event id #2). "
        "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']"
    )


def test_the_whole_pipeline_in_order() -> None:
    definition = _task(
        InputPath="$.req",
        Parameters={"n.$": "$.n"},
        ResultSelector={"doubled.$": "$.v"},
        ResultPath="$.res",
        OutputPath="$.res",
    )
    run = execute(
        definition, {"req": {"n": 4}}, functions={"baton:echo": lambda p: {"v": p["n"] * 2}}
    )
    assert run.tasks[0]["payload"] == {"n": 4}
    assert run.output == {"doubled": 8}


def test_context_object_execution_fields() -> None:
    parameters = {
        "id.$": "$$.Execution.Id",
        "name.$": "$$.Execution.Name",
        "input.$": "$$.Execution.Input",
        "start.$": "$$.Execution.StartTime",
    }
    run = execute(_pass(Parameters=parameters), {"x": 1})
    assert run.output == {
        "id": EXECUTION_ID,
        "name": "e1",
        "input": {"x": 1},
        "start": "2024-01-01T00:00:00Z",
    }


def test_context_object_state_machine_fields() -> None:
    run = execute(
        _pass(Parameters={"id.$": "$$.StateMachine.Id", "name.$": "$$.StateMachine.Name"})
    )
    assert run.output == {"id": STATE_MACHINE_ID, "name": "sm"}


def test_context_object_state_name_and_entered_time() -> None:
    definition = {
        "StartAt": "First",
        "States": {
            "First": {"Type": "Wait", "Seconds": 90, "Next": "Second"},
            "Second": {
                "Type": "Pass",
                "Parameters": {"name.$": "$$.State.Name", "at.$": "$$.State.EnteredTime"},
                "End": True,
            },
        },
    }
    run = execute(definition)
    assert run.output == {"name": "Second", "at": "2024-01-01T00:01:30.000Z"}


def test_context_object_retry_count_counts_retries_and_entered_time_stays() -> None:
    attempts: list[Any] = []

    def flaky(payload: Any) -> Any:
        attempts.append(payload)
        if len(attempts) < 3:
            raise TaskFailure("Flaky")
        return payload

    definition = _task(
        Parameters={"rc.$": "$$.State.RetryCount", "at.$": "$$.State.EnteredTime"},
        Retry=[{"ErrorEquals": ["Flaky"], "IntervalSeconds": 5}],
    )
    run = execute(definition, functions={"baton:echo": flaky})
    assert [a["rc"] for a in attempts] == [0, 1, 2]
    assert {a["at"] for a in attempts} == {T0.strftime("%Y-%m-%dT%H:%M:%S.000Z")}
    assert run.output == {"rc": 2, "at": "2024-01-01T00:00:00.000Z"}


def test_context_object_task_token_is_the_callback_token() -> None:
    run = execute(_task(Parameters={"token.$": "$$.Task.Token"}), functions={"baton:echo": echo})
    assert run.output["token"] == run.tasks[0]["token"]
    assert run.output["token"].startswith("tok.")


def test_context_object_task_token_changes_on_retry() -> None:
    tokens: list[str] = []

    def fail_once(payload: Any) -> Any:
        tokens.append(payload["token"])
        if len(tokens) == 1:
            raise TaskFailure("Again")
        return payload

    definition = _task(Parameters={"token.$": "$$.Task.Token"}, Retry=[{"ErrorEquals": ["Again"]}])
    run = execute(definition, functions={"baton:echo": fail_once})
    assert tokens == [t["token"] for t in run.tasks]
    assert tokens[0] != tokens[1]


def test_context_object_task_idempotency_key_is_per_attempt_and_reveals_no_token() -> None:
    keys: list[str] = []

    def fail_once(payload: Any) -> Any:
        keys.append(payload["key"])
        if len(keys) == 1:
            raise TaskFailure("Again")
        return payload

    parameters = {"key.$": "$$.Task.IdempotencyKey"}
    definition = _task(Parameters=parameters, Retry=[{"ErrorEquals": ["Again"]}])
    run = execute(definition, functions={"baton:echo": fail_once})
    assert len(set(keys)) == 2  # a retry is a new attempt with a new key
    assert all(key.startswith("tok:") for key in keys)  # "<execution id>:<task key>"
    assert all(run.tasks[i]["token"] not in keys[i] for i in range(2))
