"""Claiming runnable work with SELECT … FOR UPDATE SKIP LOCKED (DESIGN.md §3.3).

Any number of engines share one database: each claim takes rows nobody else holds. Executions
are claimed by their row lock inside the transaction that advances them (runtime.py); task runs
are leased, so a crashed engine's tasks come back when its lease expires.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from .models import Execution, Status, TaskRun, Timer


def lock_runnable_execution() -> Execution | None:
    """Lock one execution that owes a step, skipping those other engines hold.

    Call inside the transaction that advances it: the row lock is the claim.
    """
    query = Execution.objects.filter(is_runnable=True, status=Status.RUNNING).order_by("started_at")
    return query.select_for_update(skip_locked=True, of=("self",)).select_related("version", "workflow").first()


def lock_execution(execution_id: object, *, skip_locked: bool = False) -> Execution | None:
    """Lock an execution row; with skip_locked, None when another engine holds it.

    Lock order everywhere: the execution first, then its timers and task runs, so two
    engines never wait on each other in a cycle.
    """
    query = Execution.objects.select_for_update(skip_locked=skip_locked, of=("self",))
    return query.select_related("version", "workflow").filter(id=execution_id).first()


def due_timers(now: datetime, limit: int) -> list[tuple[int, object]]:
    """(timer id, execution id) of timers that are due; not locked (see lock_execution)."""
    query = Timer.objects.filter(fire_at__lte=now).order_by("fire_at")
    return list(query.values_list("id", "execution_id")[:limit])


def next_timer_due() -> datetime | None:
    return Timer.objects.aggregate(due=Min("fire_at"))["due"]


def claim_task_runs(worker: str, limit: int, lease_seconds: float) -> list[TaskRun]:
    """Lease up to `limit` task runs that nobody holds (or whose holder's lease ran out)."""
    if limit <= 0:
        return []
    now = timezone.now()
    with transaction.atomic():
        free = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)
        query = TaskRun.objects.filter(free).order_by("created_at")
        tasks = list(query.select_for_update(skip_locked=True)[:limit])
        expires = now + timedelta(seconds=lease_seconds)
        TaskRun.objects.filter(id__in=[task.id for task in tasks]).update(
            lease_expires_at=expires, claimed_by=worker
        )
    return tasks
