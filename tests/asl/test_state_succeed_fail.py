"""Succeed and Fail states: how an execution (or branch) ends, and what the user reads."""

from __future__ import annotations

from typing import Any

from tests.asl.driver import execute


def _one(state: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"StartAt": "S", "States": {"S": state}, **top}


def test_succeed_state_ends_with_its_input() -> None:
    run = execute(_one({"Type": "Succeed"}), {"a": 1})
    assert run.status == "SUCCEEDED"
    assert run.output == {"a": 1}
    assert run.types == ["ExecutionStarted", "SucceedStateEntered", "ExecutionSucceeded"]


def test_succeed_state_applies_input_and_output_paths() -> None:
    state = {"Type": "Succeed", "InputPath": "$.inner", "OutputPath": "$.x"}
    assert execute(_one(state), {"inner": {"x": 5}}).output == 5


def test_succeed_state_jsonata_output() -> None:
    state = {"Type": "Succeed", "Output": "{% $states.input.a + 1 %}"}
    assert execute(_one(state, QueryLanguage="JSONata"), {"a": 1}).output == 2


def test_fail_state_with_error_and_cause() -> None:
    run = execute(_one({"Type": "Fail", "Error": "SomeFailure", "Cause": "it failed"}))
    assert run.status == "FAILED"
    assert (run.error, run.cause) == ("SomeFailure", "it failed")
    assert run.types == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"]


def test_fail_state_without_error_or_cause_reports_none() -> None:
    run = execute(_one({"Type": "Fail"}))
    assert run.status == "FAILED"
    assert (run.error, run.cause) == (None, None)


def test_fail_state_error_path_and_cause_path_read_the_input() -> None:
    state = {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.detail.c"}
    run = execute(_one(state), {"e": "Custom.Error", "detail": {"c": "because"}})
    assert (run.error, run.cause) == ("Custom.Error", "because")


def test_fail_state_cause_path_runs_an_intrinsic() -> None:
    state = {
        "Type": "Fail",
        "ErrorPath": "States.Format('{}', $.Error)",
        "CausePath": "States.Format('custom message for {}, caused by {}.', $.Error, $.Cause)",
    }
    run = execute(_one(state), {"Error": "error string", "Cause": "cause string"})
    assert run.error == "error string"
    assert run.cause == "custom message for error string, caused by cause string."


def test_fail_state_cause_path_reads_the_context_object() -> None:
    run = execute(_one({"Type": "Fail", "Error": "E", "CausePath": "$$.State.Name"}))
    assert run.cause == "S"


def test_fail_state_is_not_retried_or_caught_by_its_own_fields() -> None:
    # A Fail state has no Retry or Catch; reaching it after other states still ends the run.
    definition = {
        "StartAt": "P",
        "States": {
            "P": {"Type": "Pass", "Next": "F"},
            "F": {"Type": "Fail", "Error": "E", "Cause": "C"},
        },
    }
    run = execute(definition)
    assert (run.status, run.error) == ("FAILED", "E")
    assert run.event("ExecutionFailed")["details"] == {"error": "E", "cause": "C"}


def test_fail_state_jsonata_error_and_cause_expressions() -> None:
    state = {
        "Type": "Fail",
        "Error": "{% 'Err.' & $states.input.kind %}",
        "Cause": "{% $string($states.input.n) %}",
    }
    run = execute(_one(state, QueryLanguage="JSONata"), {"kind": "X", "n": 3})
    assert (run.error, run.cause) == ("Err.X", "3")
