"""Writing one transition: history events, new work (timers, task runs), the program, the end.

Called by runtime.py only, inside the transaction that holds the execution's row lock.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from django.db import connection

from . import notify
from .asl.interpreter import Runner
from .conf import engine_setting
from .models import Execution, HistoryEvent, Status, TaskRun, TaskStatus, Timer

STORED_FIELDS = ["program", "is_runnable", "status", "output", "error", "cause", "stopped_at"]
ENDED = {
    "SUCCEEDED": Status.SUCCEEDED,
    "FAILED": Status.FAILED,
    "TIMED_OUT": Status.TIMED_OUT,
    "ABORTED": Status.ABORTED,
}


def store(execution: Execution, runner: Runner, lease_to: str | None = None) -> list[TaskRun]:
    """Write what `runner` produced; return the task runs leased to `lease_to` to run now."""
    now = runner.options.now
    insert_events(execution, runner.events, now)
    leased = _apply_effects(execution, runner.effects, now, lease_to)
    execution.program = runner.program
    execution.is_runnable = runner.has_ready_work  # budget spent: continue in a new transaction
    if runner.has_ready_work:
        notify.work()
    if runner.status in ENDED:
        _end(execution, runner.program, now)
    execution.save(update_fields=STORED_FIELDS)
    return leased


def insert_events(execution: Execution, events: list[dict[str, Any]], now: datetime) -> None:
    """COPY the transition's events in: several times faster than INSERT for a long run."""
    if not events:
        return
    table = HistoryEvent._meta.db_table
    columns = "execution_id, event_id, previous_event_id, type, timestamp, details"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for event in events:
                details = json.dumps(event["details"], separators=(",", ":"))
                row = (execution.id, event["id"], event["previous"], event["type"], now, details)
                copy.write_row(row)


def _apply_effects(
    execution: Execution, effects: list[dict[str, Any]], now: datetime, lease_to: str | None
) -> list[TaskRun]:
    tasks, timers, cancelled = [], [], []
    for effect in effects:
        if effect["kind"] == "task":
            tasks.append(_task_run(execution, effect, now, lease_to))
        elif effect["kind"] == "timer":
            fire_at = datetime.fromisoformat(effect["fire_at"])
            timers.append(Timer(execution=execution, key=effect["key"], fire_at=fire_at))
        else:
            cancelled.append(effect["key"])
    if cancelled:
        TaskRun.objects.filter(execution=execution, key__in=cancelled).delete()
        Timer.objects.filter(execution=execution, key__in=cancelled).delete()
    TaskRun.objects.bulk_create(tasks)
    Timer.objects.bulk_create(timers)
    if (tasks and not lease_to) or timers:
        notify.work()
    return tasks if lease_to else []


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
    )
    if lease_to:  # the engine that scheduled it runs it at once: no claim round trip
        task.status = TaskStatus.RUNNING
        task.claimed_by = lease_to
        task.lease_expires_at = now + timedelta(seconds=engine_setting("TASK_LEASE_SECONDS"))
    return task


def _after(now: datetime, seconds: float | None) -> datetime | None:
    return None if seconds is None else now + timedelta(seconds=float(seconds))


def _end(execution: Execution, program: dict[str, Any], now: datetime) -> None:
    execution.status = ENDED[program["status"]]
    execution.output = program.get("output")
    execution.error = program.get("error")
    execution.cause = program.get("cause")
    execution.stopped_at = now
    execution.is_runnable = False
    TaskRun.objects.filter(execution=execution).delete()
    Timer.objects.filter(execution=execution).delete()
    notify.ended(execution.id)
    if execution.parent_token:
        _report_to_parent(execution)


def _report_to_parent(child: Execution) -> None:
    """Record the child's end on the parent's waiting task; an engine delivers it."""
    from .resources.subworkflow import parent_outcome  # resource kinds import the runtime

    TaskRun.objects.filter(
        token=child.parent_token, status__in=[TaskStatus.RUNNING, TaskStatus.WAITING]
    ).update(status=TaskStatus.DONE, outcome=parent_outcome(child))
    notify.work()
