"""Deciding a human task: approve (one of RequiredApprovals) or reject.

A decision is accepted once: the task's row lock serialises two people pressing approve at
the same instant, and the second finds it decided (409 already_decided). The execution is
answered through the engine's callback service, in the same transaction.
Lock order, as everywhere in approvals: task run, then human task.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from engine import callbacks
from engine.asl.approval_spec import clean_form_data, form_field
from engine.models import TaskRun

from .announce import Change, announce_many, history_notes
from .models import Action, Approval, HumanTask, TaskStatus
from .rules import Person, Refused, check_may_act

APPROVE, REJECT = "approve", "reject"
REJECTED_ERROR = "Approval.Rejected"


def decide(
    task_id: int,
    person: Person,
    decision: str,
    *,
    comment: str = "",
    data: Any = None,
    address: str | None = None,
) -> HumanTask:
    if decision not in (APPROVE, REJECT):
        raise Refused("invalid", "The decision must be 'approve' or 'reject'.", 400)
    with transaction.atomic():
        token = HumanTask.objects.filter(id=task_id).values_list("token", flat=True).first()
        list(TaskRun.objects.select_for_update().filter(token=token))
        task = HumanTask.objects.select_for_update().filter(id=task_id).first()
        if task is None:
            raise Refused("not_found", "No such task.", 404)
        check_may_act(task, person)
        if decision == REJECT:
            return _reject(task, person, comment, address)
        return _approve(task, person, comment, _clean(task, data), address)


def _clean(task: HumanTask, data: Any) -> dict[str, Any]:
    fields = tuple(form_field(f) for f in task.form)
    cleaned, problems = clean_form_data(fields, {} if data is None else data)
    if problems:
        raise Refused("invalid_form", "Some form fields are not valid.", 400, problems)
    return cleaned


def answer_engine(send: Callable[[], None]) -> bool:
    """Send the task's outcome by token; False when the execution no longer waits on it (then
    the trigger of migration 0002 has cancelled the task already)."""
    try:
        send()
    except (callbacks.TaskDoesNotExist, callbacks.TaskTimedOut):
        return False
    return True


def _answer_engine(send: Callable[[], None]) -> None:
    if not answer_engine(send):
        raise Refused("task_ended", "The execution no longer waits on this task.", 409)


def _reject(task: HumanTask, person: Person, comment: str, address: str | None) -> HumanTask:
    cause = comment or f"Rejected by {person.username}."
    _finish(task, TaskStatus.REJECTED, person.username, comment)
    changes = [Change(task, Action.REJECTED, person.username, comment, address)]
    notes = history_notes(changes)
    _answer_engine(lambda: callbacks.send_task_failure(task.token, REJECTED_ERROR, cause, notes))
    announce_many(changes)
    return task


def _approve(
    task: HumanTask, person: Person, comment: str, data: dict[str, Any], address: str | None
) -> HumanTask:
    Approval.objects.create(
        task=task, user=person.username, comment=comment, data=data, at=timezone.now()
    )
    one = Change(task, Action.APPROVED, person.username, comment, address, {"data": data})
    if task.approvals.count() < task.required_approvals:
        # Someone else's turn: the task is free to claim again.
        task.status, task.claimed_by, task.claimed_at = TaskStatus.OPEN, "", None
        task.save(update_fields=["status", "claimed_by", "claimed_at"])
        announce_many([one])
        return task
    task.result = approved_result(task, person.username, comment, data)
    _finish(task, TaskStatus.APPROVED, person.username, comment)
    changes = [one, Change(task, Action.DECIDED, person.username, comment, address)]
    notes = history_notes(changes)
    _answer_engine(lambda: callbacks.send_task_success(task.token, task.result, notes))
    announce_many(changes)
    return task


def _finish(task: HumanTask, status: str, user: str, comment: str) -> None:
    task.status, task.decided_by, task.comment = status, user, comment
    task.decided_at = timezone.now()
    task.save(update_fields=["status", "decided_by", "comment", "decided_at", "result"])


def approved_result(
    task: HumanTask, decided_by: str, comment: str, data: dict[str, Any]
) -> dict[str, Any]:
    """What the Task state continues with (its result, before ResultSelector/ResultPath)."""
    approvals = [
        {"user": a.user, "comment": a.comment, "data": a.data, "at": a.at.isoformat()}
        for a in task.approvals.all()
    ]
    return {
        "decision": "approved",
        "decidedBy": decided_by,
        "comment": comment,
        "data": data,
        "approvals": approvals,
    }
