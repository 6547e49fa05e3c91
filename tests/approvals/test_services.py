"""Claim, unclaim, reassign, delegate and comment: who may, and what each leaves behind."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from approvals import decisions, queries, services
from approvals.models import GroupOwner, HumanTask, TaskStatus
from approvals.rules import Refused
from engine.models import Status
from tests.approvals.conftest import approval, ended, person, start, task_of

pytestmark = pytest.mark.usefixtures("engine")


def test_a_claim_holds_the_task_for_one_person_until_they_unclaim(people) -> None:
    task = task_of(start("expense", approval()))
    services.claim(task.id, person(people["bob"]), "10.0.0.7")

    with pytest.raises(Refused) as refused:
        services.claim(task.id, person(people["dave"]))
    assert refused.value.code == "claimed_by_other"
    with pytest.raises(Refused) as refused:
        decisions.decide(task.id, person(people["dave"]), "approve")
    assert refused.value.code == "claimed_by_other"

    services.unclaim(task.id, person(people["bob"]))
    services.claim(task.id, person(people["dave"]))
    entries = list(HumanTask.objects.get(id=task.id).audit.values_list("action", "actor"))
    assert entries[1:] == [("claimed", "bob"), ("unclaimed", "bob"), ("claimed", "dave")]
    assert HumanTask.objects.get(id=task.id).audit.get(action="claimed", actor="bob").address == (
        "10.0.0.7"
    )


def test_an_owner_of_the_group_reassigns_and_a_member_may_not(people) -> None:
    GroupOwner.objects.create(group=Group.objects.get(name="approvers"), user=people["carol"])
    execution = start("expense", approval())
    task = task_of(execution)
    with pytest.raises(Refused) as refused:
        services.reassign(task.id, person(people["bob"]), ["erin"], [])
    assert refused.value.code == "not_allowed"

    assert task.id in set(queries.visible(person(people["carol"])).values_list("id", flat=True))
    services.reassign(task.id, person(people["carol"]), ["erin"], [])

    task.refresh_from_db()
    assert task.assignees == ["erin"] and task.groups == []
    with pytest.raises(Refused):
        decisions.decide(task.id, person(people["bob"]), "approve")
    decisions.decide(task.id, person(people["erin"]), "approve")
    assert ended(execution).status == Status.SUCCEEDED


def test_reassigning_to_someone_unknown_is_refused_by_name(people) -> None:
    task = task_of(start("expense", approval()))
    admin = person(people["bob"])
    admin = type(admin)(admin.username, admin.groups, True, admin.owns)
    with pytest.raises(Refused) as refused:
        services.reassign(task.id, admin, ["zoe"], [])
    assert refused.value.code == "unknown_assignee" and "zoe" in refused.value.message


def test_delegating_hands_the_claimed_task_to_someone_else(people) -> None:
    task = task_of(start("expense", approval()))
    services.claim(task.id, person(people["bob"]))
    services.delegate(task.id, person(people["bob"]), "erin")

    task.refresh_from_db()
    assert task.claimed_by == "erin" and task.status == TaskStatus.CLAIMED
    assert "erin" in task.assignees
    with pytest.raises(Refused) as refused:
        services.delegate(task.id, person(people["erin"]), "alice")
    assert refused.value.code == "self_approval"  # alice asked for it


def test_comments_are_audited_and_need_text(people) -> None:
    task = task_of(start("expense", approval()))
    services.comment(task.id, person(people["alice"]), "Receipt attached")
    with pytest.raises(Refused) as refused:
        services.comment(task.id, person(people["bob"]), "   ")
    assert refused.value.code == "invalid"
    with pytest.raises(Refused) as refused:
        services.comment(task.id, person(people["carol"]), "hello")
    assert refused.value.code == "not_found"
    entry = HumanTask.objects.get(id=task.id).audit.get(action="commented")
    assert (entry.actor, entry.text) == ("alice", "Receipt attached")
