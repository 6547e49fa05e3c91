"""Per hour, workflow, state and error: failed, retried and caught states (models/rollup.py),
upserted in the engine's transaction, one statement for all of it."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from ..models import StateRollup

KINDS = {"failed", "retried", "caught"}
UPSERT = (
    f"INSERT INTO {StateRollup._meta.db_table}"
    " (hour, workflow_id, state, kind, error, count, last_execution)"
    " SELECT * FROM unnest(%s::timestamptz[], %s::int[], %s::text[], %s::text[], %s::text[],"
    " %s::int[], %s::uuid[])"
    " ON CONFLICT (hour, workflow_id, state, kind, error) DO UPDATE"
    " SET count = {table}.count + excluded.count, last_execution = excluded.last_execution"
).replace("{table}", StateRollup._meta.db_table)


def write(done: list[Any]) -> None:
    """Upsert the transaction's failed, retried and caught states (nothing on a happy path)."""
    counts: Counter[tuple[int, str, str, str]] = Counter()
    last: dict[tuple[int, str, str, str], Any] = {}
    for item in done:
        for seen in item.observed:
            kind = _kind(seen)
            if kind is None:
                continue
            key = (item.workflow_id, seen["name"][:128], kind, (seen["error"] or "")[:256])
            counts[key] += 1
            last[key] = item.execution_id
    if counts:
        _upsert(_hour(timezone.now()), counts, last)


def _kind(seen: dict[str, Any]) -> str | None:
    if seen["kind"] == "retry":
        return "retried"
    if seen["kind"] == "state" and seen["outcome"] in ("failed", "caught"):
        return seen["outcome"]
    return None


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _upsert(hour: datetime, counts: Counter, last: dict) -> None:
    keys = sorted(counts)  # one order for every engine: no deadlock between two upserts
    columns = list(zip(*keys, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            UPSERT,
            [
                [hour] * len(keys),
                list(columns[0]),
                list(columns[1]),
                list(columns[2]),
                list(columns[3]),
                [counts[key] for key in keys],
                [last[key] for key in keys],
            ],
        )
