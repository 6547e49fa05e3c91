"""What a person may see: the inbox's views and the API's lists, as querysets.

Visibility is assignment: an assignee, a member of an assigned group, whoever claimed, decided
or approved it, the requester, and admins. The array columns' GIN indexes make "mine" and
"my groups" index scans (bench W9).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import OPEN_STATUSES, Approval, HumanTask
from .rules import Person

VIEWS = ("mine", "groups", "overdue", "done", "all")


def mine(person: Person) -> Q:
    return Q(assignees__contains=[person.username]) | Q(claimed_by=person.username)


def my_groups(person: Person) -> Q:
    return Q(groups__overlap=sorted(person.groups)) if person.groups else Q(pk__in=[])


def involved(person: Person) -> Q:
    approved = Approval.objects.filter(task=OuterRef("pk"), user=person.username)
    owned = Q(groups__overlap=sorted(person.owns)) if person.owns else Q(pk__in=[])
    return (
        mine(person)
        | my_groups(person)
        | owned
        | Q(requested_by=person.username)
        | Q(decided_by=person.username)
        | Q(Exists(approved))
    )


def everything(person: Person) -> Q:
    """All a person may see (admins: every task)."""
    return Q() if person.is_admin else involved(person)


def visible(person: Person) -> QuerySet[HumanTask]:
    return HumanTask.objects.filter(everything(person))


def view_filter(person: Person, view: str) -> Q:
    """mine: assigned to me or claimed by me, open; groups: my groups', unclaimed;
    overdue: open past its due time; done: decided, by me or anyone on what I see;
    all: everything (admins)."""
    if view == "all":
        return everything(person)
    is_open = Q(status__in=OPEN_STATUSES)
    if view == "mine":
        return is_open & mine(person)
    if view == "groups":
        return is_open & my_groups(person) & Q(claimed_by="")
    if view == "overdue":
        return is_open & Q(due_at__lt=timezone.now()) & (mine(person) | my_groups(person))
    return everything(person) & ~is_open


def in_view(person: Person, view: str) -> QuerySet[HumanTask]:
    return HumanTask.objects.filter(view_filter(person, view))


def open_count(person: Person) -> int:
    """The bell's task number: open tasks mine or my groups' (unclaimed)."""
    claimable = my_groups(person) & Q(claimed_by="")
    return HumanTask.objects.filter(
        Q(status__in=OPEN_STATUSES) & (mine(person) | claimable)
    ).count()
