"""Workflows and their immutable versions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

NAME_RULE = RegexValidator(
    r"^[A-Za-z0-9_-]{1,80}$", "Use 1–80 letters, digits, '-' or '_' (as Step Functions does)."
)


# The workflow that holds the test runs of definitions not saved as any workflow yet
# (designer/drafts.py). NAME_RULE refuses the name, so no one can create or ask for it.
UNSAVED_DRAFTS = "(unsaved drafts)"


class ListedWorkflows(models.Manager["Workflow"]):
    """Every workflow but UNSAVED_DRAFTS: what lists, lookups by name and /aws/ see."""

    def get_queryset(self) -> models.QuerySet[Workflow]:
        return super().get_queryset().exclude(name=UNSAVED_DRAFTS)


class Workflow(models.Model):
    name = models.CharField(max_length=80, unique=True, validators=[NAME_RULE])
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ListedWorkflows()
    everything = models.Manager()  # UNSAVED_DRAFTS included (designer.drafts, the engine)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def latest_version(self) -> WorkflowVersion | None:
        return self.versions.order_by("-number").first()


class ImmutableVersionError(Exception):
    """A saved WorkflowVersion cannot change; publish a new one instead."""


class PublishedVersions(models.Manager["WorkflowVersion"]):
    """Every version but test drafts: what version lists, numbering, `latest_version()`, aliases
    and lookups by number see (`workflow.versions` too: a related manager uses this class)."""

    def get_queryset(self) -> models.QuerySet[WorkflowVersion]:
        return super().get_queryset().filter(is_test_draft=False)


class WorkflowVersion(models.Model):
    """One published definition of a workflow, numbered 1, 2, 3… and never changed afterwards.

    A test draft (is_test_draft) is a definition saved only for a test run to execute
    (designer/drafts.py): number 0, never listed, never the latest, never named by a number or
    an alias. An execution reaches it through its foreign key, which Django reads with the
    base manager, so test runs show their definition like any execution."""

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()  # 0 for a test draft
    is_test_draft = models.BooleanField(default=False, db_default=False)  # old code inserts too
    definition = models.JSONField()
    # The definition exactly as submitted, so an export gives back what came in.
    source = models.TextField()
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = PublishedVersions()
    everything = models.Manager()  # test drafts included (designer.drafts, engine.definitions)

    class Meta:
        ordering = ["workflow", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "number"],
                condition=models.Q(is_test_draft=False),
                name="unique_version_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.workflow.name}:{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableVersionError(f"version {self} is published and cannot change")
        super().save(*args, **kwargs)


class Alias(models.Model):
    """A name that routes executions to one version, or to two with weights summing to 100."""

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=80, validators=[NAME_RULE])
    description = models.TextField(blank=True)
    # [{"version": 3, "weight": 90}, {"version": 4, "weight": 10}]
    routes = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workflow", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "name"], name="unique_alias_name")
        ]

    def __str__(self) -> str:
        return f"{self.workflow.name}:{self.name}"
