"""What happens around a task's change: the audit entry and in-app notifications (in the
change's transaction), then, once it commits, the execution's history, e-mail, the webhook
and the live inbox. Batched, so 10,000 reminders are a handful of statements (bench W9)."""

from __future__ import annotations

import logging
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from engine import broadcast, runtime

from . import delivery
from .models import Action, AuditEntry, HumanTask, Notification

log = logging.getLogger(__name__)

# The execution's history names each action as a Task event (Runner.task_note).
HISTORY_EVENTS = {
    Action.CREATED: "HumanTaskCreated",
    Action.CLAIMED: "HumanTaskClaimed",
    Action.UNCLAIMED: "HumanTaskUnclaimed",
    Action.REASSIGNED: "HumanTaskReassigned",
    Action.DELEGATED: "HumanTaskDelegated",
    Action.REMINDED: "HumanTaskReminded",
    Action.ESCALATED: "HumanTaskEscalated",
    Action.APPROVED: "HumanTaskApproved",
    Action.DECIDED: "HumanTaskDecided",
    Action.REJECTED: "HumanTaskDecided",
    Action.TIMED_OUT: "HumanTaskTimedOut",
}
# Who hears of it, besides the audit trail: "targets" (who may act now) or "requester".
AUDIENCE = {
    Action.CREATED: "targets",
    Action.REMINDED: "targets",
    Action.ESCALATED: "targets",
    Action.REASSIGNED: "targets",
    Action.DELEGATED: "targets",
    Action.DECIDED: "requester",
    Action.REJECTED: "requester",
    Action.TIMED_OUT: "requester",
}
TEXTS = {
    Action.CREATED: "New task: {title}",
    Action.REMINDED: "Reminder: {title} is waiting for you",
    Action.ESCALATED: "Escalated to you: {title}",
    Action.REASSIGNED: "Assigned to you: {title}",
    Action.DELEGATED: "Delegated to you: {title}",
    Action.DECIDED: "Approved: {title}",
    Action.REJECTED: "Rejected: {title}",
    Action.TIMED_OUT: "Timed out: {title}",
}


@dataclass
class Change:
    task: HumanTask
    action: str
    actor: str = ""
    text: str = ""
    address: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    # True when its history event travels with the task's outcome (history_notes) instead
    in_outcome: bool = False


def announce(change: Change) -> None:
    announce_many([change])


def announce_many(changes: list[Change], *, history_later: bool = False) -> None:
    """Inside the transaction that made the changes.

    Their history events are written once it commits, by the caller's thread (a person's
    request: their next action, say a decision after a claim, finds the claim written), or,
    with `history_later`, on a background thread (the engine's alarm loop must not wait on
    executions' locks)."""
    if not changes:
        return
    now = timezone.now()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            task=c.task,
            action=c.action,
            actor=c.actor,
            address=c.address,
            at=now,
            text=c.text,
            details=c.details,
        )
        for c in changes
    )
    told = recipients_of(changes)
    Notification.objects.bulk_create(
        Notification(user=user, task=c.task, kind=c.action, text=_text(c)[:400], created_at=now)
        for c in changes
        for user in told[id(c)]
        if user.get_username() != c.actor
    )
    mails = [(c.task, c.action, c.actor, c.text, told[id(c)]) for c in changes if told[id(c)]]
    transaction.on_commit(lambda: _after_commit(changes, mails, history_later))


def recipients_of(changes: list[Change]) -> dict[int, list[Any]]:
    """Who hears of each change (keyed by id(change)): three queries for any number."""
    people = _People(changes)
    return {id(c): people.audience(c) for c in changes}


