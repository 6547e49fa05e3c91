"""Reminders, escalations and deadlines: the engine's alarms (engine/alarms.py) call these.

Each handler takes the due task ids and `now`, changes what is still open, and answers when
its alarm fires next (None: done). They run in the transaction that holds the alarms, so a
reminder is recorded once, whichever engine fires it, and survives restarts.
Lock order, as everywhere in approvals: task run, then human task.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F

from engine import alarms, callbacks
from engine.asl import errors
from engine.models import TaskRun

from .announce import Change, announce_many, history_notes
from .decisions import answer_engine, approved_result
from .models import OPEN_STATUSES, Action, HumanTask, TaskStatus

REMINDER = "approval.reminder"
ESCALATION = "approval.escalation"
DEADLINE = "approval.deadline"


def register_alarms() -> None:
    alarms.register(REMINDER, send_reminders)
    alarms.register(ESCALATION, escalate)
    alarms.register(DEADLINE, expire)


def _open_tasks(ids: list[str]) -> list[HumanTask]:
    return list(
        HumanTask.objects.select_for_update(of=("self",))
        .filter(id__in=[int(i) for i in ids], status__in=OPEN_STATUSES)
        .order_by("id")
    )


def send_reminders(ids: list[str], now: datetime) -> dict[str, datetime | None]:
    tasks = _open_tasks(ids)
    answer: dict[str, datetime | None] = {}
    for task in tasks:
        task.reminders_sent += 1
        answer[str(task.id)] = _next_reminder(task, now)
    # One UPDATE, not bulk_update's CASE per row (bench W9): the rows are locked already.
    HumanTask.objects.filter(id__in=[t.id for t in tasks]).update(
        reminders_sent=F("reminders_sent") + 1
    )
    reminded = [Change(t, Action.REMINDED, text=f"Reminder {t.reminders_sent}") for t in tasks]
    announce_many(reminded, history_later=True)
    return answer


def _next_reminder(task: HumanTask, now: datetime) -> datetime | None:
    spec = task.reminder or {}
    every, most = spec.get("EverySeconds"), spec.get("MaxCount")
    if not every or (most is not None and task.reminders_sent >= most):
        return None
    return now + timedelta(seconds=every)


def escalate(ids: list[str], now: datetime) -> dict[str, datetime | None]:
    """Hand the task to the escalation's users and groups; a claim is released."""
    changes = []
    for task in _open_tasks(ids):
        target = (task.escalation or {}).get("To", {})
        before = {"assignees": task.assignees, "groups": task.groups, "claimed_by": task.claimed_by}
        task.assignees, task.groups = list(target.get("Users", [])), list(target.get("Groups", []))
        task.status, task.claimed_by, task.claimed_at = TaskStatus.ESCALATED, "", None
        task.escalated_at = now
        task.save(
            update_fields=[
                "assignees",
                "groups",
                "status",
                "claimed_by",
                "claimed_at",
                "escalated_at",
            ]
        )
        changes.append(Change(task, Action.ESCALATED, details={"before": before}))
    announce_many(changes, history_later=True)
    return {}


def expire(ids: list[str], now: datetime) -> dict[str, datetime | None]:
    """The state's TimeoutSeconds ran out: OnTimeout fails, approves or rejects the task."""
    tokens = HumanTask.objects.filter(id__in=[int(i) for i in ids]).values_list("token", flat=True)
    list(TaskRun.objects.select_for_update().filter(token__in=list(tokens)).order_by("id"))
    changes = [_expire(task, now) for task in _open_tasks(ids)]
    announce_many(changes, history_later=True)
    return {}


def _expire(task: HumanTask, now: datetime) -> Change:
    task.decided_at = now
    seconds = (task.deadline_at - task.created_at).total_seconds() if task.deadline_at else 0
    why = f"No decision within TimeoutSeconds ({seconds:g} s)."
    if task.on_timeout == "Approve":
        task.status, task.comment, action = TaskStatus.APPROVED, why, Action.DECIDED
        task.result = approved_result(task, decided_by="", comment=why, data={})
    elif task.on_timeout == "Reject":
        task.status, task.comment, action = TaskStatus.REJECTED, why, Action.REJECTED
    else:
        task.status, action = TaskStatus.TIMED_OUT, Action.TIMED_OUT
    task.save(update_fields=["status", "comment", "result", "decided_at"])
    change = Change(task, action, text=why)
    notes = history_notes([change])
    if task.status == TaskStatus.APPROVED:
        answer_engine(lambda: callbacks.send_task_success(task.token, task.result, notes))
    else:
        error = errors.TIMEOUT if action == Action.TIMED_OUT else "Approval.Rejected"
        answer_engine(lambda: callbacks.send_task_failure(task.token, error, why, notes))
    return change
