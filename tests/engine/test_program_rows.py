"""A parked execution's row stores no copy of its own columns (bench W6), and what is rebuilt
from the row on load is what the execution saw before it parked."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from designer.services import publish_version
from engine import callbacks, functions, runtime
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, Status, TaskRun, TaskStatus, Timer
from engine.worker import Engine

pytestmark = pytest.mark.django_db(transaction=True)

CONTEXT = {
    "name.$": "$$.Execution.Name",
    "id.$": "$$.Execution.Id",
    "input.$": "$$.Execution.Input",
    "start.$": "$$.Execution.StartTime",
    "redrives.$": "$$.Execution.RedriveCount",
    "machine.$": "$$.StateMachine.Id",
}
PARK_THEN_LOOK = {
    "StartAt": "Before",
    "States": {
        "Before": {"Type": "Pass", "Parameters": CONTEXT, "ResultPath": "$.before", "Next": "Nap"},
        "Nap": {"Type": "Wait", "Seconds": 60, "Next": "After"},
        "After": {"Type": "Pass", "Parameters": CONTEXT, "ResultPath": "$.after", "End": True},
    },
}
CALLBACKS = {
    "StartAt": "First",
    "States": {
        "First": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "program-rows-hand-out", "Payload": {}},
            "TimeoutSeconds": 60,
            "Next": "Second",
        },
        "Second": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "program-rows-hand-out", "Payload": {}},
            "TimeoutSeconds": 60,
            "End": True,
        },
    },
}
functions.register("program-rows-hand-out", lambda payload: "ignored")


def stored_program(execution: Execution) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT program FROM engine_execution WHERE id = %s", [execution.id])
        return json.loads(cursor.fetchone()[0])


def fire_now(execution: Execution) -> None:
    timer = Timer.objects.get(execution=execution)
    Timer.objects.filter(id=timer.id).update(fire_at=timezone.now() - timedelta(seconds=1))
    assert runtime.fire_timer(timer.id, execution.id) is not None


def test_a_parked_program_keeps_no_copy_of_its_row_and_resumes_with_the_same_context() -> None:
    version = publish_version("program-rows", PARK_THEN_LOOK)
    execution, _ = start_execution(version, {"order": 7}, name="parked-one")
    runtime.advance_one()

    program = stored_program(execution)
    assert not {"execution", "state_machine", "token_prefix"} & program.keys()
    (thread,) = program["threads"].values()
    assert thread["state"] == "Nap"
    assert not {"id", "parent", "slot", "machine", "retries", "retrying"} & thread.keys()

    fire_now(execution)
    execution.refresh_from_db()
    assert execution.status == Status.SUCCEEDED
    before, after = execution.output["before"], execution.output["after"]
    assert after == before
    assert before["name"] == "parked-one" and before["input"] == {"order": 7}
    assert before["id"].endswith(":execution:program-rows:parked-one")
    assert before["machine"].endswith(":stateMachine:program-rows")
    assert before["redrives"] == 0


def waiting_task(execution: Execution, state: str) -> TaskRun:
    """Tick an engine until the execution's callback task of `state` waits for its token."""
    engine = Engine(concurrency=1)
    deadline = time.monotonic() + 10
    found = TaskRun.objects.filter(execution=execution, state=state, status=TaskStatus.WAITING)
    while not found.exists() and time.monotonic() < deadline:
        engine.tick()
        time.sleep(0.05)
    engine.pool.close(grace_seconds=5)
    return found.get()


def test_a_program_stored_whole_by_an_earlier_version_goes_on_with_its_token_prefix() -> None:
    execution, _ = start_execution(publish_version("program-rows-old", CALLBACKS), {})
    first = waiting_task(execution, "First")
    secret = stored_program(execution)["token_secret"]
    assert first.token.startswith(f"{execution.id}.{secret}.")

    # What the row held before program_rows: the context, the prefix and every thread field.
    old = stored_program(execution)
    del old["token_secret"]
    old["token_prefix"] = f"{execution.id}.oldSecret."
    old["execution"] = {"Name": "stale", "Id": "stale", "Input": {}, "RedriveCount": 0}
    old["state_machine"] = {"Id": "stale", "Name": "stale"}
    for thread_id, thread in old["threads"].items():
        thread.update(id=thread_id, parent=None, slot=None, machine=[], vars={}, retries={})
        thread["retrying"] = False
    Execution.objects.filter(id=execution.id).update(program=old)

    callbacks.send_task_success(first.token, {"first": "done"})
    second = waiting_task(execution, "Second")
    assert second.token.startswith(f"{execution.id}.oldSecret.")
    program = stored_program(execution)
    assert program["token_secret"] == "oldSecret"
    assert not {"execution", "state_machine", "token_prefix"} & program.keys()

    callbacks.send_task_success(second.token, {"second": "done"})
    run_until_ended([execution.id])
    execution.refresh_from_db()
    assert execution.status == Status.SUCCEEDED and execution.output == {"second": "done"}
