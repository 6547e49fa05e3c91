"""A workflow's own figures on its page: success rate and p95 run time over the last days, each
with a sparkline of its daily values (drawn on the server: the page needs no script for it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from designer.models import Workflow

from .overview import workflow_stats
from .page import page_url
from .sparkline import sparkline
from .text import rate_text, seconds_text

DAYS = 7


def workflow_summary(workflow: Workflow, now: datetime) -> dict[str, Any]:
    stats = workflow_stats(workflow, DAYS, now)
    rates = [day["success_rate"] for day in stats["series"]]
    p95s = [day["p95_seconds"] for day in stats["series"]]
    return {
        "days": DAYS,
        "started": stats["started"],
        "finished": stats["finished"],
        "figures": [
            _figure("Success rate", "success-rate", stats["success_rate"], rates, rate_text),
            _figure("p95 run time", "p95", stats["p95_seconds"], p95s, seconds_text),
        ],
        "dashboard_url": page_url("7d", workflow.name),
    }


def _figure(
    name: str, key: str, value: float | None, daily: list[float | None], text: Any
) -> dict[str, Any]:
    """One figure with its sparkline and the sparkline's text for screen readers."""
    return {
        "name": name,
        "key": key,
        "value": value,
        "text": text(value),
        "line": sparkline(daily, floor=0.0),
        "points": sum(1 for v in daily if v is not None),
        "label": f"{name} per day, oldest first: {', '.join(text(v) for v in daily)}",
    }
