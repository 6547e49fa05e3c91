"""django-q2 entry points: periodic sweeps and long-running task bodies.

Everything here runs in the qcluster; cron schedules fire in the engine (schedule_runs.py).
Nothing here is on an ordinary step's path: the engine claims its own work from Postgres
(DESIGN.md §1), because django-q2's pickup (~120 ms) and scheduler (~30 s) are far slower
than a transition. Each job takes `now` so tests pass time in.
"""

from __future__ import annotations

import logging
import socket
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from designer.models import WorkflowVersion

from . import callbacks, notify, tasklocal
from .conf import engine_setting, lease_seconds
from .models import EngineHeartbeat, Execution, Status, TaskRun, TaskStatus
from .models.heartbeat import Process
from .resources import TaskFailure, python
from .telemetry import context as telemetry_context

log = logging.getLogger(__name__)

RETENTION_BATCH = 500


def sweep_retention(now: datetime | None = None) -> int:
    """Delete executions that ended more than RETENTION_DAYS ago, with their history, and the
    test drafts as old that no execution runs any more; return how many executions. Batched,
    so one run never holds a huge transaction."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=engine_setting("RETENTION_DAYS"))
    ended = Execution.objects.exclude(status=Status.RUNNING).filter(stopped_at__lt=cutoff)
    deleted = 0
    while ids := list(ended.values_list("id", flat=True)[:RETENTION_BATCH]):
        with transaction.atomic():
            Execution.objects.filter(id__in=ids).delete()
        deleted += len(ids)
    unused = WorkflowVersion.everything.filter(is_test_draft=True, created_at__lt=cutoff)
    unused.filter(executions__isnull=True).delete()
    if deleted:
        log.info("retention: deleted %d executions that ended before %s", deleted, cutoff)
    return deleted


def sweep_leases(now: datetime | None = None) -> int:
    """Put RUNNING task runs whose lease ran out more than a lease length ago back to PENDING;
    return how many. Engines reclaim lapsed leases themselves; this is the safety net (and the
    log line) for when none is looking."""
    now = now or timezone.now()
    long_ago = now - timedelta(seconds=lease_seconds())
    lapsed = TaskRun.objects.filter(status=TaskStatus.RUNNING, lease_expires_at__lt=long_ago)
    reset = lapsed.update(status=TaskStatus.PENDING, lease_expires_at=None, claimed_by="")
    if reset:
        log.warning("leases: %d task runs had lapsed leases; back to PENDING", reset)
        notify.work()
    return reset


def beat_cluster(now: datetime | None = None) -> None:
    """Record that the cluster runs its jobs (read by /api/health/); forget long-dead beaters."""
    now = now or timezone.now()
    EngineHeartbeat.beat(Process.CLUSTER, f"cluster:{socket.gethostname()}", now)
    EngineHeartbeat.forget_stale(now)


def run_queued_function(
    token: str,
    name: str,
    payload: Any,
    *,
    wrap: bool = False,
    execution_id: str = "",
    state: str = "",
    attempt: int = 0,
    traceparent: str | None = None,
) -> None:
    """Run the long-running function `name` and report its outcome by token.

    `wrap` gives the result lambda:invoke's response shape. A token that is spent (the task
    timed out or was stopped meanwhile) makes the report pointless: it is logged and dropped.
    """
    scope = tasklocal.TaskScope(token, execution_id, state, attempt, traceparent)
    try:
        with telemetry_context.task_scope(scope):  # baton.heartbeat() and baton.log work inside
            try:
                result = python.run_function(name, payload)
            except TaskFailure as failure:
                failed = failure
            else:
                failed = None
        if failed is not None:
            callbacks.send_task_failure(token, failed.error, failed.cause, notes=scope.notes)
        else:
            output = python.invoke_response(result) if wrap else result
            callbacks.send_task_success(token, output, notes=scope.notes)
    except (callbacks.TaskTimedOut, callbacks.TaskDoesNotExist) as exc:
        log.info("queued function %s finished after its task ended: %s", name, exc)


def ensure_periodic_jobs() -> None:
    """Register the django-q2 schedules of the jobs above, once (safe to call again)."""
    from django_q.models import Schedule as QSchedule

    # Cron schedules fired here once; the engine fires them now, on time (schedule_runs.py).
    QSchedule.objects.filter(name="baton.fire_due_schedules").delete()
    jobs = [
        ("baton.sweep_retention", "engine.tasks.sweep_retention", QSchedule.HOURLY, None),
        ("baton.sweep_leases", "engine.tasks.sweep_leases", QSchedule.HOURLY, None),
        ("baton.beat_cluster", "engine.tasks.beat_cluster", QSchedule.MINUTES, 1),
    ]
    for job_name, func, schedule_type, minutes in jobs:
        QSchedule.objects.update_or_create(
            name=job_name,
            defaults={
                "func": func,
                "schedule_type": schedule_type,
                "minutes": minutes,
                "repeats": -1,
            },
        )
