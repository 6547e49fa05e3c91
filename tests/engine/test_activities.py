"""Activities end to end: a real engine in one thread, activity workers in others."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from designer.services import publish_version
from engine import activities, callbacks
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, Status, TaskRun, TaskStatus

pytestmark = pytest.mark.django_db(transaction=True)

ARN = "arn:aws:states:us-east-1:000000000000:activity:"


@pytest.fixture
def activity() -> str:
    name = f"act-{uuid.uuid4().hex[:10]}"
    activities.create_activity(name)
    return name


def in_thread(target: Callable[[], Any]) -> threading.Thread:
    """Run `target` on a thread with its own database connection, closed when it ends."""

    def run() -> None:
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def engine() -> Iterator[Callable[[list[Any]], threading.Thread]]:
    """Start the real engine on a thread until the given executions end."""
    threads: list[threading.Thread] = []

    def start(execution_ids: list[Any]) -> threading.Thread:
        threads.append(in_thread(lambda: run_until_ended(execution_ids)))
        return threads[-1]

    yield start
    for thread in threads:
        thread.join(timeout=30)


def activity_task(name: str, **fields: Any) -> dict[str, Any]:
    """A definition whose first state is a Task on the activity, then `Done` (a Pass)."""
    task = {"Type": "Task", "Resource": ARN + name, "Next": "Done", **fields}
    done = {"Type": "Pass", "Parameters": {"result.$": "$"}, "End": True}
    return {"StartAt": "Work", "States": {"Work": task, "Done": done}}


def start(definition: dict[str, Any], value: Any = None) -> Execution:
    version = publish_version(f"activities-{uuid.uuid4().hex[:12]}", definition)
    execution, _ = start_execution(version, {} if value is None else value)
    return execution


def finished(execution: Execution, thread: threading.Thread) -> Execution:
    thread.join(timeout=30)
    assert not thread.is_alive(), "the engine did not finish the execution"
    execution.refresh_from_db()
    return execution


def history(execution: Execution) -> list[str]:
    return list(execution.events.order_by("event_id").values_list("type", flat=True))


def test_an_activity_task_goes_to_exactly_one_of_two_workers_and_its_output_continues(
    activity: str, engine: Callable
) -> None:
    execution = start(activity_task(activity), {"n": 21})
    got: dict[str, tuple[str, Any] | None] = {}

    def work(worker: str) -> None:
        got[worker] = activities.get_activity_task(activity, worker, wait_seconds=2)
        if got[worker] is not None:
            token, payload, _ = got[worker]
            callbacks.send_task_success(token, {"answer": payload["n"] * 2, "by": worker})

    workers = [in_thread(lambda w=w: work(w)) for w in ("worker-a", "worker-b")]
    execution = finished(execution, engine([execution.id]))
    for thread in workers:
        thread.join(timeout=10)

    # One worker took the task, the other's long poll ended empty.
    takers = [worker for worker, found in got.items() if found is not None]
    assert len(got) == 2 and len(takers) == 1
    assert execution.status == Status.SUCCEEDED
    assert execution.output == {"result": {"answer": 42, "by": takers[0]}}


def test_competing_workers_never_take_the_same_task(activity: str, engine: Callable) -> None:
    executions = [start(activity_task(activity), {"i": i}) for i in range(6)]
    taken: dict[str, list[int]] = {"w1": [], "w2": [], "w3": []}

    def work(worker: str) -> None:
        while found := activities.get_activity_task(activity, worker, wait_seconds=1.5):
            taken[worker].append(found[1]["i"])
            callbacks.send_task_success(found[0], found[1])

    workers = [in_thread(lambda w=w: work(w)) for w in taken]
    engine_thread = engine([e.id for e in executions])
    for thread in workers:
        thread.join(timeout=30)
    engine_thread.join(timeout=30)

    # Every task was taken once, by exactly one worker.
    assert sorted(i for items in taken.values() for i in items) == list(range(6))
    statuses = Execution.objects.filter(id__in=[e.id for e in executions])
    assert set(statuses.values_list("status", flat=True)) == {Status.SUCCEEDED}


def test_taking_a_task_records_the_worker_and_hands_over_the_input(
    activity: str, engine: Callable
) -> None:
    execution = start(activity_task(activity), {"order": 7})
    engine_thread = engine([execution.id])

    token, payload, _ = activities.get_activity_task(activity, "packer-1", wait_seconds=5)

    task = TaskRun.objects.get(token=token)
    assert payload == {"order": 7}
    assert (task.activity, task.worker, task.status) == (activity, "packer-1", TaskStatus.WAITING)
    assert task.taken_at is not None
    callbacks.send_task_success(token, {"packed": True})
    assert finished(execution, engine_thread).output == {"result": {"packed": True}}


def test_a_worker_failure_fails_the_task_with_its_error_and_cause(
    activity: str, engine: Callable
) -> None:
    execution = start(activity_task(activity))
    engine_thread = engine([execution.id])

    token, _, _ = activities.get_activity_task(activity, "printer", wait_seconds=5)
    callbacks.send_task_failure(token, "Printer.OutOfPaper", "tray 2 is empty")

    execution = finished(execution, engine_thread)
    assert execution.status == Status.FAILED
    assert (execution.error, execution.cause) == ("Printer.OutOfPaper", "tray 2 is empty")
    assert "ActivityFailed" in history(execution)


def test_a_worker_failure_is_caught_by_a_matching_catcher(activity: str, engine: Callable) -> None:
    catch = [{"ErrorEquals": ["Printer.OutOfPaper"], "Next": "Done"}]
    execution = start(activity_task(activity, Catch=catch))
    engine_thread = engine([execution.id])

    token, _, _ = activities.get_activity_task(activity, "printer", wait_seconds=5)
    callbacks.send_task_failure(token, "Printer.OutOfPaper", "tray 2 is empty")

    execution = finished(execution, engine_thread)
    assert execution.status == Status.SUCCEEDED
    assert execution.output == {
        "result": {"Error": "Printer.OutOfPaper", "Cause": "tray 2 is empty"}
    }


def test_a_long_poll_without_tasks_returns_none_after_the_wait(activity: str) -> None:
    began = time.monotonic()

    found = activities.get_activity_task(activity, "idle", wait_seconds=1)

    assert found is None
    assert 0.95 <= time.monotonic() - began < 1.8


def test_a_long_poll_returns_as_soon_as_a_task_appears(
    activity: str, engine: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fallback poll far longer than the test allows: only a NOTIFY can wake the worker.
    monkeypatch.setattr(activities, "FALLBACK_POLL_SECONDS", 30.0)
    version = publish_version(f"activities-{uuid.uuid4().hex[:12]}", activity_task(activity))
    got: list[tuple[str, Any] | None] = []
    polled_for: list[float] = []

    def work() -> None:
        began = time.monotonic()
        got.append(activities.get_activity_task(activity, "eager", wait_seconds=20))
        polled_for.append(time.monotonic() - began)
        if got[0] is not None:
            callbacks.send_task_success(got[0][0], "ok")

    worker = in_thread(work)
    time.sleep(0.5)  # the worker is asleep in its long poll
    execution, _ = start_execution(version, {})
    execution = finished(execution, engine([execution.id]))
    worker.join(timeout=20)

    assert got and got[0] is not None
    assert polled_for[0] < 2.0  # half a second of waiting, then the engine's first steps
    assert execution.status == Status.SUCCEEDED and execution.output == {"result": "ok"}


def test_an_activity_task_without_heartbeats_times_out_after_heartbeat_seconds(
    activity: str, engine: Callable
) -> None:
    execution = start(activity_task(activity, HeartbeatSeconds=1, TimeoutSeconds=30))
    engine_thread = engine([execution.id])

    token, _, _ = activities.get_activity_task(activity, "quitter", wait_seconds=5)
    time.sleep(0.4)
    callbacks.send_task_heartbeat(token)  # one sign of life, then silence
    last_heartbeat = time.monotonic()

    execution = finished(execution, engine_thread)
    silent_for = time.monotonic() - last_heartbeat
    assert execution.status == Status.FAILED and execution.error == "States.HeartbeatTimeout"
    # About HeartbeatSeconds after the last heartbeat, not two of them.
    assert 0.9 <= silent_for < 1.7
    assert history(execution).count("ActivityTimedOut") == 1
    with pytest.raises(callbacks.TaskTimedOut):
        callbacks.send_task_success(token, "too late")


def test_an_activity_worker_that_heartbeats_keeps_its_task_alive(
    activity: str, engine: Callable
) -> None:
    execution = start(activity_task(activity, HeartbeatSeconds=1))
    engine_thread = engine([execution.id])

    token, _, _ = activities.get_activity_task(activity, "steady", wait_seconds=5)
    for _ in range(8):  # 2.4 s of work, well past HeartbeatSeconds
        time.sleep(0.3)
        callbacks.send_task_heartbeat(token)
    callbacks.send_task_success(token, {"done": True})

    execution = finished(execution, engine_thread)
    assert execution.status == Status.SUCCEEDED
    assert execution.output == {"result": {"done": True}}


def test_an_activity_task_nobody_takes_times_out_after_timeout_seconds(
    activity: str, engine: Callable
) -> None:
    execution = start(activity_task(activity, TimeoutSeconds=1))

    execution = finished(execution, engine([execution.id]))

    assert execution.status == Status.FAILED and execution.error == "States.Timeout"
    assert 1.0 <= (execution.stopped_at - execution.started_at).total_seconds() < 2.0


def test_an_unknown_activity_fails_the_task_with_activity_does_not_exist(
    engine: Callable,
) -> None:
    execution = start(activity_task("no-such-activity"))

    execution = finished(execution, engine([execution.id]))

    assert execution.status == Status.FAILED
    assert execution.error == "ActivityDoesNotExist"
    assert execution.cause == f"Activity Does Not Exist: '{ARN}no-such-activity'"
    with pytest.raises(activities.ActivityDoesNotExist):
        activities.get_activity_task("no-such-activity", "w", wait_seconds=0)


def test_creating_an_activity_twice_returns_the_same_one_and_deleting_forgets_it() -> None:
    first = activities.create_activity("ledger")
    assert activities.create_activity("ledger").id == first.id

    activities.delete_activity("ledger")

    with pytest.raises(activities.ActivityDoesNotExist):
        activities.get_activity_task("ledger", "w", wait_seconds=0)
