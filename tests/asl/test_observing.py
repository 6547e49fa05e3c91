"""What the runner observes for telemetry (engine/asl/observing.py): how each state ended, each
task attempt, each retry, the execution's end; what metrics, traces and rollups are made of."""

from __future__ import annotations

from typing import Any

from tests.asl.driver import TaskFailure, execute


def failing_once(error: str) -> Any:
    calls = []

    def function(payload: Any) -> Any:
        calls.append(payload)
        if len(calls) == 1:
            raise TaskFailure(error, "first try")
        return {"ok": True}

    return function


def always_failing(error: str) -> Any:
    def function(payload: Any) -> Any:
        raise TaskFailure(error, "always")

    return function


def kinds(observed: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [seen for seen in observed if seen["kind"] == kind]


def test_a_retried_task_is_two_attempts_one_retry_and_one_state_that_succeeded() -> None:
    definition = {
        "StartAt": "Charge",
        "States": {
            "Charge": {
                "Type": "Task",
                "Resource": "baton:charge",
                "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 1}],
                "End": True,
            }
        },
    }
    run = execute(definition, {}, functions={"baton:charge": failing_once("Busy")})
    assert run.status == "SUCCEEDED"
    attempts = kinds(run.observed, "task")
    assert [(a["attempt"], a["outcome"], a["error"]) for a in attempts] == [
        (1, "failed", "Busy"),
        (2, "succeeded", None),
    ]
    assert attempts[0]["key"] != attempts[1]["key"]  # one span per attempt
    assert all(a["scheduled_at"] and a["name"] == "Charge" for a in attempts)
    assert kinds(run.observed, "retry") == [{"kind": "retry", "name": "Charge", "error": "Busy"}]
    (state,) = kinds(run.observed, "state")
    assert (state["name"], state["type"], state["outcome"]) == ("Charge", "Task", "succeeded")
    assert attempts[0]["entered"] == state["entered"]  # both attempts belong to the state's run
    assert kinds(run.observed, "execution")[-1]["status"] == "SUCCEEDED"
    assert "scheduled_at" not in str(run.program["threads"])  # nothing left behind to store


def test_a_caught_error_and_a_failed_branch_say_which_state_and_error() -> None:
    definition = {
        "StartAt": "Fan",
        "States": {
            "Fan": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": True}}},
                    {
                        "StartAt": "Boom",
                        "States": {"Boom": {"Type": "Task", "Resource": "baton:boom", "End": True}},
                    },
                ],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}],
                "End": True,
            },
            "Recover": {"Type": "Pass", "End": True},
        },
    }
    run = execute(definition, {}, functions={"baton:boom": always_failing("Kaput")})
    assert run.status == "SUCCEEDED"
    states = {seen["name"]: seen for seen in kinds(run.observed, "state")}
    assert states["Boom"]["outcome"] == "failed" and states["Boom"]["error"] == "Kaput"
    assert states["Fan"]["outcome"] == "caught" and states["Fan"]["error"] == "Kaput"
    assert states["Recover"]["outcome"] == "succeeded"
    # Branch states nest under the Parallel's run; top-level states have no parent.
    assert states["Boom"]["parent"] == states["Fan"]["entered"]
    assert states["Ok"]["parent"] == states["Fan"]["entered"]
    assert states["Fan"]["parent"] is None and states["Recover"]["parent"] is None


def test_states_open_when_the_execution_fails_end_with_it() -> None:
    definition = {
        "StartAt": "Fan",
        "States": {
            "Fan": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "Slow",
                        "States": {"Slow": {"Type": "Wait", "Seconds": 60, "End": True}},
                    },
                    {"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "No"}}},
                ],
                "End": True,
            }
        },
    }
    run = execute(definition, {})
    assert run.status == "FAILED"
    outcomes = {seen["name"]: seen["outcome"] for seen in kinds(run.observed, "state")}
    assert outcomes["Bad"] == "failed" and outcomes["Fan"] == "failed"
    assert outcomes["Slow"] == "cancelled"  # the sibling still waiting when it failed
