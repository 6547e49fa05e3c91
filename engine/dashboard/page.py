"""What the dashboard page (templates/engine/dashboard.html) shows, from the same figures as
/api/dashboard/: the range links, display texts, links to executions, the charts' fallback
tables, and the config its script reads (frontend/src/pages/dashboard.ts)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from ..models import Status
from .text import rate_text, seconds_text

RANGES = {
    "1h": ("Last hour", timedelta(hours=1)),
    "24h": ("Last 24 hours", timedelta(hours=24)),
    "7d": ("Last 7 days", timedelta(days=7)),
    "30d": ("Last 30 days", timedelta(days=30)),
}
DEFAULT_RANGE = "24h"


def chosen_range(key: str) -> str:
    return key if key in RANGES else DEFAULT_RANGE


def range_links(chosen: str, workflow: str) -> list[dict[str, Any]]:
    """One link per range, keeping the workflow: the choice lives in the URL."""
    return [
        {"key": key, "label": label, "url": page_url(key, workflow), "current": key == chosen}
        for key, (label, _) in RANGES.items()
    ]


def page_url(range_key: str, workflow: str) -> str:
    query = {"range": range_key, **({"workflow": workflow} if workflow else {})}
    return f"{reverse('dashboard')}?{urlencode(query)}"


def context(figures: dict[str, Any], range_key: str) -> dict[str, Any]:
    """The template's context for figures already computed for the range."""
    started = figures["executions"]
    duration = figures["duration"]
    return {
        "figures": figures,
        "range_key": range_key,
        "range_label": RANGES[range_key][0],
        "bucket_text": per_text(figures["bucket_seconds"]),
        "texts": {
            "success_rate": rate_text(started["success_rate"]),
            "p50": seconds_text(duration["p50_seconds"]),
            "p95": seconds_text(duration["p95_seconds"]),
            "oldest_task": seconds_text(figures["human_tasks"]["oldest_open_age_seconds"]),
            "timer_lag": seconds_text(figures["timers"]["oldest_lag_seconds"]),
        },
        "state_tables": [
            (
                "failing",
                "States that fail most",
                "failing-states",
                _linked(figures["failing_states"]),
            ),
            ("retries", "Retries by state", "retries", _linked(figures["retries"])),
            ("caught", "Caught errors", "caught", _linked(figures["caught"])),
        ],
        "engines": [
            {**row, "age_text": seconds_text(row["age_seconds"])} for row in figures["engines"]
        ],
        "started_rows": [row for row in started["series"] if row["started"]],
        "duration_rows": [
            {
                **row,
                "p50": seconds_text(row["p50_seconds"]),
                "p95": seconds_text(row["p95_seconds"]),
            }
            for row in duration["series"]
            if row["finished"]
        ],
        "statuses": Status.values,
        "config": config(figures),
    }


def per_text(seconds: int) -> str:
    """A bucket's length after "per": minute, 5 minutes, hour, 6 hours, day."""
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if seconds % size == 0:
            count = seconds // size
            return unit if count == 1 else f"{count} {unit}s"
    return f"{seconds} seconds"


def _linked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with the URL of its last execution while that execution is still kept."""
    return [
        {
            **row,
            "url": reverse("execution-detail", args=[row["last_execution"]])
            if row["last_execution_exists"]
            else None,
        }
        for row in rows
    ]


def config(figures: dict[str, Any]) -> dict[str, Any]:
    """The API URL of exactly this window (since, until and bucket fixed), for the charts."""
    query = {
        "since": _iso(figures["since"]),
        "until": _iso(figures["until"]),
        "bucket": figures["bucket_seconds"],
        **({"workflow": figures["workflow"]} if figures["workflow"] else {}),
    }
    return {
        "dataUrl": f"{reverse('api-dashboard')}?{urlencode(query)}",
        "since": query["since"],
        "until": query["until"],
        "bucketSeconds": figures["bucket_seconds"],
        "workflow": figures["workflow"],
    }


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
