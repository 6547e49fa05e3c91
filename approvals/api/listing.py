"""The human tasks a caller asked for: a view (or everything they may see), filters, a sort."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import Count, DateTimeField, QuerySet, Value
from django.db.models.functions import Coalesce

from .. import queries
from ..models import Approval, HumanTask
from ..rules import Person
from .keyset import Key

# Tasks without a due time sort after those with one, both ways.
NEVER = Value(datetime(9999, 1, 1, tzinfo=UTC), output_field=DateTimeField())
LONG_AGO = Value(datetime(1, 1, 2, tzinfo=UTC), output_field=DateTimeField())

SORTS: dict[str, tuple[Key, ...]] = {
    "-created": (("created_at", True), ("id", True)),
    "created": (("created_at", False), ("id", False)),
    "due": (("due_key", False), ("id", False)),
    "-due": (("due_key", True), ("id", True)),
    "priority": (("priority_rank", True), ("created_at", True), ("id", True)),
}
DUE_KEYS = {"due": Coalesce("due_at", NEVER), "-due": Coalesce("due_at", LONG_AGO)}

# query parameter -> lookup
FILTERS = {
    "status": "status",
    "workflow": "workflow",
    "execution": "execution_id",
    "search": "title__icontains",
    "priority": "priority",
    "requested_by": "requested_by",
}


def find(person: Person, query: dict[str, Any]) -> QuerySet[HumanTask]:
    """The tasks of `query` (HumanTaskQuerySerializer's data), ready for keyset.page."""
    view = query.get("view")
    tasks = queries.in_view(person, view) if view else queries.visible(person)
    lookups = {FILTERS[name]: value for name, value in query.items() if name in FILTERS}
    tasks = tasks.filter(**lookups)
    if query["sort"] in DUE_KEYS:
        tasks = tasks.annotate(due_key=DUE_KEYS[query["sort"]])
    return tasks


def count_approvals(tasks: list[HumanTask]) -> list[HumanTask]:
    """Sets `approvals_count` on each task: one query for a page."""
    counts = dict(
        Approval.objects.filter(task__in=tasks)
        .values_list("task")
        .annotate(n=Count("id"))
        .values_list("task", "n")
    )
    for task in tasks:
        task.approvals_count = counts.get(task.id, 0)
    return tasks
