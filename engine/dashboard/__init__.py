"""The dashboard's figures (/dashboard/, /api/dashboard/) and a workflow's own (its page,
/api/workflows/<name>/stats/), read from Postgres alone: no Prometheus needed.

window.py cuts a time range into buckets; executions.py (with sql.py's expressions), states.py
and waiting.py each query one kind of figure; overview.py puts them together. page.py and
summary.py shape them for the two pages, text.py and sparkline.py say and draw them.
"""

from __future__ import annotations

from .overview import figures, find_workflow, overview, workflow_stats
from .window import MAX_BUCKETS, Window, automatic_bucket, bucket_count, parse_bucket

__all__ = [
    "MAX_BUCKETS",
    "Window",
    "automatic_bucket",
    "bucket_count",
    "figures",
    "find_workflow",
    "overview",
    "parse_bucket",
    "workflow_stats",
]
