"""Writing transitions: history events, new work (timers, task runs), programs, ends.

Called by runtime.py only, inside the transaction that holds the executions' row locks.
`store_many` writes any number of executions' transitions with one statement per table
(COPY for events, one bulk INSERT per kind of work, one pipelined UPDATE for the executions),
so firing a hundred timers or starting a hundred executions costs one commit.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from django.db import connection

from . import broadcast, notify, program_rows
from .asl.interpreter import Runner
from .conf import lease_seconds
from .models import Execution, HistoryEvent, Status, TaskRun, TaskStatus, Timer
from .resources.subworkflow import parent_outcome
from .telemetry import observe, tracing

ENDED = {
    "SUCCEEDED": Status.SUCCEEDED,
    "FAILED": Status.FAILED,
    "TIMED_OUT": Status.TIMED_OUT,
    "ABORTED": Status.ABORTED,
}
UPDATE_EXECUTION = (
    f"UPDATE {Execution._meta.db_table} SET program = %s::jsonb, is_runnable = %s, status = %s,"
    " output = %s::jsonb, error = %s, cause = %s, stopped_at = %s WHERE id = %s"
)

Pair = tuple[Execution, Runner]


def store(execution: Execution, runner: Runner, lease_to: str | None = None) -> list[TaskRun]:
    """Write one execution's transition (see store_many)."""
    return store_many([(execution, runner)], lease_to)


def store_many(pairs: list[Pair], lease_to: str | None = None) -> list[TaskRun]:
    """Write what each runner produced; return the task runs leased to `lease_to` to run now."""
    if not pairs:
        return []
    insert_events(pairs)
    leased = _apply_effects(pairs, lease_to)
    ended = [execution for execution, runner in pairs if _settle(execution, runner)]
    _update_executions(pairs)
    if any(runner.has_ready_work for _, runner in pairs):
        notify.work()  # a budget ran out: the execution goes on in another transaction
    if ended:
        notify.ended_many([execution.id for execution in ended])
        for child in (e for e in ended if e.parent_token):
            _report_to_parent(child)
    broadcast.publish_on_commit([broadcast.change_of(e, r.events) for e, r in pairs])
    observe.record(pairs)
    return leased


def insert_events(pairs: list[Pair]) -> None:
    """COPY the events in: several times faster than INSERT for a long run."""
    if not any(runner.events for _, runner in pairs):
        return
    table = HistoryEvent._meta.db_table
    columns = "execution_id, event_id, previous_event_id, type, timestamp, details"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for execution, runner in pairs:
                now = runner.options.now
                for event in runner.events:
                    details = json.dumps(event["details"], separators=(",", ":"))
                    ids = (event["id"], event["previous"])
                    copy.write_row((execution.id, *ids, event["type"], now, details))


def _apply_effects(pairs: list[Pair], lease_to: str | None) -> list[TaskRun]:
    tasks, timers, cancelled = [], [], []
    for execution, runner in pairs:
        now = runner.options.now
        for effect in runner.effects:
            if effect["kind"] == "task":
                tasks.append(_task_run(execution, effect, now, lease_to))
            elif effect["kind"] == "timer":
                fire_at = datetime.fromisoformat(effect["fire_at"])
                timers.append(Timer(execution=execution, key=effect["key"], fire_at=fire_at))
            else:
                cancelled.append((execution.id, effect["key"]))
    if cancelled:
        _delete_by_key(TaskRun, cancelled)
        _delete_by_key(Timer, cancelled)
    if tasks:
        TaskRun.objects.bulk_create(tasks)
    if timers:
        Timer.objects.bulk_create(timers)
    if (tasks and not lease_to) or timers:
        notify.work()
    return tasks if lease_to else []


def _delete_by_key(model: type[TaskRun] | type[Timer], keys: list[tuple[Any, str]]) -> None:
    """Delete rows by (execution id, key) in one statement."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE (execution_id, key) IN "
            "(SELECT * FROM unnest(%s::uuid[], %s::text[]))",
            [[execution_id for execution_id, _ in keys], [key for _, key in keys]],
        )


def _task_run(
    execution: Execution, effect: dict[str, Any], now: datetime, lease_to: str | None
) -> TaskRun:
    task = TaskRun(
        execution=execution,
        key=effect["key"],
        state=effect["state"],
        resource=effect["resource"],
        payload=effect["payload"],
        attempt=effect["attempt"],
        token=effect["token"],
        created_at=now,
        timeout_at=_after(now, effect["timeout_seconds"]),
        heartbeat_seconds=effect["heartbeat_seconds"],
        heartbeat_expires_at=_after(now, effect["heartbeat_seconds"]),
        traceparent=tracing.task_traceparent(execution.id, execution.traceparent, effect["key"]),
    )
    if lease_to:  # the engine that scheduled it runs it at once: no claim round trip
        task.status = TaskStatus.RUNNING
        task.claimed_by = lease_to
        task.lease_expires_at = now + timedelta(seconds=lease_seconds())
    return task


def _after(now: datetime, seconds: float | None) -> datetime | None:
    return None if seconds is None else now + timedelta(seconds=float(seconds))


def _settle(execution: Execution, runner: Runner) -> bool:
    """Copy the runner's state onto the execution; True when the execution just ended.

    Its pending timers and task runs are gone already: the end cancelled every wait.
    """
    execution.program = runner.program
    execution.is_runnable = runner.has_ready_work
    if runner.status not in ENDED or execution.status != Status.RUNNING:
        return False
    program = runner.program
    execution.status = ENDED[program["status"]]
    execution.output = program.get("output")
    execution.error = program.get("error")
    execution.cause = program.get("cause")
    execution.stopped_at = runner.options.now
    return True


def _update_executions(pairs: list[Pair]) -> None:
    rows = [_execution_row(execution) for execution, _ in pairs]
    with connection.cursor() as cursor:
        cursor.executemany(UPDATE_EXECUTION, rows)


def _execution_row(execution: Execution) -> tuple[Any, ...]:
    return (
        _json(program_rows.stored(execution.program)),
        execution.is_runnable,
        execution.status,
        _json(execution.output),
        execution.error,
        execution.cause,
        execution.stopped_at,
        execution.id,
    )


def _json(value: Any) -> str | None:
    """JSON text for a jsonb column; None stays SQL NULL, as Django's JSONField stores it."""
    return None if value is None else json.dumps(value, separators=(",", ":"))


def _report_to_parent(child: Execution) -> None:
    """Record the child's end on the parent's waiting task; an engine delivers it."""
    TaskRun.objects.filter(
        token=child.parent_token, status__in=[TaskStatus.RUNNING, TaskStatus.WAITING]
    ).update(status=TaskStatus.DONE, outcome=parent_outcome(child))
    notify.work()
