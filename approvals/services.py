"""Claim, unclaim, reassign, delegate and comment: each under the task's row lock, audited.
Deciding is decisions.py; what a person may see and list is queries.py."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .announce import Change, announce
from .models import Action, HumanTask, TaskStatus
from .rules import Person, Refused, check_may_act, check_may_reassign, check_open, may_see


def _locked(task_id: int, person: Person, change: Callable[[HumanTask], Change]) -> HumanTask:
    with transaction.atomic():
        task = HumanTask.objects.select_for_update().filter(id=task_id).first()
        if task is None or not may_see(task, person):
            raise Refused("not_found", "No such task.", 404)
        announce(change(task))
        return task


def claim(task_id: int, person: Person, address: str | None = None) -> HumanTask:
    def change(task: HumanTask) -> Change:
        if task.claimed_by == person.username:
            return Change(task, Action.CLAIMED, person.username, "again", address)
        check_may_act(task, person)
        task.status, task.claimed_by, task.claimed_at = (
            TaskStatus.CLAIMED,
            person.username,
            timezone.now(),
        )
        task.save(update_fields=["status", "claimed_by", "claimed_at"])
        return Change(task, Action.CLAIMED, person.username, "", address)

    return _locked(task_id, person, change)


def unclaim(task_id: int, person: Person, address: str | None = None) -> HumanTask:
    def change(task: HumanTask) -> Change:
        check_open(task)
        if not task.claimed_by:
            raise Refused("not_claimed", "Nobody has claimed this task.", 409)
        if task.claimed_by != person.username and not person.is_admin:
            raise Refused("claimed_by_other", f"{task.claimed_by} has claimed this task.", 409)
        released = task.claimed_by
        task.status = TaskStatus.ESCALATED if task.escalated_at else TaskStatus.OPEN
        task.claimed_by, task.claimed_at = "", None
        task.save(update_fields=["status", "claimed_by", "claimed_at"])
        return Change(task, Action.UNCLAIMED, person.username, "", address, {"was": released})

    return _locked(task_id, person, change)


def reassign(
    task_id: int,
    person: Person,
    users: list[str],
    groups: list[str],
    address: str | None = None,
) -> HumanTask:
    """Admins and the owners of one of the task's groups: new assignees, claim released."""
    _check_known(users, groups)
    if not users and not groups:
        raise Refused("invalid", "Name at least one user or group to assign the task to.", 400)

    def change(task: HumanTask) -> Change:
        check_may_reassign(task, person)
        before = {"assignees": task.assignees, "groups": task.groups}
        task.assignees, task.groups = users, groups
        task.claimed_by, task.claimed_at = "", None
        task.status = TaskStatus.ESCALATED if task.escalated_at else TaskStatus.OPEN
        task.save(update_fields=["assignees", "groups", "claimed_by", "claimed_at", "status"])
        return Change(task, Action.REASSIGNED, person.username, "", address, {"before": before})

    return _locked(task_id, person, change)


def delegate(task_id: int, person: Person, to: str, address: str | None = None) -> HumanTask:
    """The one who claimed a task (or an assignee) hands it to someone else, who holds it."""
    _check_known([to], [])

    def change(task: HumanTask) -> Change:
        check_may_act(task, person)
        if to == task.requested_by and not task.allow_self_approval:
            raise Refused("self_approval", f"{to} made this request and cannot decide it.")
        task.assignees = sorted({*task.assignees, to})
        task.status, task.claimed_by, task.claimed_at = TaskStatus.CLAIMED, to, timezone.now()
        task.save(update_fields=["assignees", "status", "claimed_by", "claimed_at"])
        return Change(task, Action.DELEGATED, person.username, "", address, {"to": to})

    return _locked(task_id, person, change)


def comment(task_id: int, person: Person, text: str, address: str | None = None) -> HumanTask:
    text = text.strip()
    if not text:
        raise Refused("invalid", "A comment needs some text.", 400)
    return _locked(
        task_id, person, lambda task: Change(task, Action.COMMENTED, person.username, text, address)
    )


def _check_known(users: list[str], groups: list[str]) -> None:
    known = get_user_model().objects.filter(username__in=users).values_list("username", flat=True)
    missing = [f"no user '{u}'" for u in sorted(set(users) - set(known))]
    found = Group.objects.filter(name__in=groups).values_list("name", flat=True)
    missing += [f"no group '{g}'" for g in sorted(set(groups) - set(found))]
    if missing:
        raise Refused("unknown_assignee", "; ".join(missing).capitalize() + ".", 400)
