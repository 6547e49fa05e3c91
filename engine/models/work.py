"""The work the engine claims: timers and task runs."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .execution import Execution


class Timer(models.Model):
    """A durable timer: a Wait state or a retry back-off falling due at `fire_at`."""

    # No index of its own: the unique constraint below leads with the execution (saves ~50 B
    # a row on parked executions, measured by bench W6).
    execution = models.ForeignKey(
        Execution, on_delete=models.CASCADE, related_name="timers", db_index=False
    )
    key = models.CharField(max_length=40)
    fire_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["fire_at"], name="timers_by_due_time")]  # claims
        constraints = [models.UniqueConstraint(fields=["execution", "key"], name="unique_timer")]


class TaskStatus(models.TextChoices):
    PENDING = "PENDING"  # an engine should run it
    RUNNING = "RUNNING"  # an engine holds it under a lease
    WAITING = "WAITING"  # someone else finishes it: a callback, an activity worker, a child
    DONE = "DONE"  # its outcome is recorded; an engine delivers it to the execution


class TaskRun(models.Model):
    """A Task attempt the engine owes, from scheduling until its outcome reaches the execution.

    Callbacks, activity workers and child executions record an outcome here (status DONE)
    without touching the execution; engines deliver it under the execution's lock.
    """

    # No index of its own: the unique constraint below leads with the execution (saves ~50 B
    # a row on parked executions, measured by bench W6).
    execution = models.ForeignKey(
        Execution, on_delete=models.CASCADE, related_name="task_runs", db_index=False
    )
    key = models.CharField(max_length=40)
    state = models.CharField(max_length=80)
    resource = models.CharField(max_length=2048)
    payload = models.JSONField(null=True)
    attempt = models.PositiveIntegerField(default=0)
    token = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    created_at = models.DateTimeField()
    # RUNNING only: an expired lease makes it claimable again (crash recovery).
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    timeout_at = models.DateTimeField(null=True, blank=True)  # TimeoutSeconds
    heartbeat_seconds = models.FloatField(null=True, blank=True)
    heartbeat_expires_at = models.DateTimeField(null=True, blank=True)  # HeartbeatSeconds
    outcome = models.JSONField(null=True, blank=True)  # {"kind": "task_succeeded", …}
    # Activity tasks only: the activity's name, and the worker that took the task (and when).
    # Used by engine.activities.get_activity_task.
    activity = models.CharField(max_length=80, blank=True, db_index=True)
    worker = models.CharField(max_length=80, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    # W3C trace context of this attempt's span (engine/telemetry/tracing.py), for the body to
    # run in and hand on (HTTP tasks, activity workers, child executions); null when tracing is off.
    traceparent = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        indexes = [
            # Used by engine.claims.claim_task_runs and engine.claims.executions_with_outcomes.
            models.Index(fields=["status", "created_at"], name="task_runs_by_status"),
            # Used by engine.claims.overdue_task_runs.
            models.Index(
                fields=["timeout_at"], name="task_runs_timeouts", condition=~Q(timeout_at=None)
            ),
            models.Index(
                fields=["heartbeat_expires_at"],
                name="task_runs_heartbeats",
                condition=~Q(heartbeat_expires_at=None),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["execution", "key"], name="unique_task_run"),
        ]
