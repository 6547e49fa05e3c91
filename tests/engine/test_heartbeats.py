"""Heartbeats from Python functions: `from baton import heartbeat` inside a Task's function."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

from baton import function, heartbeat
from designer.services import publish_version
from engine import inline
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, Status

pytestmark = pytest.mark.django_db(transaction=True)

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


@function("test-heartbeats-steady")
def steady(event: dict[str, Any]) -> dict[str, Any]:
    """Works 2.5 s, heartbeating every 0.3 s."""
    began = time.monotonic()
    beats = 0
    while time.monotonic() - began < 2.5:
        time.sleep(0.3)
        heartbeat()
        beats += 1
    return {"beats": beats}


@function("test-heartbeats-silent")
def silent(event: dict[str, Any]) -> str:
    """Works 2.5 s without a heartbeat."""
    time.sleep(2.5)
    return "finished too late"


@function("test-heartbeats-unbounded")
def unbounded(event: dict[str, Any]) -> str:
    heartbeat()  # a Task without HeartbeatSeconds: nothing to push, no error
    return "ok"


@function("test-heartbeats-quick")
def quick(event: dict[str, Any]) -> str:
    heartbeat()
    return "ok"


def run(name: str, **fields: Any) -> Execution:
    task = {"Type": "Task", "Resource": ARN + name, "End": True, **fields}
    version = publish_version(
        f"heartbeats-{uuid.uuid4().hex[:12]}",
        {
            "StartAt": "Work",
            "States": {"Work": task},
        },
    )
    execution, _ = start_execution(version, {})
    run_until_ended([execution.id])
    execution.refresh_from_db()
    return execution


def lasted(execution: Execution) -> float:
    return (execution.stopped_at - execution.started_at).total_seconds()


def test_a_function_that_heartbeats_outlives_heartbeat_seconds_and_succeeds() -> None:
    execution = run("test-heartbeats-steady", HeartbeatSeconds=1)

    assert execution.status == Status.SUCCEEDED
    assert execution.output["beats"] >= 7
    assert lasted(execution) >= 2.5


def test_a_function_that_does_not_heartbeat_fails_with_heartbeat_timeout() -> None:
    execution = run("test-heartbeats-silent", HeartbeatSeconds=1)

    assert execution.status == Status.FAILED
    assert execution.error == "States.HeartbeatTimeout"
    # At HeartbeatSeconds, not when the function finally returns.
    assert 1.0 <= lasted(execution) < 1.8


def test_heartbeat_in_a_task_without_heartbeat_seconds_does_nothing() -> None:
    execution = run("test-heartbeats-unbounded")

    assert execution.status == Status.SUCCEEDED and execution.output == "ok"


def test_heartbeat_outside_a_task_raises_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="outside a task"):
        heartbeat()


def test_heartbeat_in_a_function_run_inline_does_not_fail_it() -> None:
    inline.record_duration("test-heartbeats-quick", 0.0)  # known quick: runs inline

    execution = run("test-heartbeats-quick")

    assert execution.status == Status.SUCCEEDED, (execution.error, execution.cause)
