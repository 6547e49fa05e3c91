"""Cron schedules fire in the engine loop (worker.Engine.tick), within a second of their time.

Every engine looks for due schedules a few times a second and sleeps no later than the next
one (claims.next_due), so a run starts on time without a queue's scheduler in between. Each due
time starts one execution, named after the schedule and that time, across any number of
engines and restarts. A time missed while every engine was down is caught up once on recovery,
never once per missed tick; with SCHEDULE_CATCH_UP = "skip" it is skipped instead.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from designer.models import WorkflowVersion

from . import workflows
from .conf import engine_setting
from .executions import start_execution
from .models import Schedule

log = logging.getLogger(__name__)

# A run this late was missed (no engine ran at its time), not merely picked up late.
MISSED_AFTER = timedelta(seconds=60)


def fire_due_schedules(now: datetime | None = None) -> int:
    """Start one execution per due schedule; return how many were started.

    1. Lock one enabled schedule whose next_run_at has come, skipping rows another engine
       holds (SELECT … FOR UPDATE SKIP LOCKED), in its own short transaction.
    2. Start its execution under a name made of the schedule and the due time, so an engine
       that died before recording the run, or a second one that got past the lock, gets the
       same execution back.
    3. Record the run and the next due time (computed from `now`: missed times collapse into
       one run, or none with SCHEDULE_CATCH_UP "skip"). A failure to start is logged and kept
       in last_error; the schedule moves on.
    """
    now = now or timezone.now()
    started = 0
    while (fired := fire_one_schedule(now)) is not None:
        started += fired
    return started


def fire_one_schedule(now: datetime) -> int | None:
    """1 if a due schedule started an execution, 0 if it started none, None if none was due."""
    with transaction.atomic():
        due = Schedule.objects.filter(enabled=True, next_run_at__lte=now).order_by("next_run_at")
        schedule = due.select_for_update(skip_locked=True).select_related("workflow").first()
        if schedule is None:
            return None
        assert schedule.next_run_at is not None
        fire_at = schedule.next_run_at
        created = False
        if _is_skipped(fire_at, now):
            schedule.last_error = f"Skipped the run due at {fire_at:%Y-%m-%d %H:%M} UTC: no"
            schedule.last_error += " engine ran then (SCHEDULE_CATCH_UP is skip)."
        else:
            created = _start(schedule, fire_at)
        schedule.last_run_at = fire_at
        schedule.reschedule(max(now, fire_at))
        schedule.save()
    return int(created)


def _is_skipped(fire_at: datetime, now: datetime) -> bool:
    return engine_setting("SCHEDULE_CATCH_UP") == "skip" and now - fire_at > MISSED_AFTER


def _start(schedule: Schedule, fire_at: datetime) -> bool:
    """Start the run due at `fire_at`; True when this call created its execution."""
    try:
        execution, created = start_execution(
            scheduled_version(schedule), schedule.input, name=schedule.execution_name(fire_at)
        )
    except Exception as exc:  # noqa: BLE001 - one broken schedule must not stop the others
        log.warning("schedule %s could not start %s: %s", schedule, schedule.workflow, exc)
        schedule.last_error = f"{type(exc).__name__}: {exc}"
        return False
    schedule.last_execution, schedule.last_error = execution, ""
    return created


def scheduled_version(schedule: Schedule) -> WorkflowVersion:
    """The schedule's version, or the latest: by the one resolver, so an archived workflow's
    schedule starts nothing (its runs record WorkflowArchived in last_error)."""
    return workflows.resolve_version(schedule.workflow, version=schedule.version)
