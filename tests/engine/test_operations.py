"""Stop, redrive, execution timeout, task timeout, sub-workflows and callbacks, end to end."""

from __future__ import annotations

import time

import pytest

from designer.services import publish_version
from engine import callbacks, functions, runtime, stops
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, Status, TaskRun, TaskStatus, Timer

pytestmark = pytest.mark.django_db(transaction=True)

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
ATTEMPTS: dict[str, int] = {}


def flaky(payload: dict) -> dict:
    """Fails until the test lets it succeed (payload["fixed"] in the redriven input)."""
    ATTEMPTS[payload["id"]] = ATTEMPTS.get(payload["id"], 0) + 1
    if not FIXED.get(payload["id"]):
        raise RuntimeError(f"item {payload['id']} is broken")
    return {"id": payload["id"], "ok": True}


FIXED: dict[str, bool] = {}
functions.register("ops-flaky", flaky)
functions.register("ops-sleepy", lambda payload: time.sleep(3) or payload)


def history(execution: Execution) -> list[str]:
    return list(execution.events.order_by("event_id").values_list("type", flat=True))


def run(definition: dict, value: object, name: str = "ops") -> Execution:
    execution, _ = start_execution(publish_version(name, definition), value)
    run_until_ended([execution.id])
    execution.refresh_from_db()
    return execution


def test_stop_aborts_a_waiting_execution_and_cancels_its_timer() -> None:
    definition = {
        "StartAt": "Nap",
        "States": {"Nap": {"Type": "Wait", "Seconds": 600, "End": True}},
    }
    execution, _ = start_execution(publish_version("naps", definition), {})
    runtime.advance_one()
    assert Timer.objects.filter(execution=execution).exists()

    assert stops.stop_execution(execution.id, "Operator.Stop", "no longer needed") is True

    execution.refresh_from_db()
    assert (execution.status, execution.error, execution.cause) == (
        Status.ABORTED,
        "Operator.Stop",
        "no longer needed",
    )
    assert history(execution)[-1] == "ExecutionAborted"
    assert not Timer.objects.filter(execution=execution).exists()
    assert stops.stop_execution(execution.id) is False  # already stopped


def test_redrive_resumes_at_the_failed_state_keeping_what_succeeded() -> None:
    definition = {
        "StartAt": "Prepare",
        "States": {
            "Prepare": {
                "Type": "Pass",
                "Result": "prepared",
                "ResultPath": "$.prep",
                "Next": "Work",
            },
            "Work": {
                "Type": "Task",
                "Resource": ARN + "ops-flaky",
                "ResultPath": "$.work",
                "End": True,
            },
        },
    }
    FIXED["r1"] = False
    failed = run(definition, {"id": "r1"})
    assert failed.status == Status.FAILED and failed.error == "RuntimeError"

    FIXED["r1"] = True
    runtime.redrive_execution(failed.id)
    run_until_ended([failed.id])

    failed.refresh_from_db()
    assert failed.status == Status.SUCCEEDED and failed.redrive_count == 1
    assert failed.output == {"id": "r1", "prep": "prepared", "work": {"id": "r1", "ok": True}}
    types = history(failed)
    assert types.count("PassStateEntered") == 1  # Prepare ran once: it had succeeded
    assert "ExecutionRedriven" in types


def test_redrive_of_a_map_runs_only_the_failed_iterations() -> None:
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "MaxConcurrency": 1,  # m0 and m1 surely succeed before m2 fails
                "ItemProcessor": {
                    "StartAt": "Work",
                    "States": {
                        "Work": {"Type": "Task", "Resource": ARN + "ops-flaky", "End": True}
                    },
                },
                "End": True,
            }
        },
    }
    items = [{"id": f"m{i}"} for i in range(4)]
    for i in range(4):
        FIXED[f"m{i}"] = i != 2
        ATTEMPTS.pop(f"m{i}", None)
    failed = run(definition, items, "maps")
    assert failed.status == Status.FAILED

    FIXED["m2"] = True
    runtime.redrive_execution(failed.id)
    run_until_ended([failed.id])

    failed.refresh_from_db()
    assert failed.status == Status.SUCCEEDED
    assert failed.output == [{"id": f"m{i}", "ok": True} for i in range(4)]
    assert ATTEMPTS["m2"] == 2  # failed, then ran again
    assert ATTEMPTS["m0"] == ATTEMPTS["m1"] == 1  # succeeded before the redrive: not run again
    assert ATTEMPTS["m3"] == 1  # never started before the failure


