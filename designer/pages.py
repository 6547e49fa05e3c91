"""What the workflow pages show, gathered in as few queries as a page needs (no HTML here)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from engine.models import Execution, Status

from . import diffs, services
from .models import Workflow, WorkflowVersion

SHOW = ("active", "archived", "all")


def workflow_rows(query: str = "", show: str = "active", status: str = "") -> QuerySet[Workflow]:
    """The list: latest version, aliases, executions by status over the last 24 h, last run."""
    archived = {"active": False, "archived": True}.get(show)
    rows = services.list_workflows(archived=archived).prefetch_related("aliases")
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(description__icontains=query))
    since = timezone.now() - timedelta(hours=24)
    recent = Q(executions__started_at__gte=since)
    counts = {
        f"n_{s.lower()}": Count("executions", filter=recent & Q(executions__status=s))
        for s in Status.values
    }
    rows = rows.annotate(last_run=Max("executions__started_at"), **counts).order_by("name")
    if status in Status.values:
        rows = rows.filter(**{f"n_{status.lower()}__gt": 0})
    return rows


def recent_counts(row: Workflow) -> list[tuple[str, int]]:
    """(status, count) for each status with executions in the last 24 h."""
    return [
        (s, getattr(row, f"n_{s.lower()}", 0))
        for s in Status.values
        if getattr(row, f"n_{s.lower()}", 0)
    ]


def as_written(version: WorkflowVersion) -> Any:
    """The definition with its author's key order (the JSON column sorts keys)."""
    try:
        return json.loads(version.source)
    except ValueError:
        return version.definition


def state_count(definition: Any) -> int:
    """How many states the graph draws, nested ones included."""
    return len(diffs.states_of(definition))


def recent_executions(workflow: Workflow, limit: int = 15) -> list[Execution]:
    found = Execution.objects.filter(workflow=workflow).select_related("version")
    return list(found.order_by("-started_at")[:limit])


def start_targets(workflow: Workflow) -> list[tuple[str, str]]:
    """The choices of "Run": latest, each alias with its routes, each version."""
    versions = list(workflow.versions.order_by("-number").values_list("number", flat=True))
    choices = [("latest", f"Latest version (v{versions[0]})" if versions else "Latest version")]
    for alias in workflow.aliases.all():
        routes = ", ".join(f"v{r['version']} {r['weight']}%" for r in alias.routes)
        choices.append((f"alias:{alias.name}", f"Alias {alias.name} ({routes})"))
    choices += [(f"version:{n}", f"Version {n}") for n in versions]
    return choices


def designer_config(workflow: Workflow | None, source: str, *, can_design: bool) -> dict[str, Any]:
    """What the designer page hands its script (frontend/src/designer/types.ts DesignerConfig)."""
    latest = workflow.latest_version() if workflow else None
    return {
        "workflow": workflow.name if workflow else None,
        "version": latest.number if latest else None,
        "source": source,
        "canDesign": can_design,
        "aliases": sorted(workflow.aliases.values_list("name", flat=True)) if workflow else [],
        "urls": {
            "api": reverse("api-schema").removesuffix("schema/"),
            "workflowPage": reverse("workflow-list"),
            "executionPage": reverse("execution-list"),
        },
    }
