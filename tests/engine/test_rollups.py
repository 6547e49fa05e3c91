"""The engine's own telemetry, in-process: what the dashboard reads from Postgres (StateRollup:
failed, retried and caught states per hour) and the counters a scrape of /metrics adds up."""

from __future__ import annotations

from typing import Any

import pytest

from designer.services import publish_version
from engine import functions
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, StateRollup, Status
from engine.telemetry import metrics

pytestmark = pytest.mark.django_db(transaction=True)
FN = "arn:aws:lambda:us-east-1:000000000000:function:"


class Busy(Exception):
    """A function's exception: its class name is the task's error, as Lambda reports it."""


class Declined(Exception):
    pass


def flaky_then_ok() -> Any:
    seen: dict[str, int] = {}

    def function(payload: dict[str, Any]) -> Any:
        seen[payload["id"]] = seen.get(payload["id"], 0) + 1
        if seen[payload["id"]] == 1:
            raise Busy("try again")
        return {"paid": True}

    return function


def refuse(payload: Any) -> Any:
    raise Declined("no")


DEFINITION = {
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": FN + "rollup-charge",
            "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 1, "MaxAttempts": 1}],
            "ResultPath": "$.charge",
            "Next": "Ship",
        },
        "Ship": {
            "Type": "Task",
            "Resource": FN + "rollup-ship",
            "Catch": [{"ErrorEquals": ["Declined"], "ResultPath": "$.error", "Next": "Refund"}],
            "Next": "Check",
        },
        "Refund": {"Type": "Pass", "Next": "Check"},
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.fail", "BooleanEquals": True, "Next": "Give up"}],
            "Default": "Done",
        },
        "Give up": {"Type": "Fail", "Error": "Order.Failed", "Cause": "asked to"},
        "Done": {"Type": "Succeed"},
    },
}


def value(counter: Any, *labels: str) -> float:
    return counter.labels(*labels)._value.get()


def test_failed_retried_and_caught_states_are_counted_per_workflow_state_and_error() -> None:
    functions.register("rollup-charge", flaky_then_ok())
    functions.register("rollup-ship", refuse)
    version = publish_version("rollups", DEFINITION)
    before = {
        "started": value(metrics.EXECUTIONS_STARTED, "rollups"),
        "failed": value(metrics.EXECUTIONS_FINISHED, "rollups", "FAILED"),
        "succeeded": value(metrics.EXECUTIONS_FINISHED, "rollups", "SUCCEEDED"),
        "retries": value(metrics.RETRIES, "rollups", "Charge", "Busy"),
        "catches": value(metrics.CATCHES, "rollups", "Ship", "Declined"),
        "choices": value(metrics.STATE_TRANSITIONS, "Choice"),
    }
    started = [start_execution(version, {"id": str(n), "fail": n < 2})[0] for n in range(5)]
    run_until_ended([e.id for e in started])
    statuses = sorted(
        Execution.objects.filter(workflow=version.workflow).values_list("status", flat=True)
    )
    errors = list(Execution.objects.filter(workflow=version.workflow).values_list("error", "cause"))
    assert statuses == [Status.FAILED] * 2 + [Status.SUCCEEDED] * 3, errors

    rows = {
        (row.state, row.kind, row.error): row
        for row in StateRollup.objects.filter(workflow=version.workflow)
    }
    assert {key: row.count for key, row in rows.items()} == {
        ("Charge", "retried", "Busy"): 5,
        ("Ship", "caught", "Declined"): 5,
        ("Give up", "failed", "Order.Failed"): 2,
    }
    failed_ids = {str(e.id) for e in started[:2]}
    assert str(rows[("Give up", "failed", "Order.Failed")].last_execution) in failed_ids

    assert value(metrics.EXECUTIONS_STARTED, "rollups") - before["started"] == 5
    assert value(metrics.EXECUTIONS_FINISHED, "rollups", "FAILED") - before["failed"] == 2
    assert value(metrics.EXECUTIONS_FINISHED, "rollups", "SUCCEEDED") - before["succeeded"] == 3
    assert value(metrics.RETRIES, "rollups", "Charge", "Busy") - before["retries"] == 5
    assert value(metrics.CATCHES, "rollups", "Ship", "Declined") - before["catches"] == 5
    assert value(metrics.STATE_TRANSITIONS, "Choice") - before["choices"] == 5


def test_a_happy_run_writes_no_rollup_rows() -> None:
    functions.register("rollup-ok", lambda payload: payload)
    version = publish_version(
        "rollups-happy",
        {
            "StartAt": "A",
            "States": {"A": {"Type": "Task", "Resource": FN + "rollup-ok", "End": True}},
        },
    )
    execution, _ = start_execution(version, {})
    run_until_ended([execution.id])
    assert Execution.objects.get(id=execution.id).status == Status.SUCCEEDED
    assert not StateRollup.objects.filter(workflow=version.workflow).exists()
