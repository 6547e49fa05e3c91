"""Executions and their history."""

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
    # No index of its own: unique_execution_name and executions_by_status lead with it.
    workflow = models.ForeignKey(
        "designer.Workflow", on_delete=models.PROTECT, related_name="executions", db_index=False
    )
    version = models.ForeignKey(
        "designer.WorkflowVersion", on_delete=models.PROTECT, related_name="executions"
    )
    name = models.CharField(max_length=80)
    alias = models.CharField(max_length=80, blank=True)  # the alias it was started through
    # The username of who started it (empty for schedules and commands); a child inherits it.
    # Used by approvals: a requester may not approve their own request.
    started_by = models.CharField(max_length=150, blank=True, db_default="")
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
    redriven_at = models.DateTimeField(null=True, blank=True)
    # A sub-workflow: the parent execution and the token of the parent's waiting task.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        db_index=False,  # executions_by_parent: only children are indexed
    )
    parent_token = models.CharField(max_length=200, blank=True)
    parent_sync = models.CharField(max_length=8, blank=True)  # "", "sync" or "sync:2"
    # A test run (engine/testruns.py): a draft definition whose Task states the mocks answer
    # (ExecutionMocks); none of them ever calls a resource. db_default: processes still on the
    # code before the migration can go on inserting executions.
    test_run = models.BooleanField(default=False, db_default=False)
    # The W3C traceparent the start was called with (REST, /aws/, a parent's task): the
    # execution's trace continues it (engine/telemetry/tracing.py). Null: a trace of its own.
    traceparent = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "name"], name="unique_execution_name")
        ]
        indexes = [
            # Used by engine.claims.claim_runnable_executions.
            models.Index(
                fields=["started_at"], name="runnable_executions", condition=Q(is_runnable=True)
            ),
            models.Index(fields=["workflow", "status", "-started_at"], name="executions_by_status"),
            # A partial index: most executions have no parent, and each would cost an entry.
            models.Index(
                fields=["parent"],
                name="executions_by_parent",
                condition=Q(parent__isnull=False),
            ),
            # Used by engine.dashboard.executions (run times of those that ended in a window).
            models.Index(
                fields=["stopped_at"],
                name="executions_by_end",
                condition=Q(stopped_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workflow.name}/{self.name}"


class HistoryEvent(models.Model):
    """One event of an execution's history, numbered per execution as Step Functions does."""

    # No index of its own: the unique constraint below leads with the execution (saves ~50 B
    # a row on parked executions, measured by bench W6).
    execution = models.ForeignKey(
        Execution, on_delete=models.CASCADE, related_name="events", db_index=False
    )
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
