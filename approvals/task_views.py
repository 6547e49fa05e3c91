"""One task's page, /inbox/<id>/: what is asked, the form, the execution's context, the
approvals, the audit trail and comments; and its actions (claim, unclaim, decide, comment),
which call approvals.services and approvals.decisions and show a refusal as a message.

A person who may not see the task gets a 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_GET, require_POST

from engine.models import HistoryEvent

from . import decisions, markdown, services
from .forms import decision_data, fields_of
from .models import Action, HumanTask
from .rules import Person, Refused, check_may_act, check_open, may_see
from .views import INBOX_CRUMB

FOCUSABLE = ("approve", "reject", "comment")


def _visible_task(task_id: int, person: Person) -> HumanTask:
    task = HumanTask.objects.select_related("execution").filter(id=task_id).first()
    if task is None or not may_see(task, person):
        raise Http404("No such task.")
    return task


@require_GET
def task_page(request: HttpRequest, task_id: int) -> HttpResponse:
    person = Person.of(request.user)
    return _render(request, _visible_task(task_id, person), person)


def _render(
    request: HttpRequest,
    task: HumanTask,
    person: Person,
    errors: dict[str, str] | None = None,
) -> HttpResponse:
    """The page; after an invalid decision, with the person's input and each field's error."""
    posted = request.POST if errors is not None else None
    audit = list(task.audit.all())
    context = {
        "task": task,
        "fields": fields_of(task.form, posted, errors),
        "form_error": (errors or {}).get("__all__", ""),
        "comment_text": request.POST.get("comment", "") if errors is not None else "",
        "description": description_html(task.description),
        "may": what_person_may(task, person),
        "state_input": state_input(task),
        "approvals": list(task.approvals.all()),
        "audit": audit,
        "comments": [entry for entry in audit if entry.action == Action.COMMENTED],
        "focus": request.GET.get("focus") if request.GET.get("focus") in FOCUSABLE else "",
        "crumbs": [INBOX_CRUMB, (Truncator(task.title).chars(60), None)],
    }
    return render(request, "approvals/task.html", context)


def description_html(text: str) -> SafeString:
    """The description's Markdown as safe HTML: markdown.render escapes raw HTML and drops
    unsafe links."""
    return mark_safe(markdown.render(text)) if text.strip() else SafeString("")  # noqa: S308


def what_person_may(task: HumanTask, person: Person) -> dict[str, Any]:
    """Which buttons the page shows: the rules' own checks, so a shown button is not refused
    (unless someone else acts first), and why not when the person may not act."""
    try:
        check_may_act(task, person)
        may_act, why_not = True, ""
    except Refused as refused:
        may_act, why_not = False, refused.message
    holder = task.claimed_by
    try:
        check_open(task)
        is_open = True
    except Refused:
        is_open = False
    return {
        "claim": may_act and not holder,
        "unclaim": is_open and bool(holder) and (holder == person.username or person.is_admin),
        "decide": may_act,
        "comment": is_open,
        "why_not": why_not if is_open else "",
    }


def state_input(task: HumanTask) -> Any:
    """The input the task's state was entered with (its latest entry: a retry re-enters)."""
    entered = (
        HistoryEvent.objects.filter(
            execution_id=task.execution_id,
            type__endswith="StateEntered",
            details__name=task.state,
        )
        .order_by("-event_id")
        .first()
    )
    return entered.details.get("input") if entered else None


def _address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _back(task_id: int) -> HttpResponse:
    return redirect(reverse("inbox-task", args=[task_id]))


def _refused(request: HttpRequest, refused: Refused) -> None:
    if refused.code == "not_found":
        raise Http404(refused.message)
    messages.error(request, refused.message)


@require_POST
def claim(request: HttpRequest, task_id: int) -> HttpResponse:
    """Claim, then back to the task (or to the inbox the row's Claim button was pressed in)."""
    try:
        task = services.claim(task_id, Person.of(request.user), _address(request))
        messages.success(request, f"You have claimed “{task.title}”.")
    except Refused as refused:
        _refused(request, refused)
    back = request.POST.get("next", "")
    return redirect(back) if back.startswith("/inbox/") else _back(task_id)


@require_POST
def unclaim(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        services.unclaim(task_id, Person.of(request.user), _address(request))
        messages.success(request, "The task is free for anyone in its groups to claim.")
    except Refused as refused:
        _refused(request, refused)
    return _back(task_id)


@require_POST
def decide(request: HttpRequest, task_id: int) -> HttpResponse:
    person = Person.of(request.user)
    task = _visible_task(task_id, person)
    decision = request.POST.get("decision", "")
    try:
        decided = decisions.decide(
            task_id,
            person,
            decision,
            comment=request.POST.get("comment", "").strip(),
            data=decision_data(task.form, request.POST),
            address=_address(request),
        )
    except Refused as refused:
        if refused.code == "invalid_form":
            messages.error(request, "Some fields need attention: see the messages by them.")
            return _render(request, task, person, errors=refused.details or {})
        _refused(request, refused)
        return _back(task_id)
    messages.success(request, _decided_message(decided, person))
    return _back(task_id)


def _decided_message(task: HumanTask, person: Person) -> str:
    if task.status == "REJECTED":
        return "You rejected the request; the execution goes on with the rejection."
    if task.status == "APPROVED":
        return "You approved the request; the execution goes on with your decision."
    left = task.required_approvals - task.approvals.count()
    return f"Your approval is recorded; {left} more needed from someone else."


@require_POST
def comment(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        services.comment(
            task_id, Person.of(request.user), request.POST.get("comment", ""), _address(request)
        )
        messages.success(request, "Your comment is added.")
    except Refused as refused:
        _refused(request, refused)
    return redirect(reverse("inbox-task", args=[task_id]) + "#comments")
