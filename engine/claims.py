"""Claiming runnable work with SELECT … FOR UPDATE SKIP LOCKED (DESIGN.md §3.3).

Any number of engines share one database: each claim takes rows nobody else holds. Executions
are claimed by their row lock inside the transaction that advances them (runtime.py); task runs
are leased, so a crashed engine's tasks come back when its lease expires. Lock order everywhere:
the execution first, then its timers and task runs, so engines never wait on each other in a cycle.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, Subquery
from django.db.models.functions import Now
from django.utils import timezone

from . import alarms, notify
from .models import EngineHeartbeat, Execution, Schedule, Status, TaskRun, TaskStatus, Timer
from .models.heartbeat import Process


def lock_runnable_executions(limit: int) -> list[Execution]:
    """Lock up to `limit` executions that owe a step, skipping those other engines hold.

    Call inside the transaction that advances them: the row locks are the claim. Only the
    execution rows are read and locked; definitions come from engine.definitions' cache.
    """
    query = Execution.objects.filter(is_runnable=True, status=Status.RUNNING).order_by("started_at")
    return list(query.select_for_update(skip_locked=True, of=("self",))[:limit])


def lock_execution(execution_id: object, *, skip_locked: bool = False) -> Execution | None:
    """Lock an execution row; with skip_locked, None when another engine holds it."""
    query = Execution.objects.select_for_update(skip_locked=skip_locked, of=("self",))
    return query.filter(id=execution_id).first()


def lock_executions_with_due_timers(now: datetime, limit: int) -> dict[object, Execution]:
    """Lock (SKIP LOCKED) the executions of up to `limit` due timers: one round trip."""
    due = Timer.objects.filter(fire_at__lte=now).order_by("fire_at").values("execution_id")
    query = Execution.objects.filter(id__in=Subquery(due[:limit]))
    locked = query.select_for_update(skip_locked=True, of=("self",))
    return {execution.id: execution for execution in locked}


TakenTimer = tuple[int, object, str, datetime]


def take_due_timers(execution_ids: list[object], now: datetime) -> list[TakenTimer]:
    """Delete the due timers of locked executions: (id, execution id, key, fire_at) of those
    taken (fire_at: for the timer lag metric)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Timer._meta.db_table} WHERE execution_id = ANY(%s) AND fire_at <= %s"
            " RETURNING id, execution_id, key, fire_at",
            [execution_ids, now],
        )
        return sorted((tuple(row) for row in cursor.fetchall()), key=lambda row: row[0])


def take_timers(timer_ids: list[int]) -> list[TakenTimer]:
    """Delete the given timers if they still exist: (id, execution id, key, fire_at) of those
    taken.

    Read under the executions' locks, so a timer is fired once even when two engines saw it.
    """
    if not timer_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Timer._meta.db_table} WHERE id = ANY(%s) "
            "RETURNING id, execution_id, key, fire_at",
            [timer_ids],
        )
        return [tuple(row) for row in cursor.fetchall()]


def executions_with_outcomes(limit: int) -> list[object]:
    """Ids of executions that have task outcomes waiting to be delivered."""
    query = TaskRun.objects.filter(status=TaskStatus.DONE).order_by("execution_id")
    return list(query.values_list("execution_id", flat=True).distinct()[:limit])


def overdue_task_runs(now: datetime, limit: int) -> list[TaskRun]:
    """Task runs past their TimeoutSeconds or HeartbeatSeconds, not yet done."""
    late = Q(timeout_at__lte=now) | Q(heartbeat_expires_at__lte=now)
    query = TaskRun.objects.filter(late).exclude(status=TaskStatus.DONE)
    return list(query.order_by("created_at")[:limit])


