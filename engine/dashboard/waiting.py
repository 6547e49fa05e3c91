"""What is waiting right now, whatever the window: open and overdue human tasks, timers past
due and not fired yet, and the engines' heartbeats."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Count, Min, Q

from baton.api.health import FRESH
from designer.models import Workflow

from ..conf import engine_setting
from ..models import EngineHeartbeat, Timer
from ..models.heartbeat import Process


def human_tasks(now: datetime, workflow: Workflow | None) -> dict[str, Any]:
    """Open tasks (open, claimed or escalated), those past their due time, and the age of the
    oldest open one in seconds. The engine imports no app (docs/architecture.md, "Human tasks"):
    the approvals app's model is looked up by name, as engine/telemetry/gauges.py does."""
    if not apps.is_installed("approvals"):
        return {"open": 0, "overdue": 0, "oldest_open_age_seconds": None}
    task = apps.get_model("approvals", "HumanTask")
    open_statuses = apps.get_app_config("approvals").models_module.OPEN_STATUSES
    tasks = task.objects.filter(status__in=open_statuses)
    if workflow:
        tasks = tasks.filter(workflow=workflow.name)
    found = tasks.aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now)), oldest=Min("created_at")
    )
    return {
        "open": found["open"],
        "overdue": found["overdue"],
        "oldest_open_age_seconds": _age(now, found["oldest"]),
    }


def timers(now: datetime, workflow: Workflow | None) -> dict[str, Any]:
    """Timers due and not fired yet (a fired timer's row is deleted) and how late the oldest is."""
    due = Timer.objects.filter(fire_at__lte=now)
    if workflow:
        due = due.filter(execution__workflow=workflow)
    found = due.aggregate(due=Count("id"), oldest=Min("fire_at"))
    return {"due": found["due"], "oldest_lag_seconds": _age(now, found["oldest"])}


def engines(now: datetime) -> list[dict[str, Any]]:
    """Every process that beats, with its age; alive while its age is below the limit after
    which others take its work over (a cluster beats about once a minute: /api/health/'s)."""
    rows = EngineHeartbeat.objects.order_by("kind", "name")
    return [
        {
            "name": row.name,
            "kind": row.kind,
            "seen_at": row.seen_at,
            "age_seconds": max(0.0, (now - row.seen_at).total_seconds()),
            "alive": (now - row.seen_at).total_seconds() < dead_after(row.kind),
        }
        for row in rows
    ]


def dead_after(kind: str) -> float:
    if kind == Process.CLUSTER:
        return FRESH[Process.CLUSTER].total_seconds()
    return float(engine_setting("ENGINE_DEAD_SECONDS"))


def _age(now: datetime, since: datetime | None) -> float | None:
    return max(0.0, (now - since).total_seconds()) if since else None
