"""One transition of one execution: lock it, run the interpreter, store what it produced.

Every function here runs in one transaction with the execution's row locked (DESIGN.md §3.1)
and returns the task runs it leased to the calling engine, to run once the transaction commits.
Lock order everywhere: the execution first, then its timers and task runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from . import claims, isolation, notify, runners
from .asl import errors
from .models import Execution, Status, TaskRun, TaskStatus
from .store import store, store_many
from .telemetry import observe

Leased = list[TaskRun]
REDRIVABLE = {Status.FAILED, Status.TIMED_OUT, Status.ABORTED}


BATCH = 50  # executions per transaction when advancing or firing timers in bulk


def advance_one(lease_to: str | None = None) -> Leased | None:
    """Claim one execution that owes a step and run it as far as it goes; None when none."""
    return advance_many(1, lease_to)


@observe.timed("advance")
def advance_many(limit: int = BATCH, lease_to: str | None = None) -> Leased | None:
    """Claim up to `limit` executions that owe a step and run each as far as it goes, storing
    them all in one transaction; None when there were none."""
    claimed: list[Any] = []
    try:
        with transaction.atomic():
            executions = claims.lock_runnable_executions(limit)
            if not executions:
                return None
            claimed = [execution.id for execution in executions]
            return _advance(executions, lease_to)
    except Exception as exc:
        if not claimed or isolation.is_transient(exc):
            raise
        return _isolate(claimed, exc, lambda execution_id: _advance_alone(execution_id, lease_to))


def _advance(executions: list[Execution], lease_to: str | None) -> Leased:
    pairs = []
    began = time.monotonic()
    for execution in executions:
        if time.monotonic() - began > runners.transition_seconds():
            break  # the rest stay runnable: the next round takes them
        runner = runners.started_runner(execution)
        runners.run(runner, execution)
        pairs.append((execution, runner))
    return store_many(pairs, lease_to)


def _advance_alone(execution_id: Any, lease_to: str | None) -> Leased | None:
    with transaction.atomic():
        execution = claims.lock_execution(execution_id, skip_locked=True)
        if execution is None or not execution.is_runnable or execution.status != Status.RUNNING:
            return None
        return _advance([execution], lease_to)


@observe.timed("timers")
def fire_due_timers(now: Any, limit: int = BATCH, lease_to: str | None = None) -> Leased | None:
    """Fire up to `limit` due timers in one transaction; None when none could be fired.

    Timers of executions another engine holds stay for the next round.
    """
    claimed: list[Any] = []
    try:
        with transaction.atomic():
            locked = claims.lock_executions_with_due_timers(now, limit)
            if not locked:
                return None
            claimed = list(locked)
            return _fire(locked, now, lease_to)
    except Exception as exc:
        if not claimed or isolation.is_transient(exc):
            raise
        return _isolate(claimed, exc, lambda execution_id: _fire_alone(execution_id, now, lease_to))


def _fire(locked: dict[Any, Execution], now: Any, lease_to: str | None) -> Leased | None:
    taken = claims.take_due_timers(list(locked), now)
    _timer_lags(taken)
    events: dict[Any, list[dict[str, Any]]] = {}
    for _, execution_id, key, _ in taken:
        events.setdefault(execution_id, []).append({"kind": "timer", "key": key})
    pairs = []
    for execution_id, timer_events in events.items():
        execution = locked[execution_id]
        if execution.status != Status.RUNNING or execution.program is None:
            continue
        runner = runners.runner_for(execution)
        for event in timer_events:
            runner.deliver(event)
        runners.run(runner, execution)
        pairs.append((execution, runner))
    return store_many(pairs, lease_to) if taken else None


def _fire_alone(execution_id: Any, now: Any, lease_to: str | None) -> Leased | None:
    with transaction.atomic():
        execution = claims.lock_execution(execution_id, skip_locked=True)
        return None if execution is None else _fire({execution_id: execution}, now, lease_to)


def _isolate(claimed: list[Any], exc: Exception, attempt: Callable[[Any], Leased | None]) -> Leased:
    """A batch raised (engine/isolation.py): with one execution in it, that one fails; with
    more, each is taken again alone, so only the one at fault fails."""
    if len(claimed) == 1:
        isolation.report(claimed[0], exc)
        fail_alone(claimed[0], exc)
        return []
    return isolation.one_by_one(claimed, attempt, fail_alone)


def fail_alone(execution_id: Any, exc: BaseException) -> None:
    """Fail an execution with States.Runtime from its last stored program, saying what escaped
    while it was advanced; pending work is cancelled and a parent is told, as for any end."""
    cause = isolation.cause_of(exc)
    try:
        with transaction.atomic():
            execution = claims.lock_execution(execution_id)
            if execution is None or execution.status != Status.RUNNING:
                return
            runner = runners.started_runner(execution)
            runner.fail_execution(errors.RUNTIME, cause)
            store(execution, runner)
    except Exception as second:
        if isolation.is_transient(second):
            raise
        isolation.report(execution_id, second)
        isolation.force_fail(execution_id, cause)


@observe.timed("outcome")
def deliver_task_outcome(
    task_id: int, execution_id: Any, event: dict[str, Any], lease_to: str | None = None
) -> Leased | None:
    """Deliver a task's outcome, together with any others already recorded for its execution.

    When another engine holds the execution, the outcome is recorded on the task run (DONE)
    instead of waiting for the lock: the holder or any engine's next round delivers it, many at
    once. So a Map's fifty finishing iterations become a few transactions, not fifty in a queue.
    """

    def attempt() -> Leased | None:
        with transaction.atomic():
            execution = claims.lock_execution(execution_id, skip_locked=True)
            if execution is None:
                _record_outcome(task_id, event)
                return None
            outcomes = claims.take_outcomes(execution, task_id, event)
            return _deliver_many(execution, outcomes, lease_to)

    return isolation.guarded(execution_id, attempt, fail_alone)


@observe.timed("deadline")
def deliver_deadline(
    task_id: int, execution_id: Any, now: Any, outcome_of: Any, lease_to: str | None = None
) -> Leased | None:
    """Time a task out if it is still overdue once its execution is locked.

    The deadline is read again under the lock: a heartbeat that arrived meanwhile wins.
    `outcome_of(task, now)` gives the failure (taskbodies.deadline_outcome).
    """
    return isolation.guarded(
        execution_id,
        lambda: _deliver_deadline(task_id, execution_id, now, outcome_of, lease_to),
        fail_alone,
    )


def _deliver_deadline(
    task_id: int, execution_id: Any, now: Any, outcome_of: Any, lease_to: str | None
) -> Leased | None:
    with transaction.atomic():
        execution = claims.lock_execution(execution_id, skip_locked=True)
        task = TaskRun.objects.filter(id=task_id).exclude(status=TaskStatus.DONE).first()
        if execution is None or task is None or not _is_overdue(task, now):
            return None
        task.delete()
        return _deliver(execution, {**outcome_of(task, now), "key": task.key}, lease_to)


def _is_overdue(task: TaskRun, now: Any) -> bool:
    deadlines = (task.timeout_at, task.heartbeat_expires_at)
    return any(deadline is not None and deadline <= now for deadline in deadlines)


@observe.timed("outcomes")
def deliver_recorded_outcomes(execution_id: Any, lease_to: str | None) -> Leased | None:
    """Deliver every DONE outcome of an execution (callbacks, activities, children, batches)."""

    def attempt() -> Leased | None:
        with transaction.atomic():
            execution = claims.lock_execution(execution_id, skip_locked=True)
            if execution is None:
                return None
            return _deliver_many(execution, claims.take_outcomes(execution), lease_to)

    return isolation.guarded(execution_id, attempt, fail_alone)


def _record_outcome(task_id: int, event: dict[str, Any]) -> None:
    recorded = TaskRun.objects.filter(id=task_id).exclude(status=TaskStatus.DONE)
    if recorded.update(status=TaskStatus.DONE, outcome=event, lease_expires_at=None):
        notify.work()


@observe.timed("timer")
def fire_timer(timer_id: int, execution_id: Any, lease_to: str | None = None) -> Leased | None:
    """Fire one timer unless another engine holds its execution (it comes back next round)."""

    def attempt() -> Leased | None:
        with transaction.atomic():
            execution = claims.lock_execution(execution_id, skip_locked=True)
            taken = claims.take_timers([timer_id]) if execution is not None else []
            if execution is None or not taken:
                return None
            _timer_lags(taken)
            return _deliver(execution, {"kind": "timer", "key": taken[0][2]}, lease_to)

    return isolation.guarded(execution_id, attempt, fail_alone)


def _timer_lags(taken: list[claims.TakenTimer]) -> None:
    now = timezone.now()
    observe.timer_lags([(now - fire_at).total_seconds() for *_, fire_at in taken])


class CannotRedrive(Exception):
    """Only FAILED, TIMED_OUT and ABORTED executions can be redriven."""


def redrive_execution(execution_id: Any) -> Execution:
    """Resume a FAILED, TIMED_OUT or ABORTED execution from the states that did not succeed."""
    with transaction.atomic():
        execution = claims.lock_execution(execution_id)
        if execution is None:
            raise Execution.DoesNotExist(f"no execution {execution_id}")
        if execution.status not in REDRIVABLE or not execution.program:
            raise CannotRedrive(f"Execution is {execution.status}; it cannot be redriven.")
        runner = runners.runner_for(execution)
        runner.redrive()  # re-enters states only; an engine advances them (isolated)
        execution.status = Status.RUNNING
        execution.error = execution.cause = execution.output = execution.stopped_at = None
        execution.redrive_count += 1
        execution.redriven_at = runner.options.now
        execution.save(update_fields=["redrive_count", "redriven_at"])
        store(execution, runner)
    return execution


def record_task_started(
    execution_id: Any,
    key: str,
    worker: str = "",
    submitted: dict[str, Any] | None = None,
    notes: list[dict[str, Any]] | None = None,
) -> None:
    """Write the …Started event of a task someone else finishes, when it starts: an activity
    a worker took, a callback whose token went out (with TaskSubmitted: what its body
    returned), a child execution that began."""

    def attempt() -> None:
        with transaction.atomic():
            execution = claims.lock_execution(execution_id)
            if execution is None or execution.status != Status.RUNNING or not execution.program:
                return
            runner = runners.runner_for(execution)
            if runner.task_started(key, worker, submitted, notes or []):
                store(execution, runner)

    isolation.guarded(execution_id, attempt, fail_alone)


def record_task_notes(execution_id: Any, key: str, notes: list[tuple[str, dict[str, Any]]]) -> bool:
    """Append events about a waiting task (Runner.task_note) under the execution's lock;
    False when the task or its execution has ended. Used by the approvals app."""

    def attempt() -> bool:
        with transaction.atomic():
            execution = claims.lock_execution(execution_id)
            if execution is None or execution.status != Status.RUNNING or not execution.program:
                return False
            runner = runners.runner_for(execution)
            noted = [runner.task_note(key, kind, details) for kind, details in notes]
            if any(noted):
                store(execution, runner)
            return all(noted)

    return bool(isolation.guarded(execution_id, attempt, fail_alone))


def _deliver(execution: Execution, event: dict[str, Any], lease_to: str | None) -> Leased | None:
    return _deliver_many(execution, [event], lease_to)


def _deliver_many(
    execution: Execution, events: list[dict[str, Any]], lease_to: str | None
) -> Leased | None:
    if not events or execution.status != Status.RUNNING or execution.program is None:
        return None
    runner = runners.runner_for(execution)
    for event in events:
        runner.deliver(event)
    runners.run(runner, execution)
    return store(execution, runner, lease_to)
