"""Everything the dashboard shows for one window (and workflow), and a workflow's own daily
figures for its page: one function each, answered as plain dicts for the API to render."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import Http404

from baton.jsontext import is_storable_text
from designer.models import Workflow

from ..models import Status
from . import executions, states, waiting
from .window import DAY, Window, bucket_start


def find_workflow(name: str) -> Workflow:
    found = Workflow.objects.filter(name=name).first() if is_storable_text(name) else None
    if found is None:
        raise Http404(f"No workflow is named '{name}'.")
    return found


def figures(query: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The overview for a query of since, until, bucket (seconds) and workflow (a name, or
    empty for all); Http404 for a workflow that is not there."""
    workflow = find_workflow(query["workflow"]) if query.get("workflow") else None
    return overview(Window(query["since"], query["until"], query["bucket"]), workflow, now)


def overview(window: Window, workflow: Workflow | None, now: datetime) -> dict[str, Any]:
    started = executions.started(window, workflow)
    duration = executions.durations(window, workflow)
    tables = states.state_tables(window, workflow)
    return {
        "since": window.since,
        "until": window.until,
        "now": now,
        "bucket_seconds": window.bucket_seconds,
        "workflow": workflow.name if workflow else None,
        "is_empty": not (started["started"] or duration["finished"] or any(tables.values())),
        "executions": started,
        "duration": duration,
        **tables,
        "human_tasks": waiting.human_tasks(now, workflow),
        "timers": waiting.timers(now, workflow),
        "engines": waiting.engines(now),
    }


def stats_window(days: int, now: datetime) -> Window:
    """The last `days` whole UTC days, today included."""
    today = bucket_start(now, DAY)
    return Window(today - timedelta(days=days - 1), today + timedelta(days=1), DAY)


def workflow_stats(workflow: Workflow, days: int, now: datetime) -> dict[str, Any]:
    """Success rate and run time of one workflow over the last `days` days, with a point per
    day (for a sparkline); the same definitions as the dashboard's."""
    window = stats_window(days, now)
    started = executions.started(window, workflow)
    duration = executions.durations(window, workflow)
    series = [
        {"day": run["start"].date(), **_day(run), **_timing(timing)}
        for run, timing in zip(started["series"], duration["series"], strict=True)
    ]
    return {
        "workflow": workflow.name,
        "days": days,
        "since": window.since,
        "until": window.until,
        **_day(started),
        **_timing(duration),
        "series": series,
    }


def _day(counts: dict[str, Any]) -> dict[str, Any]:
    return {
        "started": counts["started"],
        "succeeded": counts["by_status"][Status.SUCCEEDED],
        "success_rate": executions.success_rate(counts),
    }


def _timing(duration: dict[str, Any]) -> dict[str, Any]:
    return {key: duration[key] for key in ("finished", "p50_seconds", "p95_seconds")}
