"""Executions, their history, and the work the engine claims: timers and task runs."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    ABORTED = "ABORTED"


class Execution(models.Model):
    """One run of a workflow version. `program` is the interpreter's durable state."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workflow = models.ForeignKey(
        "designer.Workflow", on_delete=models.PROTECT, related_name="executions"
    )
    version = models.ForeignKey(
        "designer.WorkflowVersion", on_delete=models.PROTECT, related_name="executions"
    )
    name = models.CharField(max_length=80)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    input = models.JSONField(null=True)
    output = models.JSONField(null=True, blank=True)
    error = models.TextField(null=True, blank=True)
    cause = models.TextField(null=True, blank=True)
    started_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)
    program = models.JSONField(null=True, blank=True)
    # True while the engine owes this execution a step (just started, or redriven).
    is_runnable = models.BooleanField(default=True)
    redrive_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "name"], name="unique_execution_name")
        ]
        indexes = [
            # Used by engine.claims.claim_runnable_executions.
            models.Index(fields=["started_at"], name="runnable_executions", condition=Q(is_runnable=True)),
            models.Index(fields=["workflow", "status", "-started_at"], name="executions_by_status"),
        ]

    def __str__(self) -> str:
        return f"{self.workflow.name}/{self.name}"


class HistoryEvent(models.Model):
    """One event of an execution's history, numbered per execution as Step Functions does."""

    execution = models.ForeignKey(Execution, on_delete=models.CASCADE, related_name="events")
    event_id = models.PositiveIntegerField()
    previous_event_id = models.PositiveIntegerField(default=0)
    type = models.CharField(max_length=64)
    timestamp = models.DateTimeField()
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["execution", "event_id"]
        constraints = [
            # A transition applied twice would collide here.
            models.UniqueConstraint(fields=["execution", "event_id"], name="unique_event_id")
        ]

    def __str__(self) -> str:
        return f"#{self.event_id} {self.type}"


class Timer(models.Model):
    """A durable timer: a Wait state or a retry back-off falling due at `fire_at`."""

    execution = models.ForeignKey(Execution, on_delete=models.CASCADE, related_name="timers")
    key = models.CharField(max_length=40)
    fire_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["fire_at"], name="timers_by_due_time")]  # claims
        constraints = [models.UniqueConstraint(fields=["execution", "key"], name="unique_timer")]


class TaskRun(models.Model):
    """A Task attempt the engine owes: claimed under a lease, deleted when its result lands."""

    execution = models.ForeignKey(Execution, on_delete=models.CASCADE, related_name="task_runs")
    key = models.CharField(max_length=40)
    state = models.CharField(max_length=80)
    resource = models.CharField(max_length=2048)
    payload = models.JSONField(null=True)
    attempt = models.PositiveIntegerField(default=0)
    timeout_seconds = models.FloatField(null=True, blank=True)
    heartbeat_seconds = models.FloatField(null=True, blank=True)
    token = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    # NULL while nobody holds it; an expired lease makes it claimable again (crash recovery).
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)

    class Meta:
        indexes = [models.Index(fields=["lease_expires_at", "created_at"], name="task_runs_claim")]
        constraints = [
            models.UniqueConstraint(fields=["execution", "key"], name="unique_task_run"),
        ]
