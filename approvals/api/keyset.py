"""Keyset pages for /api/human-tasks/: the cursor holds the last row's sort values.

DRF's CursorPagination keeps only the first ordering field and an offset capped at 1,000, which
repeats pages when thousands of tasks share a priority; comparing every sort key does not, and
stays an index range scan on the default order (bench W9). Cursors are signed: a made-up one is
a 400, never a query on values Baton did not give out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import Model, Q, QuerySet
from django.utils.dateparse import parse_datetime

from baton.api.errors import ApiError

SALT = "approvals.api.keyset"
Key = tuple[str, bool]  # (field or annotation, descending)


def page(
    rows: QuerySet[Any], keys: Sequence[Key], cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    """Up to `limit` rows after `cursor` in `keys` order, and the cursor of the next page."""
    if cursor:
        rows = rows.filter(after(keys, decode(cursor, len(keys))))
    order = [f"-{name}" if descending else name for name, descending in keys]
    found = list(rows.order_by(*order)[: limit + 1])
    if len(found) <= limit:
        return found, None
    return found[:limit], encode(found[limit - 1], keys)


def after(keys: Sequence[Key], values: Sequence[Any]) -> Q:
    """Rows past `values` in lexicographic order of `keys`:
    k1 > v1, or k1 = v1 and k2 > v2, … (each > a < where the key descends)."""
    found, equal = Q(pk__in=[]), Q()
    for (name, descending), value in zip(keys, values, strict=True):
        found |= equal & Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
        equal &= Q(**{name: value})
    return found


def encode(row: Model, keys: Sequence[Key]) -> str:
    values = [_plain(getattr(row, name)) for name, _ in keys]
    return signing.dumps(values, salt=SALT, compress=True)


def decode(cursor: str, size: int) -> list[Any]:
    try:
        values = signing.loads(cursor, salt=SALT)
    except signing.BadSignature:
        raise ApiError(400, "invalid_cursor", "Invalid cursor.") from None
    if not isinstance(values, list) or len(values) != size:
        raise ApiError(400, "invalid_cursor", "This cursor belongs to another sort.")
    return [_typed(value) for value in values]


def _plain(value: Any) -> Any:
    return {"at": value.isoformat()} if isinstance(value, datetime) else value


def _typed(value: Any) -> Any:
    return parse_datetime(value["at"]) if isinstance(value, dict) else value