def test_redrive_refuses_an_execution_that_succeeded() -> None:
    ok = run({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}, {})

    with pytest.raises(runtime.CannotRedrive):
        runtime.redrive_execution(ok.id)


def test_execution_timeout_seconds_times_the_execution_out() -> None:
    definition = {
        "TimeoutSeconds": 1,
        "StartAt": "Nap",
        "States": {"Nap": {"Type": "Wait", "Seconds": 30, "End": True}},
    }
    began = time.monotonic()

    execution = run(definition, {})

    assert execution.status == Status.TIMED_OUT and execution.error == "States.Timeout"
    assert 1.0 <= time.monotonic() - began < 10
    assert history(execution)[-1] == "ExecutionTimedOut"


def test_a_function_that_overruns_its_timeout_fails_with_states_timeout() -> None:
    definition = {
        "StartAt": "Slow",
        "States": {
            "Slow": {
                "Type": "Task",
                "Resource": ARN + "ops-sleepy",
                "TimeoutSeconds": 1,
                "End": True,
            }
        },
    }

    execution = run(definition, {})

    assert execution.status == Status.FAILED and execution.error == "States.Timeout"
    assert "LambdaFunctionTimedOut" in history(execution)


def test_a_sync_sub_workflow_runs_and_its_output_returns_to_the_parent() -> None:
    publish_version(
        "child",
        {
            "StartAt": "Double",
            "States": {
                "Double": {
                    "Type": "Pass",
                    "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"},
                    "End": True,
                }
            },
        },
    )
    parent_definition = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {
                    "StateMachineArn": "arn:aws:states:us-east-1:000000000000:stateMachine:child",
                    "Input": {"n.$": "$.n"},
                },
                "OutputPath": "$.Output",
                "End": True,
            }
        },
    }

    parent = run(parent_definition, {"n": 21}, "parent")

    assert parent.status == Status.SUCCEEDED and parent.output == {"doubled": 42}
    child = Execution.objects.get(parent=parent)
    assert child.status == Status.SUCCEEDED and child.workflow.name == "child"


def test_stopping_a_parent_stops_its_children() -> None:
    publish_version(
        "sleeper",
        {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 600, "End": True}}},
    )
    definition = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync",
                "Parameters": {
                    "StateMachineArn": "arn:aws:states:us-east-1:000000000000:stateMachine:sleeper"
                },
                "End": True,
            }
        },
    }
    parent, _ = start_execution(publish_version("parent", definition), {})
    deadline = time.monotonic() + 10
    from engine.worker import Engine

    engine = Engine(concurrency=2)
    while not Execution.objects.filter(parent=parent).exists() and time.monotonic() < deadline:
        engine.tick()
        time.sleep(0.05)
    engine.pool.close(grace_seconds=5)

    stops.stop_execution(parent.id, "Stop", "by test")

    child = Execution.objects.get(parent=parent)
    assert child.status == Status.ABORTED


def test_a_callback_task_waits_for_its_token_and_continues_with_the_output() -> None:
    functions.register("ops-hand-out", lambda payload: "ignored")
    definition = {
        "StartAt": "Ask",
        "States": {
            "Ask": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {
                    "FunctionName": "ops-hand-out",
                    "Payload": {"token.$": "$$.Task.Token"},
                },
                "End": True,
            }
        },
    }
    execution, _ = start_execution(publish_version("asks", definition), {})
    from engine.worker import Engine

    engine = Engine(concurrency=1)
    deadline = time.monotonic() + 10
    while (
        not TaskRun.objects.filter(status=TaskStatus.WAITING).exists()
        and time.monotonic() < deadline
    ):
        engine.tick()
        time.sleep(0.05)
    engine.pool.close(grace_seconds=5)
    task = TaskRun.objects.get(execution=execution)
    assert task.payload["Payload"]["token"] == task.token

    callbacks.send_task_success(task.token, {"approved": True})
    run_until_ended([execution.id])

    execution.refresh_from_db()
    assert execution.status == Status.SUCCEEDED and execution.output == {"approved": True}
    with pytest.raises(callbacks.TaskTimedOut):
        callbacks.send_task_success(task.token, {"again": True})
    with pytest.raises(callbacks.TaskDoesNotExist):
        callbacks.send_task_failure("not-a-token", "E", "c")
