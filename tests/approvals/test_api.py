"""/api/human-tasks/ lists and details: who sees what, the views, filters, sorts and cursor
pages, and the task in full. Tasks here are rows made directly on a waiting execution; the
decisions through the engine are in test_api_decisions.py."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from approvals.models import AuditEntry, GroupOwner, HumanTask, TaskStatus
from baton.models import ApiToken
from engine.models import Execution
from tests.approvals.conftest import start

URL = "/api/human-tasks/"
WAIT = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}}
tokens = count()


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_admin() -> User:
    root = User.objects.create_user("root", "root@example.org", "pw")
    root.groups.add(Group.objects.get_or_create(name="admin")[0])
    return root


def make_task(execution: Execution, **fields: Any) -> HumanTask:
    values: dict[str, Any] = {
        "token": f"token-{next(tokens)}",
        "execution": execution,
        "task_key": "k",
        "state": "Approve",
        "workflow": execution.workflow.name,
        "requested_by": "alice",
        "title": "Expense",
        "groups": ["approvers"],
        "created_at": timezone.now(),
    }
    return HumanTask.objects.create(**{**values, **fields})


@pytest.fixture
def waiting(people: dict[str, User]) -> Execution:
    return start("listing", WAIT)


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    return response.json()["error"]


def test_bob_sees_his_groups_tasks_and_carol_sees_none(people, waiting) -> None:
    ours = make_task(waiting)
    make_task(waiting, groups=["managers"])

    assert ids(signed_in(people["bob"]).get(URL)) == [ours.id]
    assert ids(signed_in(people["carol"]).get(URL)) == []
    # The requester sees what she asked for, without a role that would show her anything else.
    assert len(ids(signed_in(people["alice"]).get(URL))) == 2


def test_view_all_is_every_task_for_an_admin_and_what_one_may_see_for_others(
    people, waiting
) -> None:
    theirs = make_task(waiting, groups=["managers"], requested_by="erin")
    ours = make_task(waiting)

    assert ids(signed_in(make_admin()).get(URL, {"view": "all"})) == [ours.id, theirs.id]
    assert ids(signed_in(people["bob"]).get(URL, {"view": "all"})) == [ours.id]


def test_the_views_split_mine_my_groups_and_done(people, waiting) -> None:
    claimable = make_task(waiting)
    claimed = make_task(waiting, status=TaskStatus.CLAIMED, claimed_by="bob")
    named = make_task(waiting, assignees=["bob"], groups=[])
    done = make_task(waiting, status=TaskStatus.APPROVED, decided_by="dave")
    bob = signed_in(people["bob"])

    assert ids(bob.get(URL, {"view": "mine"})) == [named.id, claimed.id]
    assert ids(bob.get(URL, {"view": "groups"})) == [claimable.id]
    assert ids(bob.get(URL, {"view": "done"})) == [done.id]


def test_overdue_lists_open_tasks_past_their_due_time(people, waiting) -> None:
    late = make_task(waiting, due_at=timezone.now() - timedelta(hours=1))
    make_task(waiting, due_at=timezone.now() + timedelta(hours=1))
    assert ids(signed_in(people["dave"]).get(URL, {"view": "overdue"})) == [late.id]


def test_filters_narrow_the_list(people, waiting) -> None:
    other = start("other-flow", WAIT)
    urgent = make_task(waiting, title="Laptop for Erin", priority="urgent", priority_rank=3)
    rejected = make_task(waiting, status=TaskStatus.REJECTED, requested_by="erin")
    elsewhere = make_task(other, title="Travel")
    bob = signed_in(people["bob"])

    assert ids(bob.get(URL, {"status": "REJECTED"})) == [rejected.id]
    assert ids(bob.get(URL, {"workflow": "other-flow"})) == [elsewhere.id]
    assert ids(bob.get(URL, {"execution": str(other.id)})) == [elsewhere.id]
    assert ids(bob.get(URL, {"search": "laptop"})) == [urgent.id]
    assert ids(bob.get(URL, {"priority": "urgent"})) == [urgent.id]
    assert ids(bob.get(URL, {"requested_by": "erin"})) == [rejected.id]


def test_a_list_item_has_the_fields_the_inbox_shows(people, waiting) -> None:
    task = make_task(waiting, assignees=["dave"], required_approvals=2)
    item = signed_in(people["bob"]).get(URL).json()["results"][0]
    assert item["id"] == task.id and item["status"] == "OPEN"
    assert item["execution"] == str(waiting.id) and item["workflow"] == "listing"
    assert item["assignees"] == ["dave"] and item["groups"] == ["approvers"]
    assert item["required_approvals"] == 2 and item["approvals_count"] == 0
    assert item["url"] == f"/inbox/{task.id}/"
    assert {"state", "claimed_by", "requested_by", "priority", "created_at", "due_at"} <= set(item)
    assert "deadline_at" in item


@pytest.mark.parametrize("sort", ["-created", "created", "due", "-due", "priority"])
def test_cursor_pages_walk_every_task_once_in_order(people, waiting, sort: str) -> None:
    now = timezone.now()
    for n in range(7):
        due = now + timedelta(hours=n) if n % 2 else None  # ties among the ones without
        make_task(waiting, due_at=due, priority_rank=n % 3, created_at=now - timedelta(minutes=n))
    bob = signed_in(people["bob"])
    whole = ids(bob.get(URL, {"sort": sort, "limit": 100}))

    seen, link = [], f"{URL}?sort={sort}&limit=3"
    while link:
        page = bob.get(link)
        seen += ids(page)
        link = page.json()["next"]
    assert seen == whole and len(seen) == 7


def test_due_sorts_tasks_without_a_due_time_last_both_ways(people, waiting) -> None:
    now = timezone.now()
    soon = make_task(waiting, due_at=now + timedelta(hours=1))
    never = make_task(waiting)
    later = make_task(waiting, due_at=now + timedelta(hours=2))
    bob = signed_in(people["bob"])
    assert ids(bob.get(URL, {"sort": "due"})) == [soon.id, later.id, never.id]
    assert ids(bob.get(URL, {"sort": "-due"})) == [later.id, soon.id, never.id]


def test_a_made_up_or_foreign_cursor_is_a_400(people, waiting) -> None:
    for _ in range(3):
        make_task(waiting)
    bob = signed_in(people["bob"])
    assert error(bob.get(URL, {"cursor": "made-up"}), 400)["code"] == "invalid_cursor"
    link = bob.get(URL, {"limit": 1, "sort": "priority"}).json()["next"]
    cursor = parse_qs(urlsplit(link).query)["cursor"][0]
    foreign = bob.get(URL, {"sort": "due", "cursor": cursor})
    assert error(foreign, 400)["code"] == "invalid_cursor"


def test_a_bad_query_is_a_400_naming_the_parameter(people) -> None:
    bob = signed_in(people["bob"])
    assert "view" in error(bob.get(URL, {"view": "everything"}), 400)["details"]
    assert "execution" in error(bob.get(URL, {"execution": "nope"}), 400)["details"]
    assert "limit" in error(bob.get(URL, {"limit": 0}), 400)["details"]


def test_anonymous_requests_are_a_401_in_the_error_shape(people, waiting) -> None:
    task = make_task(waiting)
    assert error(Client().get(URL), 401)["code"] == "not_authenticated"
    assert error(Client().post(f"{URL}{task.id}/claim/"), 401)["code"]


def test_a_bearer_token_works_as_the_session_does(people, waiting) -> None:
    task = make_task(waiting)
    _, text = ApiToken.issue(people["bob"], "cli")
    client = Client(headers={"Authorization": f"Bearer {text}"})
    assert ids(client.get(URL)) == [task.id]
    claimed = client.post(f"{URL}{task.id}/claim/", content_type="application/json")
    assert claimed.status_code == 200 and claimed.json()["claimed_by"] == "bob"


def test_the_detail_is_a_404_for_someone_who_may_not_see_the_task(people, waiting) -> None:
    task = make_task(waiting)
    assert error(signed_in(people["carol"]).get(f"{URL}{task.id}/"), 404)["code"] == "not_found"
    assert error(signed_in(people["carol"]).get(f"{URL}999999/"), 404)["code"] == "not_found"
    assert error(signed_in(people["carol"]).get(f"{URL}{2**70}/"), 404)["code"] == "not_found"


def test_the_detail_has_the_rendered_description_form_audit_and_abilities(people, waiting) -> None:
    form = [{"name": "amount", "type": "number", "required": True}]
    description = "**Pay** <script>x()</script> [it](javascript:x()) [docs](https://e.org)"
    task = make_task(waiting, description=description, form=form)
    AuditEntry.objects.create(task=task, action="created", at=timezone.now(), text="new")

    found = signed_in(people["bob"]).get(f"{URL}{task.id}/").json()

    assert found["description"] == description
    html = found["description_html"]
    assert "<strong>Pay</strong>" in html and "&lt;script&gt;" in html
    assert 'href="https://e.org"' in html and 'href="javascript' not in html
    assert found["form"] == form and found["approvals"] == []
    assert found["audit"][0]["action"] == "created" and found["audit"][0]["text"] == "new"
    assert found["can"] == {"claim": True, "decide": True, "unclaim": False, "reassign": False}
    assert {"result", "comment", "decided_by", "decided_at"} <= set(found)


def test_abilities_follow_the_rules_for_each_person(people, waiting) -> None:
    task = make_task(waiting, status=TaskStatus.CLAIMED, claimed_by="bob")
    GroupOwner.objects.create(group=Group.objects.get(name="approvers"), user=people["dave"])

    def can(user: User) -> dict[str, bool]:
        return signed_in(user).get(f"{URL}{task.id}/").json()["can"]

    assert can(people["bob"]) == {
        "claim": False,
        "decide": True,
        "unclaim": True,
        "reassign": False,
    }
    # dave is in the group but bob holds the task; dave owns the group, so may reassign it.
    assert can(people["dave"]) == {
        "claim": False,
        "decide": False,
        "unclaim": False,
        "reassign": True,
    }
    assert can(people["alice"])["decide"] is False  # her own request
    assert can(make_admin()) == {"claim": False, "decide": False, "unclaim": True, "reassign": True}


def test_a_session_post_needs_the_csrf_token(people, waiting) -> None:
    task = make_task(waiting)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["bob"])
    refused = client.post(f"{URL}{task.id}/claim/", content_type="application/json")
    assert error(refused, 403)["code"] == "permission_denied"
    assert HumanTask.objects.get(id=task.id).claimed_by == ""
