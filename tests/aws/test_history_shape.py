"""Baton history events mapped to Step Functions' HistoryEvent shape (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

from baton.aws import history

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def event(kind: str, **details: object) -> dict:
    return {
        "type": kind,
        "event_id": 2,
        "previous_event_id": 1,
        "timestamp": NOW,
        "details": details,
    }


def test_state_entered_and_exited_carry_name_and_json_strings() -> None:
    entered = history.to_aws(event("PassStateEntered", name="A", input={"x": 1}))
    exited = history.to_aws(event("PassStateExited", name="A", output=[1]))

    assert entered == {
        "timestamp": NOW,
        "type": "PassStateEntered",
        "id": 2,
        "previousEventId": 1,
        "stateEnteredEventDetails": {
            "name": "A",
            "input": '{"x":1}',
            "inputDetails": {"truncated": False},
        },
    }
    assert exited["stateExitedEventDetails"]["output"] == "[1]"


def test_execution_events() -> None:
    started = history.to_aws(event("ExecutionStarted", input={"a": "b"}))
    failed = history.to_aws(event("ExecutionFailed", error="E", cause="C"))
    succeeded = history.to_aws(event("ExecutionSucceeded", output=None))
    redriven = history.to_aws(event("ExecutionRedriven", redriveCount=1))

    assert started["executionStartedEventDetails"]["input"] == '{"a":"b"}'
    assert failed["executionFailedEventDetails"] == {"error": "E", "cause": "C"}
    assert succeeded["executionSucceededEventDetails"]["output"] == "null"
    assert redriven["executionRedrivenEventDetails"] == {"redriveCount": 1}


def test_lambda_task_activity_and_map_events() -> None:
    scheduled = history.to_aws(
        event("LambdaFunctionScheduled", resource="arn:aws:lambda:x", parameters={"p": 1})
    )
    started = history.to_aws(event("LambdaFunctionStarted"))
    task = history.to_aws(
        event("TaskScheduled", resource="arn:aws:states:::lambda:invoke", parameters={})
    )
    task_failed = history.to_aws(event("TaskFailed", error="E", cause="C"))
    activity = history.to_aws(event("ActivitySucceeded", output={"ok": True}))
    iteration = history.to_aws(event("MapIterationStarted", index=3))

    assert scheduled["lambdaFunctionScheduledEventDetails"]["input"] == '{"p":1}'
    assert set(started) == {"timestamp", "type", "id", "previousEventId"}
    assert task["taskScheduledEventDetails"]["resourceType"] == "lambda"
    assert task["taskScheduledEventDetails"]["resource"] == "invoke"
    assert task_failed["taskFailedEventDetails"]["error"] == "E"
    assert activity["activitySucceededEventDetails"]["output"] == '{"ok":true}'
    assert iteration["mapIterationStartedEventDetails"]["index"] == 3


def test_without_execution_data_inputs_are_left_out() -> None:
    shaped = history.to_aws(event("PassStateEntered", name="A", input={"x": 1}), False)

    assert "input" not in shaped["stateEnteredEventDetails"]
