"""One transition of one execution: lock it, run the interpreter, store what it produced.

Every function here runs in one transaction with the execution's row locked (DESIGN.md §3.1)
and returns the task runs it leased to the calling engine, to run once the transaction commits.
Lock order everywhere: the execution first, then its timers and task runs.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from . import claims, conf, definitions, inline, notify
from .asl import program as programs
from .asl.interpreter import Options, Runner
from .models import Execution, Status, TaskRun, TaskStatus
from .store import store, store_many

Leased = list[TaskRun]
REDRIVABLE = {Status.FAILED, Status.TIMED_OUT, Status.ABORTED}


BATCH = 50  # executions per transaction when advancing or firing timers in bulk


def advance_one(lease_to: str | None = None) -> Leased | None:
    """Claim one execution that owes a step and run it as far as it goes; None when none."""
    return advance_many(1, lease_to)


def advance_many(limit: int = BATCH, lease_to: str | None = None) -> Leased | None:
    """Claim up to `limit` executions that owe a step and run each as far as it goes, storing
    them all in one transaction; None when there were none."""
    with transaction.atomic():
        executions = claims.lock_runnable_executions(limit)
        if not executions:
            return None
        pairs = []
        for execution in executions:
            runner = _runner(execution)
            if execution.program is None:
                runner.program = _new_program(execution)
                runner.start(execution.input)
            _run(runner, execution)
            pairs.append((execution, runner))
        return store_many(pairs, lease_to)


def fire_due_timers(now: Any, limit: int = BATCH, lease_to: str | None = None) -> Leased | None:
    """Fire up to `limit` due timers in one transaction; None when none could be fired.

    Timers of executions another engine holds stay for the next round.
    """
    with transaction.atomic():
        locked = claims.lock_executions_with_due_timers(now, limit)
        if not locked:
            return None
        taken = claims.take_due_timers(list(locked), now)
        events: dict[Any, list[dict[str, Any]]] = {}
        for _, execution_id, key in taken:
            events.setdefault(execution_id, []).append({"kind": "timer", "key": key})
        pairs = []
        for execution_id, timer_events in events.items():
            execution = locked[execution_id]
            if execution.status != Status.RUNNING or execution.program is None:
                continue
            runner = _runner(execution)
            for event in timer_events:
                runner.deliver(event)
            _run(runner, execution)
            pairs.append((execution, runner))
        return store_many(pairs, lease_to) if taken else None


def deliver_task_outcome(
    task_id: int, execution_id: Any, event: dict[str, Any], lease_to: str | None = None
) -> Leased | None:
    """Deliver a task's outcome, together with any others already recorded for its execution.

    When another engine holds the execution, the outcome is recorded on the task run (DONE)
    instead of waiting for the lock: the holder or any engine's next round delivers it, many at
    once. So a Map's fifty finishing iterations become a few transactions, not fifty in a queue.
    """
    with transaction.atomic():
        execution = claims.lock_execution(execution_id, skip_locked=True)
        if execution is None:
            _record_outcome(task_id, event)
            return None
        return _deliver_many(execution, claims.take_outcomes(execution, task_id, event), lease_to)


def deliver_deadline(
    task_id: int, execution_id: Any, now: Any, outcome_of: Any, lease_to: str | None = None
) -> Leased | None:
    """Time a task out if it is still overdue once its execution is locked.

    The deadline is read again under the lock: a heartbeat that arrived meanwhile wins.
    `outcome_of(task, now)` gives the failure (taskbodies.deadline_outcome).
    """
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


def deliver_recorded_outcomes(execution_id: Any, lease_to: str | None) -> Leased | None:
    """Deliver every DONE outcome of an execution (callbacks, activities, children, batches)."""
    with transaction.atomic():
        execution = claims.lock_execution(execution_id, skip_locked=True)
        if execution is None:
            return None
        return _deliver_many(execution, claims.take_outcomes(execution), lease_to)


def _record_outcome(task_id: int, event: dict[str, Any]) -> None:
    recorded = TaskRun.objects.filter(id=task_id).exclude(status=TaskStatus.DONE)
    if recorded.update(status=TaskStatus.DONE, outcome=event, lease_expires_at=None):
        notify.work()


def fire_timer(timer_id: int, execution_id: Any, lease_to: str | None = None) -> Leased | None:
    """Fire one timer unless another engine holds its execution (it comes back next round)."""
    with transaction.atomic():
        execution = claims.lock_execution(execution_id, skip_locked=True)
        taken = claims.take_timers([timer_id]) if execution is not None else []
        if execution is None or not taken:
            return None
        return _deliver(execution, {"kind": "timer", "key": taken[0][2]}, lease_to)


def stop_execution(execution_id: Any, error: str | None = None, cause: str | None = None) -> bool:
    """Abort a RUNNING execution and cancel its pending work; its children are stopped too."""
    with transaction.atomic():
        execution = claims.lock_execution(execution_id)
        if execution is None or execution.status != Status.RUNNING:
            return False
        runner = _runner(execution)
        if execution.program is None:
            runner.program = _new_program(execution)
        runner.abort(error, cause)
        store(execution, runner)
        children = list(
            execution.children.filter(status=Status.RUNNING).values_list("id", flat=True)
        )
    for child in children:  # each in its own transaction: lock order stays parent-free
        stop_execution(child, error, cause)
    return True


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
        runner = _runner(execution)
        runner.redrive()
        _run(runner, execution)
        execution.status = Status.RUNNING
        execution.error = execution.cause = execution.output = execution.stopped_at = None
        execution.redrive_count += 1
        execution.redriven_at = runner.options.now
        execution.save(update_fields=["redrive_count", "redriven_at"])
        store(execution, runner)
    return execution


def record_task_started(
    execution_id: Any, key: str, worker: str = "", submitted: dict[str, Any] | None = None
) -> None:
    """Write the …Started event of a task someone else finishes, when it starts: an activity
    a worker took, a callback whose token went out (with TaskSubmitted: what its body
    returned), a child execution that began."""
    with transaction.atomic():
        execution = claims.lock_execution(execution_id)
        if execution is None or execution.status != Status.RUNNING or not execution.program:
            return
        runner = _runner(execution)
        if runner.task_started(key, worker, submitted):
            store(execution, runner)


def _deliver(execution: Execution, event: dict[str, Any], lease_to: str | None) -> Leased | None:
    return _deliver_many(execution, [event], lease_to)


def _deliver_many(
    execution: Execution, events: list[dict[str, Any]], lease_to: str | None
) -> Leased | None:
    if not events or execution.status != Status.RUNNING or execution.program is None:
        return None
    runner = _runner(execution)
    for event in events:
        runner.deliver(event)
    _run(runner, execution)
    return store(execution, runner, lease_to)


def _run(runner: Runner, execution: Execution) -> None:
    """Run the interpreter, then quick functions inline (engine/inline.py), in this transaction."""
    runner.run()
    inline.run_inline(runner, execution.id)


def _runner(execution: Execution) -> Runner:
    options = Options(
        now=timezone.now(),
        max_payload_bytes=conf.engine_setting("PAYLOAD_LIMIT_BYTES"),
        max_history_events=conf.engine_setting("HISTORY_LIMIT_EVENTS"),
    )
    definition = definitions.definition_of(execution.version_id)
    return Runner(definition, execution.program or {}, options)


def _new_program(execution: Execution) -> dict[str, Any]:
    region, account = conf.engine_setting("REGION"), conf.engine_setting("ACCOUNT_ID")
    workflow = definitions.workflow_name(execution.workflow_id)
    context_execution = {
        "Id": f"arn:aws:states:{region}:{account}:execution:{workflow}:{execution.name}",
        "Input": execution.input,
        "Name": execution.name,
        "RoleArn": f"arn:aws:iam::{account}:role/baton",
        "StartTime": execution.started_at.isoformat().replace("+00:00", "Z"),
        "RedriveCount": execution.redrive_count,
    }
    state_machine = {
        "Id": f"arn:aws:states:{region}:{account}:stateMachine:{workflow}",
        "Name": workflow,
    }
    token_prefix = f"{execution.id}.{secrets.token_urlsafe(16)}."
    return programs.new_program(context_execution, state_machine, token_prefix)
