"""The states that fail most, are retried most and whose errors are caught most, from the
hourly StateRollup counts the engine writes (engine/models/rollup.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Sum

from designer.models import Workflow

from ..models import Execution, RollupKind, StateRollup
from .window import Window, bucket_start

TOP = 10


def top_states(window: Window, workflow: Workflow | None, kind: str) -> list[dict[str, Any]]:
    """The TOP (workflow, state, error) of `kind` by count in the window's hours, each with the
    last execution it happened in; `last_execution_exists` is false once retention deleted it."""
    rows = _grouped(window, workflow, kind)[:TOP]
    found = [
        {
            "workflow": row["workflow__name"],
            "state": row["state"],
            "error": row["error"],
            "count": row["total"],
            "last_execution": row["executions"][0],
        }
        for row in rows
    ]
    kept = set(
        Execution.objects.filter(id__in=[r["last_execution"] for r in found]).values_list(
            "id", flat=True
        )
    )
    return [{**row, "last_execution_exists": row["last_execution"] in kept} for row in found]


def _grouped(window: Window, workflow: Workflow | None, kind: str) -> Any:
    # Whole hours: a rollup row counts its hour, so a window starting at 10:20 takes 10:00's.
    hours = StateRollup.objects.filter(
        kind=kind, hour__gte=bucket_start(window.since, 3600), hour__lt=window.until
    )
    if workflow:
        hours = hours.filter(workflow=workflow)
    return (
        hours.values("workflow__name", "state", "error")
        .annotate(total=Sum("count"), executions=ArrayAgg("last_execution", order_by="-hour"))
        .order_by("-total", "workflow__name", "state", "error")
    )


def state_tables(window: Window, workflow: Workflow | None) -> dict[str, list[dict[str, Any]]]:
    return {
        "failing_states": top_states(window, workflow, RollupKind.FAILED),
        "retries": top_states(window, workflow, RollupKind.RETRIED),
        "caught": top_states(window, workflow, RollupKind.CAUGHT),
    }
