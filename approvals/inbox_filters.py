"""The inbox's query string: its tab, filters, search and sort, and the page of tasks they name.

Used by approvals/views.py (the page and the fragment its script refreshes). The tabs are
queries.in_view's views; everything else narrows them. Pages are numbered (the sort varies),
PAGE_SIZE rows each.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.http import urlencode

from . import queries
from .models import HumanTask
from .rules import Person

PAGE_SIZE = 50
MAX_TEXT = 80
TABS = {
    "mine": "My tasks",
    "groups": "My groups' tasks",
    "overdue": "Overdue",
    "done": "Done",
}
DUE = {"overdue": "Overdue", "today": "Due today", "week": "Due this week"}
PRIORITIES = ("urgent", "high", "normal", "low")
SORTS = {"created": "Newest", "due": "Due soonest", "priority": "Priority"}
ORDERS = {
    "created": ["-created_at", "-id"],
    "due": [F("due_at").asc(nulls_last=True), "-created_at", "-id"],
    "priority": ["-priority_rank", F("due_at").asc(nulls_last=True), "-created_at", "-id"],
}


@dataclass(frozen=True)
class Filters:
    """What the inbox shows, as the URL says it (the names are the query's)."""

    tab: str = "mine"
    workflow: str = ""
    requester: str = ""
    due: str = ""
    priority: str = ""
    q: str = ""  # words of the title
    sort: str = "created"

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        raw = {key: query.get(key, "").strip()[:MAX_TEXT] for key in cls.__dataclass_fields__}
        raw["tab"] = raw["tab"] if raw["tab"] in TABS else "mine"
        raw["sort"] = raw["sort"] if raw["sort"] in SORTS else "created"
        raw["due"] = raw["due"] if raw["due"] in DUE else ""
        raw["priority"] = raw["priority"] if raw["priority"] in PRIORITIES else ""
        return cls(**raw)

    def as_query(self, **changes: str) -> str:
        """The query string (defaults left out), with `changes` applied."""
        defaults = asdict(Filters())
        chosen = {k: v for k, v in asdict(replace(self, **changes)).items() if v != defaults[k]}
        return urlencode(chosen)

    @property
    def is_filtered(self) -> bool:
        return any((self.workflow, self.requester, self.due, self.priority, self.q))

    def tasks(self, person: Person, now: datetime) -> QuerySet[HumanTask]:
        return self.narrow(queries.in_view(person, self.tab), now).order_by(*ORDERS[self.sort])

    def narrow(self, found: QuerySet[HumanTask], now: datetime) -> QuerySet[HumanTask]:
        if self.workflow:
            found = found.filter(workflow=self.workflow)
        if self.requester:
            found = found.filter(requested_by=self.requester)
        if self.priority:
            found = found.filter(priority=self.priority)
        if self.due:
            found = found.filter(due_window(self.due, now))
        for word in self.q.split()[:8]:
            found = found.filter(title__icontains=word)
        return found


def due_window(due: str, now: datetime) -> Q:
    """overdue: past its due time; today: due before tomorrow (UTC); week: within seven days."""
    if due == "overdue":
        return Q(due_at__lt=now)
    midnight = datetime.combine(now.date(), time(), tzinfo=now.tzinfo)
    days = 1 if due == "today" else 7
    return Q(due_at__gte=midnight, due_at__lt=midnight + timedelta(days=days))


COUNTED = ("mine", "groups", "overdue")  # Done is not counted: it only grows


def tab_counts(person: Person, filters: Filters, now: datetime) -> list[dict[str, Any]]:
    """Each tab with how many tasks it holds under the current filters: one query."""
    # Aliased: an aggregate named like a field ("groups") would shadow it in the filters
    counts = filters.narrow(HumanTask.objects.all(), now).aggregate(
        **{f"n_{tab}": Count("id", filter=queries.view_filter(person, tab)) for tab in COUNTED}
    )
    return [
        {
            "tab": tab,
            "label": label,
            "n": counts.get(f"n_{tab}"),
            "query": filters.as_query(tab=tab),
            "chosen": tab == filters.tab,
        }
        for tab, label in TABS.items()
    ]


def page_context(person: Person, query: QueryDict) -> dict[str, Any]:
    """What the inbox's templates need: the filters, the tabs, the page of tasks."""
    now = timezone.now()
    filters = Filters.from_query(query)
    paginator = Paginator(filters.tasks(person, now), PAGE_SIZE)
    tabs = tab_counts(person, filters, now)
    counted = next(t["n"] for t in tabs if t["chosen"])
    if counted is not None:
        paginator.count = counted  # type: ignore[misc]  # the same query, counted already
    page: Page = paginator.get_page(query.get("page"))
    return {
        "filters": filters,
        "tabs": tabs,
        "groups_waiting": next(t["n"] for t in tabs if t["tab"] == "groups"),
        "page": page,
        "query": filters.as_query(),
        "now": now,
        "me": person.username,
    }
