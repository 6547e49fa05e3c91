"""Executions in a window: how many started per bucket by status, and how long the ones that
finished took (p50, p95).

Test runs (a draft answered by mocks) are left out: they say nothing of production.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet

from designer.models import Workflow

from ..models import Execution, Status
from .sql import DateBin, Percentile, run_seconds
from .window import Window

FINISHED = [s for s in Status.values if s != Status.RUNNING]


def executions(workflow: Workflow | None) -> QuerySet[Execution]:
    found = Execution.objects.filter(test_run=False)
    return found.filter(workflow=workflow) if workflow else found


def started(window: Window, workflow: Workflow | None) -> dict[str, Any]:
    """Totals by status, the success rate (SUCCEEDED / finished) and a series per bucket, of
    the executions that started in the window."""
    in_window = started_in(window, workflow)
    rows = (
        in_window.annotate(bucket=DateBin(window.bucket_seconds, "started_at"))
        .values("bucket", "status")
        .annotate(n=Count("id"))
    )
    counts: dict[datetime, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["bucket"], {})[row["status"]] = row["n"]
    series = [
        {"start": start, **by_status(counts.get(start, {}))} for start in window.bucket_starts()
    ]
    totals = by_status({s: sum(b["by_status"][s] for b in series) for s in Status.values})
    return {**totals, "success_rate": success_rate(totals), "series": series}


def started_in(window: Window, workflow: Workflow | None) -> QuerySet[Execution]:
    # Every workflow and status named: the executions_by_status index (workflow, status,
    # -started_at) then serves the started_at range with one descent per pair rather than a
    # read of the whole index (Postgres 15 has no skip scan).
    ids = [workflow.id] if workflow else list(Workflow.objects.values_list("id", flat=True))
    return Execution.objects.filter(
        test_run=False,
        workflow_id__in=ids,
        status__in=Status.values,
        started_at__gte=window.since,
        started_at__lt=window.until,
    )


def by_status(counts: dict[str, int]) -> dict[str, Any]:
    """{"started": n, "by_status": {STATUS: n for every status}}."""
    full = {status: counts.get(status, 0) for status in Status.values}
    return {"started": sum(full.values()), "by_status": full}


def success_rate(totals: dict[str, Any]) -> float | None:
    """SUCCEEDED over those that finished (any status but RUNNING), None while none has."""
    finished = sum(totals["by_status"][s] for s in FINISHED)
    return totals["by_status"][Status.SUCCEEDED] / finished if finished else None


def durations(window: Window, workflow: Workflow | None) -> dict[str, Any]:
    """p50 and p95 run time in seconds of the executions that finished in the window, overall
    and per bucket (None where none finished)."""
    ended = executions(workflow).filter(stopped_at__gte=window.since, stopped_at__lt=window.until)
    figures = _percentiles()
    overall = ended.aggregate(finished=Count("id"), **figures)
    rows = ended.annotate(bucket=DateBin(window.bucket_seconds, "stopped_at")).values("bucket")
    per_bucket = {row["bucket"]: row for row in rows.annotate(finished=Count("id"), **figures)}
    empty = {"finished": 0, "p50_seconds": None, "p95_seconds": None}
    series = [
        {"start": start, **_figures_of(per_bucket.get(start, empty))}
        for start in window.bucket_starts()
    ]
    return {**_figures_of(overall), "series": series}


def _percentiles() -> dict[str, Percentile]:
    return {
        "p50_seconds": Percentile(run_seconds(), 0.5),
        "p95_seconds": Percentile(run_seconds(), 0.95),
    }


def _figures_of(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in ("finished", "p50_seconds", "p95_seconds")}
