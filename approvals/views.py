"""The inbox pages: the list of tasks (approvals/inbox_filters.py) and the fragment its script
refreshes, the bell's count and its notifications. One task's page is task_views.py.

Any logged-in user may open them (LoginRequiredMiddleware): what they list is what queries.py
lets the person see, so approvers need no role.
"""

from __future__ import annotations

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import inbox_filters, queries
from .models import HumanTask, Notification
from .rules import Person

INBOX_CRUMB = ("Inbox", "/inbox/")
PANEL_SIZE = 8


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    person = Person.of(request.user)
    context = inbox_filters.page_context(person, request.GET)
    context |= {
        "crumbs": [INBOX_CRUMB],
        **_suggestions(queries.visible(person)),
        "due_choices": inbox_filters.DUE,
        "priorities": inbox_filters.PRIORITIES,
        "sorts": inbox_filters.SORTS,
    }
    return render(request, "approvals/inbox.html", context)


def _suggestions(tasks: QuerySet[HumanTask]) -> dict[str, list[str]]:
    """The workflows and requesters among the tasks the person sees, for the filters: one
    query (bench W9)."""
    found = tasks.aggregate(
        workflows=ArrayAgg("workflow", distinct=True, order_by="workflow", default=[]),
        requesters=ArrayAgg("requested_by", distinct=True, order_by="requested_by", default=[]),
    )
    return {key: [value for value in values if value][:200] for key, values in found.items()}


@require_GET
def inbox_live(request: HttpRequest) -> HttpResponse:
    """The tabs, rows and pager alone: what static/js/inbox.js refreshes (the same query)."""
    context = inbox_filters.page_context(Person.of(request.user), request.GET)
    return render(request, "approvals/inbox_results.html", context)


@require_GET
def count(request: HttpRequest) -> JsonResponse:
    """The bell's number (static/js/bell.js): open tasks and unread notifications."""
    return JsonResponse(bell_numbers(request.user))


def bell_numbers(user: object) -> dict[str, int]:
    tasks = queries.open_count(Person.of(user))
    unread = Notification.objects.filter(user=user, read_at=None).count()
    return {"tasks": tasks, "unread": unread, "total": tasks + unread}


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """Every notification of the user, newest first; opening the page reads them."""
    shown = list(Notification.objects.filter(user=request.user).select_related("task")[:200])
    _mark_read(request, shown)
    context = {"notifications": shown, "crumbs": [INBOX_CRUMB, ("Notifications", None)]}
    return render(request, "approvals/notifications.html", context)


@require_GET
def notifications_panel(request: HttpRequest) -> HttpResponse:
    """The bell's panel: the latest few, read once shown (bell.js then refetches the count)."""
    mine = Notification.objects.filter(user=request.user).select_related("task")
    shown = list(mine[:PANEL_SIZE])
    _mark_read(request, shown)
    context = {"notifications": shown, "numbers": bell_numbers(request.user)}
    return render(request, "approvals/notifications_panel.html", context)


def _mark_read(request: HttpRequest, shown: list[Notification]) -> None:
    unread = [n.id for n in shown if n.read_at is None]
    if unread:
        Notification.objects.filter(id__in=unread, user=request.user).update(read_at=timezone.now())
