"""One bad execution fails alone (engine/isolation.py): the others in its batch go on, the
engine keeps running, and a stop works while an engine is busy with the execution."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from designer.services import publish_version
from engine import functions, inline, resources, runtime, stops
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, Status, StopRequest, TaskRun, Timer
from engine.worker import Engine

pytestmark = pytest.mark.django_db(transaction=True)

LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:"
# A bug a user can write: a function whose result is no JSON value.
functions.register("isolation-returns-a-set", lambda payload: {1, 2})
functions.register("isolation-echo", lambda payload: payload)
EXPLODING = "baton:test-exploding-resource"
resources.register(lambda resource: resource == EXPLODING, lambda call: 1 / 0)


def one_task(resource: str, **fields: object) -> dict:
    task = {"Type": "Task", "Resource": resource, "End": True, **fields}
    return {"StartAt": "Call", "States": {"Call": task}}


def ended(execution: Execution) -> Execution:
    execution.refresh_from_db()
    return execution


def test_a_poisoned_execution_in_a_batch_fails_alone_and_the_batch_goes_on() -> None:
    for name in ("isolation-returns-a-set", "isolation-echo"):
        inline.record_duration(name, 0.0001)  # both run inline, inside the batch's transaction
    healthy = publish_version("healthy", one_task(LAMBDA + "isolation-echo"))
    poisoned = publish_version("poisoned", one_task(LAMBDA + "isolation-returns-a-set"))
    before = [start_execution(healthy, {"n": n})[0] for n in range(3)]
    bad, _ = start_execution(poisoned, {})
    after = [start_execution(healthy, {"n": n})[0] for n in range(3, 6)]

    assert runtime.advance_many() is not None

    bad = ended(bad)
    assert bad.status == Status.FAILED and bad.error == "States.Runtime"
    assert bad.cause.startswith("The engine could not advance the execution: TypeError")
    assert "Traceback" not in bad.cause
    assert list(bad.events.values_list("type", flat=True))[-1] == "ExecutionFailed"
    for execution in before + after:
        assert ended(execution).status == Status.SUCCEEDED
    assert runtime.advance_many() is None  # nothing is claimed again


def test_a_resource_that_raises_fails_its_execution_and_the_engine_runs_on() -> None:
    bad, _ = start_execution(publish_version("explodes", one_task(EXPLODING)), {})
    good, _ = start_execution(publish_version("fine", one_task(LAMBDA + "isolation-echo")), {})

    run_until_ended([bad.id, good.id])

    bad = ended(bad)
    assert (bad.status, bad.error) == (Status.FAILED, "States.Runtime")
    assert "ZeroDivisionError: division by zero" in bad.cause
    assert not TaskRun.objects.filter(execution=bad).exists()
    assert ended(good).status == Status.SUCCEEDED


def test_a_task_result_that_breaks_the_interpreter_fails_only_its_execution() -> None:
    definition = one_task(LAMBDA + "isolation-returns-a-set", TimeoutSeconds=30)  # a task run
    bad, _ = start_execution(publish_version("late-poison", definition), {})
    engine = Engine(concurrency=1)

    engine.serve(until=lambda: ended(bad).status != Status.RUNNING)

    assert ended(bad).error == "States.Runtime" and "not JSON serializable" in bad.cause
    assert not Timer.objects.filter(execution=bad).exists()


def test_a_stop_answers_at_once_while_an_engine_holds_the_execution() -> None:
    waiting = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 600, "End": True}}}
    execution, _ = start_execution(publish_version("napper", waiting), {})
    runtime.advance_one()
    holding, release = threading.Event(), threading.Event()

    def busy_engine() -> None:  # holds the row lock as a long transition would
        with transaction.atomic():
            Execution.objects.select_for_update().get(id=execution.id)
            holding.set()
            release.wait(30)
        connection.close()

    holder = threading.Thread(target=busy_engine)
    holder.start()
    holding.wait(10)
    began = time.monotonic()
    stopped = stops.stop_execution(execution.id, "Operator.Stop", "while busy")
    answered_in = time.monotonic() - began
    assert stopped is True and answered_in < 5  # it waited for the lock only briefly
    assert StopRequest.objects.filter(execution_id=execution.id).exists()
    assert stops.apply_stop_requests() is False  # still held: it stays for the next round
    release.set()
    holder.join(10)

    assert stops.apply_stop_requests() is True
    execution = ended(execution)
    assert (execution.status, execution.error) == (Status.ABORTED, "Operator.Stop")
    assert not StopRequest.objects.exists() and not Timer.objects.exists()


def test_a_recorded_stop_applies_before_advancing_and_is_dropped_once_ended() -> None:
    version = publish_version("quick", one_task(LAMBDA + "isolation-echo"))
    execution, _ = start_execution(version, {})
    StopRequest.objects.create(execution_id=execution.id, error="Late", cause="too late")
    run_until_ended([execution.id])  # the engine applies it before advancing: ABORTED

    assert ended(execution).status == Status.ABORTED
    StopRequest.objects.create(execution_id=execution.id, error="Late", cause="again")
    assert stops.apply_stop_requests() is False and not StopRequest.objects.exists()
