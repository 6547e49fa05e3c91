"""The durable runtime: transitions, timers and task runs as rows, claimed safely."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from designer.services import publish_version
from engine import claims, functions, runtime
from engine.executions import ExecutionAlreadyExists, InputTooLarge, start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, HistoryEvent, Status, TaskRun, Timer
from engine.worker import Engine

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 60, "End": True}}}
TASK = {
    "StartAt": "Call",
    "States": {
        "Call": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:000000000000:function:runtime-test-double",
            "TimeoutSeconds": 60,  # never inline (engine/inline.py): these tests need task runs
            "End": True,
        }
    },
}
functions.register("runtime-test-double", lambda payload: {"doubled": payload["n"] * 2})


def history(execution: Execution) -> list[str]:
    return list(execution.events.order_by("event_id").values_list("type", flat=True))


def test_advancing_stores_the_transition_and_its_events_together() -> None:
    version = publish_version(
        "passes", {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    )
    execution, _ = start_execution(version, {"x": 1})

    assert runtime.advance_one() is not None

    execution.refresh_from_db()
    assert execution.status == Status.SUCCEEDED and execution.output == {"x": 1}
    assert history(execution) == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "ExecutionSucceeded",
    ]
    assert runtime.advance_one() is None  # nothing left to claim


def test_a_wait_leaves_a_timer_row_and_fires_once_when_due() -> None:
    version = publish_version("waits", WAIT)
    execution, _ = start_execution(version, {})
    runtime.advance_one()
    timer = Timer.objects.get(execution=execution)
    assert timer.fire_at > timezone.now() + timedelta(seconds=50)

    # The engine was down when it fell due: make it due, then fire it twice.
    Timer.objects.filter(id=timer.id).update(fire_at=timezone.now() - timedelta(seconds=5))
    assert runtime.fire_timer(timer.id, execution.id) is not None
    assert runtime.fire_timer(timer.id, execution.id) is None

    execution.refresh_from_db()
    assert execution.status == Status.SUCCEEDED
    assert history(execution).count("WaitStateExited") == 1


def test_timers_that_fell_due_while_no_engine_ran_fire_when_one_starts() -> None:
    version = publish_version("waits", WAIT)
    started = [start_execution(version, {"n": n})[0] for n in range(5)]
    while runtime.advance_one() is not None:
        pass
    Timer.objects.update(fire_at=timezone.now() - timedelta(seconds=30))

    run_until_ended([e.id for e in started])

    assert set(Execution.objects.values_list("status", flat=True)) == {Status.SUCCEEDED}
    assert HistoryEvent.objects.filter(type="WaitStateExited").count() == 5
    assert not Timer.objects.exists()


def test_a_task_whose_engine_died_is_claimed_again_after_its_lease_expires() -> None:
    version = publish_version("tasks", TASK)
    execution, _ = start_execution(version, {"n": 21})
    runtime.advance_one()
    held = claims.claim_task_runs("dead-engine", 10, lease_seconds=300)
    assert [t.key for t in held] and claims.claim_task_runs("other", 10, 300) == []

    TaskRun.objects.update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    run_until_ended([execution.id])

    execution.refresh_from_db()
    assert execution.status == Status.SUCCEEDED and execution.output == {"doubled": 42}


def test_a_task_result_for_a_cancelled_task_changes_nothing() -> None:
    version = publish_version("tasks", TASK)
    execution, _ = start_execution(version, {"n": 1})
    runtime.advance_one()
    task = TaskRun.objects.get(execution=execution)
    TaskRun.objects.filter(id=task.id).delete()

    event = {"kind": "task_succeeded", "output": 1}
    delivered = runtime.deliver_task_outcome(task.id, execution.id, event)

    assert delivered is None
    execution.refresh_from_db()
    assert execution.status == Status.RUNNING


def test_two_engines_racing_finish_every_execution_without_applying_a_step_twice() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Next": "Call"},
            "Call": {"Type": "Task", "Resource": TASK["States"]["Call"]["Resource"], "Next": "B"},
            "B": {"Type": "Pass", "End": True},
        },
    }
    version = publish_version("race", definition)
    started = [start_execution(version, {"n": n})[0] for n in range(60)]
    engines = [Engine(concurrency=2), Engine(concurrency=2)]
    threads = [threading.Thread(target=e.serve) for e in engines]
    for thread in threads:
        thread.start()
    try:
        run_until_ended([e.id for e in started], concurrency=1)
    finally:
        for engine in engines:
            engine.stop()
        for thread in threads:
            thread.join(timeout=30)

    statuses = Execution.objects.values_list("status", flat=True)
    assert set(statuses) == {Status.SUCCEEDED}
    # Each execution: start, Pass ×2, Task entered/scheduled/started/succeeded/exited, end.
    for execution in started:
        ids = list(execution.events.values_list("event_id", flat=True))
        assert sorted(ids) == list(range(1, len(ids) + 1))
        assert history(execution).count("LambdaFunctionSucceeded") == 1


def test_history_event_ids_are_unique_per_execution() -> None:
    version = publish_version(
        "passes", {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    )
    execution, _ = start_execution(version, {})
    runtime.advance_one()

    with pytest.raises(IntegrityError), transaction.atomic():
        HistoryEvent.objects.create(
            execution=execution, event_id=1, type="ExecutionStarted", timestamp=timezone.now()
        )


def test_starting_twice_by_name_is_idempotent_and_a_different_input_is_refused() -> None:
    version = publish_version(
        "passes", {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    )

    first, created = start_execution(version, {"a": 1}, name="nightly")
    again, created_again = start_execution(version, {"a": 1}, name="nightly")

    assert created and not created_again and again.id == first.id
    with pytest.raises(ExecutionAlreadyExists):
        start_execution(version, {"a": 2}, name="nightly")


def test_an_input_over_the_payload_limit_is_refused_before_anything_starts(settings) -> None:
    settings.BATON_ENGINE = {**settings.BATON_ENGINE, "PAYLOAD_LIMIT_BYTES": 100}
    version = publish_version(
        "passes", {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    )

    with pytest.raises(InputTooLarge, match="limit is 100 bytes"):
        start_execution(version, {"blob": "x" * 200})
    assert not Execution.objects.exists()


def test_a_state_output_over_the_payload_limit_fails_with_data_limit_exceeded(settings) -> None:
    settings.BATON_ENGINE = {**settings.BATON_ENGINE, "PAYLOAD_LIMIT_BYTES": 100}
    definition = {
        "StartAt": "Grow",
        "States": {"Grow": {"Type": "Pass", "Result": {"blob": "x" * 150}, "End": True}},
    }
    execution, _ = start_execution(publish_version("grows", definition), {})

    run_until_ended([execution.id])

    execution.refresh_from_db()
    assert execution.error == "States.DataLimitExceeded"
    assert execution.cause == (
        "The state/task 'Grow' returned a result with a size exceeding the maximum number of "
        "bytes service limit."
    )


def test_an_execution_past_the_history_limit_fails_with_a_clear_cause(settings) -> None:
    settings.BATON_ENGINE = {**settings.BATON_ENGINE, "HISTORY_LIMIT_EVENTS": 50}
    definition = {
        "StartAt": "Loop",
        "States": {
            "Loop": {"Type": "Pass", "Next": "Again"},
            "Again": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "Done"}],
                "Default": "Loop",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    execution, _ = start_execution(publish_version("loops", definition), {})

    run_until_ended([execution.id])

    execution.refresh_from_db()
    assert (execution.status, execution.error) == (Status.FAILED, "States.Runtime")
    assert execution.cause == "The execution reached the limit of 50 history events."
    assert execution.events.count() <= 52


def test_a_quick_function_runs_inside_the_transition_once_its_speed_is_known() -> None:
    functions.register("runtime-test-quick", lambda payload: {"n": payload["n"] + 1})
    resource = "arn:aws:lambda:us-east-1:000000000000:function:runtime-test-quick"
    steps = {f"S{i}": {"Type": "Task", "Resource": resource, "Next": f"S{i + 1}"} for i in range(3)}
    steps["S2"] = {"Type": "Task", "Resource": resource, "End": True}
    version = publish_version("quick", {"StartAt": "S0", "States": steps})
    first, _ = start_execution(version, {"n": 0})
    run_until_ended([first.id])  # learns the function's speed in the pool

    second, _ = start_execution(version, {"n": 0})
    runtime.advance_one()  # one transition: all three tasks ran inline

    second.refresh_from_db()
    assert second.status == Status.SUCCEEDED and second.output == {"n": 3}
    assert history(second).count("LambdaFunctionSucceeded") == 3
    assert not TaskRun.objects.filter(execution=second).exists()
