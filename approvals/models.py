"""Human tasks: the approval a `baton:approval` Task waits on, its approvals, its audit trail,
and the in-app notifications and webhooks it causes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q


class TaskStatus(models.TextChoices):
    OPEN = "OPEN"
    CLAIMED = "CLAIMED"
    ESCALATED = "ESCALATED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    TIMED_OUT = "TIMED_OUT"
    CANCELLED = "CANCELLED"  # its execution stopped, failed elsewhere, or moved on


OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.CLAIMED, TaskStatus.ESCALATED)


class HumanTask(models.Model):
    """One approval an execution waits on; ended by a decision, its deadline, or its run's end.

    Assignees and groups are names (as a definition gives them), in arrays with GIN indexes:
    "tasks for a user in ten groups" is one index scan (bench W9).
    """

    token = models.CharField(max_length=200, unique=True)  # the engine's task token
    execution = models.ForeignKey(
        "engine.Execution", on_delete=models.CASCADE, related_name="human_tasks"
    )
    task_key = models.CharField(max_length=40)  # the engine's key of the waiting task
    state = models.CharField(max_length=80)
    workflow = models.CharField(max_length=80)  # the workflow's name, for filters
    requested_by = models.CharField(max_length=150, blank=True)  # who started the execution
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    form = models.JSONField(default=list)  # the Form fields as the definition gave them
    assignees = ArrayField(models.CharField(max_length=150), default=list)
    groups = ArrayField(models.CharField(max_length=150), default=list)
    required_approvals = models.PositiveIntegerField(default=1)
    allow_self_approval = models.BooleanField(default=False)
    priority = models.CharField(max_length=8, default="normal")
    priority_rank = models.PositiveSmallIntegerField(default=1)  # for sorting: urgent first
    reminder = models.JSONField(null=True, blank=True)  # {"AfterSeconds", "EverySeconds", …}
    escalation = models.JSONField(null=True, blank=True)  # {"AfterSeconds", "To": {…}}
    on_timeout = models.CharField(max_length=8, default="Fail")
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    claimed_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)  # DueSeconds: shown and sorted by
    deadline_at = models.DateTimeField(null=True, blank=True)  # the state's TimeoutSeconds
    reminders_sent = models.PositiveIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    comment = models.TextField(blank=True)  # the deciding comment
    result = models.JSONField(null=True, blank=True)  # what the state continued with

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            GinIndex(fields=["assignees"], name="human_tasks_by_assignee"),
            GinIndex(fields=["groups"], name="human_tasks_by_group"),
            models.Index(fields=["status", "-created_at"], name="human_tasks_by_status"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Approval(models.Model):
    """One person's approval; RequiredApprovals of them, by distinct people, decide."""

    task = models.ForeignKey(HumanTask, on_delete=models.CASCADE, related_name="approvals")
    user = models.CharField(max_length=150)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "user"], name="one_approval_per_person")
        ]


class Action(models.TextChoices):
    CREATED = "created"
    CLAIMED = "claimed"
    UNCLAIMED = "unclaimed"
    REASSIGNED = "reassigned"
    DELEGATED = "delegated"
    COMMENTED = "commented"
    REMINDED = "reminded"
    ESCALATED = "escalated"
    APPROVED = "approved"  # one approval (of RequiredApprovals)
    DECIDED = "decided"  # the task's decision
    REJECTED = "rejected"
    TIMED_OUT = "timed_out"
    CANCELLED = "cancelled"


class AuditEntry(models.Model):
    """Who did what to a task, when, and from which address; shown on the task's page."""

    task = models.ForeignKey(HumanTask, on_delete=models.CASCADE, related_name="audit")
    action = models.CharField(max_length=12, choices=Action.choices)
    actor = models.CharField(max_length=150, blank=True)  # empty: Baton itself (a timer)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField()
    text = models.TextField(blank=True)  # a comment, or what changed
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["task", "at"], name="audit_by_task")]


class Notification(models.Model):
    """An in-app notification: the bell counts the unread ones."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    task = models.ForeignKey(HumanTask, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=Action.choices)
    text = models.CharField(max_length=400)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["user", "-created_at"],
                name="unread_notifications",
                condition=Q(read_at=None),
            )
        ]


class Webhook(models.Model):
    """A workflow's webhook for task events, signed with HMAC-SHA256 of the body by `secret`."""

    workflow = models.CharField(max_length=80, unique=True)
    url = models.URLField(max_length=2000)
    secret = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.workflow} → {self.url}"


class GroupOwner(models.Model):
    """An owner of a group may reassign the group's tasks (and admins may, anywhere)."""

    group = models.ForeignKey("auth.Group", on_delete=models.CASCADE, related_name="owners")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owned_groups"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_owner_row")]

    def __str__(self) -> str:
        return f"{self.user} owns {self.group}"
