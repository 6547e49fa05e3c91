"""The execution list's query string: its filters, its counts by status and its cursor pages.

Used by engine/views.py (the page, its live part and the bulk actions' way back to the list).
The filters go to execution_services.list_executions; pages are keyed by (started_at, id),
newest first, so a page stays the same while new executions start.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.http import urlencode

from . import execution_services
from .models import Execution, Status

PAGE_SIZE = 50
MAX_TEXT = 80


@dataclass(frozen=True)
class Filters:
    """What the list shows, as the URL says it (the names are the query's)."""

    workflow: str = ""
    version: str = ""
    alias: str = ""
    status: str = ""
    started_from: str = ""  # a date, YYYY-MM-DD, UTC
    started_to: str = ""  # a date, inclusive
    q: str = ""  # a name prefix or a whole execution id

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        raw = {key: query.get(key, "").strip()[:MAX_TEXT] for key in cls.__dataclass_fields__}
        return cls(**raw)

    def as_query(self, **changes: str) -> str:
        """The query string of these filters (empty ones left out), with `changes` applied."""
        chosen = {k: v for k, v in asdict(replace(self, **changes)).items() if v}
        return urlencode(chosen)

    @property
    def is_filtered(self) -> bool:
        return any(asdict(self).values())

    def executions(self, *, with_status: bool = True) -> QuerySet[Execution]:
        """The executions these filters let through (counts leave the status out)."""
        status = self.status if with_status and self.status in Status.values else None
        return execution_services.list_executions(
            workflow=self.workflow or None,
            version=_whole_number(self.version),
            alias=self.alias or None,
            status=status,
            started_after=_day_start(self.started_from),
            started_before=_day_start(self.started_to, days_after=1),
            search=self.q or None,
        )


def _whole_number(text: str) -> int | None:
    return int(text) if text.isdigit() and 0 < int(text) < 2**31 else None


def _day_start(text: str, days_after: int = 0) -> datetime | None:
    """Midnight UTC of the date `text` (plus `days_after`); None if it is not a date. The list
    takes started_after as exclusive, which one microsecond less makes inclusive."""
    try:
        day = date.fromisoformat(text) + timedelta(days=days_after)
    except ValueError:
        return None
    midnight = datetime.combine(day, time(), tzinfo=UTC)
    return midnight if days_after else midnight - timedelta(microseconds=1)


def counts_by_status(filters: Filters) -> dict[str, int]:
    """How many executions each status has under the filters other than the status."""
    found = filters.executions(with_status=False).order_by()
    rows = found.values("status").annotate(n=Count("id"))
    counted = {row["status"]: row["n"] for row in rows}
    return {status: counted.get(status, 0) for status in Status.values}


# Cursor pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """A row's place in the list: newest first by start time, then by id."""

    started_at: datetime
    id: uuid.UUID

    @classmethod
    def of(cls, execution: Execution) -> Key:
        return cls(execution.started_at, execution.id)

    @classmethod
    def parse(cls, text: str) -> Key | None:
        """A key as `cursor` wrote it; None for anything else."""
        micros, _, key = text.partition("_")
        try:
            moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(micros))
            return cls(moment, uuid.UUID(key))
        except (ValueError, OverflowError):
            return None

    @property
    def cursor(self) -> str:
        since_epoch = self.started_at - datetime(1970, 1, 1, tzinfo=UTC)
        return f"{since_epoch // timedelta(microseconds=1)}_{self.id}"

    def newer(self) -> Q:
        return Q(started_at__gt=self.started_at) | Q(started_at=self.started_at, id__gt=self.id)

    def older(self) -> Q:
        return Q(started_at__lt=self.started_at) | Q(started_at=self.started_at, id__lt=self.id)


@dataclass(frozen=True)
class Page:
    rows: list[Execution]
    newer: str | None  # cursor for `after=`: the rows above this page
    older: str | None  # cursor for `before=`: the rows below it

    @property
    def is_newest(self) -> bool:
        return self.newer is None


def page_of(found: QuerySet[Execution], query: QueryDict, size: int = PAGE_SIZE) -> Page:
    """The page `?before=` or `?after=` names: the newest one without either, or when fewer
    than a page are newer than `after`."""
    after = Key.parse(query.get("after", ""))
    if after is None:
        return _page_below(found, Key.parse(query.get("before", "")), size)
    above = list(found.filter(after.newer()).order_by("started_at", "id")[: size + 1])
    if len(above) <= size:
        return _page_below(found, None, size)
    rows = above[:size][::-1]
    return Page(rows, Key.of(rows[0]).cursor, Key.of(rows[-1]).cursor)


def _page_below(found: QuerySet[Execution], before: Key | None, size: int) -> Page:
    shown_from = found.filter(before.older()) if before else found
    rows = list(shown_from.order_by("-started_at", "-id")[: size + 1])
    shown = rows[:size]
    older = Key.of(shown[-1]).cursor if len(rows) > size else None
    if before is None:
        return Page(shown, None, older)
    return Page(shown, Key.of(shown[0]).cursor if shown else before.cursor, older)


def page_context(query: QueryDict) -> dict[str, Any]:
    """What the list's templates need: the filters, the page, the counts."""
    filters = Filters.from_query(query)
    page = page_of(filters.executions(), query)
    counts = [
        {
            "status": status,
            "n": n,
            "query": filters.as_query(status="" if status == filters.status else status),
            "chosen": status == filters.status,
        }
        for status, n in counts_by_status(filters).items()
    ]
    return {
        "filters": filters,
        "page": page,
        "counts": counts,
        "query": filters.as_query(),
        "here": list_query(query),
    }


def list_query(query: QueryDict) -> str:
    """The filters and the page `query` names, checked, as a query string: where a bulk
    action's form goes back to."""
    cursors = {key: query[key] for key in ("before", "after") if Key.parse(query.get(key, ""))}
    parts = (Filters.from_query(query).as_query(), urlencode(cursors))
    return "&".join(part for part in parts if part)
