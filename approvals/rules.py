"""Who may do what to a human task: the refusals share their codes with the API (403/409)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from baton.api.permissions import ADMIN, capabilities_of

from .models import HumanTask, TaskStatus


class Refused(Exception):
    """An action a rule forbids: `code` is stable (not_assigned, self_approval, …)."""

    def __init__(self, code: str, message: str, status: int = 403, details: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details


@dataclass(frozen=True)
class Person:
    """A user as the rules see them: a name, group names, whether they are an admin, and the
    groups they own (GroupOwner: they may see and reassign those groups' tasks)."""

    username: str
    groups: frozenset[str]
    is_admin: bool = False
    owns: frozenset[str] = frozenset()

    @classmethod
    def of(cls, user: Any) -> Person:
        """Read once per request (the page, its bell and its filters all ask)."""
        known = getattr(user, "_approvals_person", None)
        if known is not None:
            return known
        groups = frozenset(user.groups.values_list("name", flat=True))
        owns = frozenset(user.owned_groups.values_list("group__name", flat=True))
        person = cls(user.get_username(), groups, ADMIN in capabilities_of(user), owns)
        user._approvals_person = person
        return person


def is_eligible(task: HumanTask, person: Person) -> bool:
    """An assignee, or a member of an assigned group: may claim and decide."""
    return person.username in task.assignees or bool(person.groups & set(task.groups))


def may_see(task: HumanTask, person: Person) -> bool:
    involved = {task.requested_by, task.claimed_by, task.decided_by}
    approvers = {approval.user for approval in task.approvals.all()}
    return (
        person.is_admin
        or is_eligible(task, person)
        or bool(person.owns & set(task.groups))
        or person.username in involved | approvers
    )


def check_open(task: HumanTask) -> None:
    if task.status not in (TaskStatus.OPEN, TaskStatus.CLAIMED, TaskStatus.ESCALATED):
        raise Refused(
            "already_decided", f"This task is {task.status.lower().replace('_', ' ')}.", 409
        )


def check_may_act(task: HumanTask, person: Person) -> None:
    """Claim or decide: open, eligible, not one's own request, not approved already."""
    check_open(task)
    if not is_eligible(task, person):
        raise Refused("not_assigned", "You are not an assignee of this task or in its groups.")
    if task.requested_by == person.username and not task.allow_self_approval:
        raise Refused("self_approval", "You cannot decide on a request you made yourself.")
    if task.approvals.filter(user=person.username).exists():
        raise Refused("already_approved", "You have approved this task already.", 409)
    if task.claimed_by and task.claimed_by != person.username:
        raise Refused("claimed_by_other", f"{task.claimed_by} has claimed this task.", 409)


def check_may_reassign(task: HumanTask, person: Person) -> None:
    """Admins, and owners of one of the task's groups (GroupOwner)."""
    check_open(task)
    if not person.is_admin and not person.owns & set(task.groups):
        raise Refused(
            "not_allowed", "Only admins and the owners of the task's groups can reassign it."
        )