def next_due() -> tuple[datetime | None, datetime | None]:
    """When the next timer, alarm, task deadline, or lapsed lease (a crashed engine's) falls
    due, and when the next cron schedule does (engine/schedule_runs.py): one round trip."""
    timers, tasks = Timer._meta.db_table, TaskRun._meta.db_table
    schedules = Schedule._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT LEAST((SELECT min(fire_at) FROM {timers}),"
            f" (SELECT min(timeout_at) FROM {tasks}),"
            f" (SELECT min(heartbeat_expires_at) FROM {tasks}),"
            f" (SELECT min(lease_expires_at) FROM {tasks} WHERE status = %s),"
            f" {alarms.next_due_sql()}),"
            f" (SELECT min(next_run_at) FROM {schedules} WHERE enabled)",
            [TaskStatus.RUNNING],
        )
        work_due, schedule_due = cursor.fetchone()
        return work_due, schedule_due


def claim_task_runs(worker: str, limit: int, lease_seconds: float) -> list[TaskRun]:
    """Lease up to `limit` task runs to run: PENDING ones, or RUNNING ones whose lease ran out."""
    if limit <= 0:
        return []
    now = timezone.now()
    with transaction.atomic():
        lapsed = Q(status=TaskStatus.RUNNING, lease_expires_at__lt=now)
        query = TaskRun.objects.filter(Q(status=TaskStatus.PENDING) | lapsed).order_by("created_at")
        tasks = list(query.select_for_update(skip_locked=True)[:limit])
        expires = now + timedelta(seconds=lease_seconds)
        TaskRun.objects.filter(id__in=[task.id for task in tasks]).update(
            status=TaskStatus.RUNNING, lease_expires_at=expires, claimed_by=worker
        )
    return tasks


def renew_leases(worker: str, task_ids: list[int], lease_seconds: float) -> int:
    """Extend the leases `worker` still holds among `task_ids`."""
    expires = timezone.now() + timedelta(seconds=lease_seconds)
    held = TaskRun.objects.filter(id__in=task_ids, claimed_by=worker, status=TaskStatus.RUNNING)
    return held.update(lease_expires_at=expires)


def release_task_runs_of_dead_engines(dead_after_seconds: float) -> int:
    """Put the RUNNING task runs of engines that stopped beating (or said they are gone) back
    to PENDING, to be claimed at once; how many. Heartbeats are written and read on the
    database's clock, so machines' clocks need not agree."""
    alive = EngineHeartbeat.objects.filter(
        kind=Process.ENGINE, seen_at__gte=Now() - timedelta(seconds=dead_after_seconds)
    ).values("name")
    orphaned = TaskRun.objects.filter(status=TaskStatus.RUNNING).exclude(
        claimed_by__in=Subquery(alive)
    )
    return orphaned.update(status=TaskStatus.PENDING, claimed_by="", lease_expires_at=None)


def hand_back_task_runs(worker: str, task_ids: list[int]) -> int:
    """A stopping engine gives back the task runs it still holds: PENDING, for any engine."""
    if not task_ids:
        return 0
    held = TaskRun.objects.filter(id__in=task_ids, claimed_by=worker, status=TaskStatus.RUNNING)
    handed_back = held.update(status=TaskStatus.PENDING, claimed_by="", lease_expires_at=None)
    if handed_back:
        notify.work()
    return handed_back


def confirm_lease(worker: str, task_id: int, lease_seconds: float) -> bool:
    """Renew one lease right before running its body; False when another engine took it."""
    return renew_leases(worker, [task_id], lease_seconds) == 1


def take_outcomes(
    execution: Execution, task_id: int | None = None, event: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Remove and return, as events to deliver, the execution's recorded (DONE) outcomes and,
    when given, task `task_id`'s `event` if that task is still open: one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TaskRun._meta.db_table} WHERE execution_id = %s"
            " AND (status = %s OR (id = %s AND status <> %s))"
            " RETURNING id, key, status, outcome, created_at",
            [execution.id, TaskStatus.DONE, task_id or 0, TaskStatus.DONE],
        )
        rows = sorted(cursor.fetchall(), key=lambda row: (row[4], row[0]))
    taken = []
    for _, key, status, outcome, _created in rows:
        recorded = json.loads(outcome) if isinstance(outcome, str) else outcome
        taken.append({**(recorded if status == TaskStatus.DONE else event or {}), "key": key})
    return taken