class _People:
    """The users and group members the changes name, fetched once."""

    def __init__(self, changes: list[Change]) -> None:
        names: set[str] = set()
        groups: set[str] = set()
        for change in changes:
            task = change.task
            names |= {*task.assignees, task.claimed_by, task.requested_by} - {""}
            groups |= set(task.groups)
        users = get_user_model().objects.filter(is_active=True)
        self.by_name = {u.get_username(): u for u in users.filter(username__in=names)}
        self.members: dict[str, list[Any]] = defaultdict(list)
        for user in users.filter(groups__name__in=groups).annotate(group=F("groups__name")):
            self.members[user.group].append(user)

    def audience(self, change: Change) -> list[Any]:
        task, kind = change.task, AUDIENCE.get(change.action)
        if kind == "requester":
            return [u for u in [self.by_name.get(task.requested_by)] if u is not None]
        if kind != "targets":
            return []
        if task.claimed_by:
            found = [self.by_name.get(task.claimed_by)]
        else:
            found = [self.by_name.get(name) for name in task.assignees]
            found += [u for group in task.groups for u in self.members.get(group, [])]
        unique = {u.pk: u for u in found if u is not None}
        return [
            u
            for u in unique.values()
            if u.get_username() != task.requested_by or task.allow_self_approval
        ]


def _text(change: Change) -> str:
    return TEXTS.get(change.action, "{title}: " + change.action).format(title=change.task.title)


def _after_commit(changes: list[Change], mails: list[Any], history_later: bool) -> None:
    broadcast.sender().put([live_change(c) for c in changes])
    delivery.deliver(mails, [webhook_event(c) for c in changes])
    notes: dict[tuple[Any, str], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for change in changes:
        if (kind := HISTORY_EVENTS.get(change.action)) is not None and not change.in_outcome:
            task = change.task
            notes[(task.execution_id, task.task_key)].append((kind, history_details(change)))
    if notes and history_later:
        _history.submit(_write_history, notes)
    elif notes:
        _write_history(notes, close=False)


_history = ThreadPoolExecutor(max_workers=1, thread_name_prefix="baton-approvals-history")


def _write_history(
    notes: dict[tuple[Any, str], list[tuple[str, dict[str, Any]]]], close: bool = True
) -> None:
    from django.db import connection

    try:
        for (execution_id, key), events in notes.items():
            try:
                runtime.record_task_notes(execution_id, key, events)
            except Exception:  # noqa: BLE001 - the audit trail has it; the history is a copy
                log.exception("approvals: history of %s not written", execution_id)
    finally:
        if close:  # the background thread's own connection
            connection.close()


def flush_history(timeout: float = 10.0) -> None:
    """Wait until the history notes queued so far are written (for tests)."""
    _history.submit(lambda: None).result(timeout)


def history_notes(changes: list[Change]) -> list[dict[str, Any]]:
    """The changes' history events, to send with the task's outcome (engine/callbacks.py):
    then they are written before the engine moves on, however soon it does."""
    for change in changes:
        change.in_outcome = True
    return [
        {"type": HISTORY_EVENTS[c.action], "details": history_details(c)}
        for c in changes
        if c.action in HISTORY_EVENTS
    ]


def history_details(change: Change) -> dict[str, Any]:
    task = change.task
    details: dict[str, Any] = {"humanTask": task.id, "status": task.status}
    if change.actor:
        details["user"] = change.actor
    if change.text:
        details["comment"] = change.text
    if change.action in (Action.CREATED, Action.REASSIGNED, Action.ESCALATED):
        details.update(assignees=task.assignees, groups=task.groups)
    return details


def live_change(change: Change) -> dict[str, Any]:
    """For the inbox's sockets (consumers.InboxConsumer): who may care, and what changed."""
    task = change.task
    people = {*task.assignees, task.requested_by, task.claimed_by, change.actor} - {""}
    return {
        "human_task": task.id,
        "status": task.status,
        "action": change.action,
        "people": sorted(people),
        "groups": task.groups,
    }


def webhook_event(change: Change) -> dict[str, Any]:
    task = change.task
    return {
        "event": f"task.{change.action}",
        "workflow": task.workflow,
        "task": {
            "id": task.id,
            "title": task.title,
            "status": task.status,
            "execution": str(task.execution_id),
            "state": task.state,
            "assignees": task.assignees,
            "groups": task.groups,
            "due_at": task.due_at.isoformat() if task.due_at else None,
        },
        "actor": change.actor,
        "comment": change.text,
        "at": timezone.now().isoformat(),
    }
