"""The inbox pages with Django's test client: who sees which task, claiming and deciding by
posting the task's page (the execution goes on), refusals shown as messages, an invalid form
kept as typed with each field's error, the bell's count and notifications."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from approvals.models import HumanTask, Notification, TaskStatus
from engine.models import Status
from tests.approvals.conftest import approval, ended, start, task_of, wait_for

pytestmark = pytest.mark.usefixtures("engine")

FORM = [
    {"name": "amount", "type": "number", "label": "Amount", "required": True, "max": 1000},
    {"name": "reason", "type": "textarea", "default": "as agreed"},
    {"name": "account", "type": "choice", "choices": ["travel", "office"]},
    {"name": "tags", "type": "multichoice", "choices": ["q1", "q2"], "default": ["q2"]},
    {"name": "urgent", "type": "boolean"},
    {"name": "paid_on", "type": "date"},
]


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_inbox_lists_a_groups_task_for_its_members_only(people) -> None:
    task = task_of(start("expense", approval(Title="Laptop for Ann")))
    row = f'data-task="{task.id}" data-status="OPEN"'

    assert row in client_of(people["bob"]).get("/inbox/?tab=groups").content.decode()
    assert row not in client_of(people["bob"]).get("/inbox/").content.decode()  # not assigned
    assert row not in client_of(people["carol"]).get("/inbox/?tab=groups").content.decode()
    assert client_of(people["carol"]).get(f"/inbox/{task.id}/").status_code == 404
    assert client_of(people["alice"]).get(f"/inbox/{task.id}/").status_code == 200  # requester
    assert client_of(people["erin"]).get(f"/inbox/{task.id}/").status_code == 404


def test_filters_search_and_sort_are_kept_in_the_query(people) -> None:
    start("expense", approval(Title="Laptop for Ann", Priority="urgent"))
    start("expense", approval(Title="Chair for Bo"))
    task_of(start("travel", approval(Title="Train to Lyon")))
    bob = client_of(people["bob"])
    wait_for(lambda: HumanTask.objects.count() == 3)

    def titles(query: str) -> list[str]:
        page = bob.get(f"/inbox/?tab=groups&{query}")
        return [t.title for t in page.context["page"].object_list]

    assert titles("q=laptop") == ["Laptop for Ann"]
    assert titles("workflow=travel") == ["Train to Lyon"]
    assert titles("priority=urgent") == ["Laptop for Ann"]
    assert titles("sort=priority")[0] == "Laptop for Ann"
    assert titles("requester=alice&sort=created")[0] == "Train to Lyon"
    assert titles("requester=nobody") == []
    assert 'value="laptop"' in bob.get("/inbox/?tab=groups&q=laptop").content.decode()


def test_each_tab_has_its_empty_state(people) -> None:
    carol = client_of(people["carol"])
    for tab, words in [("mine", "Nothing waiting"), ("groups", "nothing to claim")]:
        page = carol.get(f"/inbox/?tab={tab}").content.decode()
        assert words in page and 'data-testid="inbox-empty"' in page
    assert "Nothing overdue" in carol.get("/inbox/?tab=overdue").content.decode()
    assert "Nothing done yet" in carol.get("/inbox/?tab=done").content.decode()


def test_bob_claims_fills_the_form_and_approves_and_the_execution_goes_on(people) -> None:
    execution = start("expense", approval(Form=FORM, Description="Pay **now**"))
    task = task_of(execution)
    bob = client_of(people["bob"])
    page = bob.get(f"/inbox/{task.id}/").content.decode()
    for hook in ('data-testid="claim"', 'data-testid="approve"', 'data-testid="reject"'):
        assert hook in page
    for name in ("amount", "reason", "account", "tags", "urgent", "paid_on", "comment"):
        assert f'name="{name}"' in page

    claimed = bob.post(f"/inbox/{task.id}/claim/", follow=True)
    assert "You have claimed" in messages_of(claimed)[0]
    assert HumanTask.objects.get(id=task.id).claimed_by == "bob"
    form = {"amount": "250", "reason": "Team offsite", "account": "travel", "tags": ["q1", "q2"]}
    form |= {"urgent": "on", "paid_on": "2026-03-01", "comment": "Fine", "decision": "approve"}
    decided = bob.post(f"/inbox/{task.id}/decide/", form, follow=True)

    assert "You approved" in messages_of(decided)[0]
    execution = ended(execution)
    assert execution.status == Status.SUCCEEDED
    assert execution.output["decidedBy"] == "bob" and execution.output["comment"] == "Fine"
    assert execution.output["data"] == {
        "amount": 250,
        "reason": "Team offsite",
        "account": "travel",
        "tags": ["q1", "q2"],
        "urgent": True,
        "paid_on": "2026-03-01",
    }
    audit = HumanTask.objects.get(id=task.id).audit.all()
    assert {entry.address for entry in audit if entry.actor == "bob"} == {"127.0.0.1"}


def test_a_rejection_from_the_page_fails_the_state_with_the_comment(people) -> None:
    execution = start("expense", approval(Form=FORM))
    task = task_of(execution)
    rejected = client_of(people["dave"]).post(
        f"/inbox/{task.id}/decide/", {"decision": "reject", "comment": "Too much"}, follow=True
    )
    assert "You rejected" in messages_of(rejected)[0]
    execution = ended(execution)
    assert execution.status == Status.FAILED and execution.cause == "Too much"


def test_an_invalid_form_keeps_the_input_and_names_each_fields_error(people) -> None:
    task = task_of(start("expense", approval(Form=FORM)))
    answer = client_of(people["bob"]).post(
        f"/inbox/{task.id}/decide/",
        {
            "amount": "5000",
            "reason": "Kept text",
            "tags": ["q1"],
            "comment": "mine",
            "decision": "approve",
        },
    )
    assert answer.status_code == 200  # as Django re-renders an invalid form
    page = answer.content.decode()
    assert 'data-error-for="amount"' in page and "at most 1000" in page
    assert 'value="5000"' in page and ">Kept text</textarea>" in page and ">mine</textarea>" in page
    assert 'value="q1" checked' in page and 'value="q2" checked' not in page
    assert HumanTask.objects.get(id=task.id).status == TaskStatus.OPEN


def test_refused_actions_show_why(people) -> None:
    task = task_of(start("expense", approval(AllowSelfApproval=False, Assignees=["alice"])))
    alice = client_of(people["alice"])
    page = alice.get(f"/inbox/{task.id}/").content.decode()
    assert 'data-testid="approve"' not in page and "request you made yourself" in page

    refused = alice.post(f"/inbox/{task.id}/decide/", {"decision": "approve"}, follow=True)
    assert messages_of(refused) == ["You cannot decide on a request you made yourself."]
    client_of(people["bob"]).post(f"/inbox/{task.id}/claim/")
    taken = client_of(people["dave"]).post(f"/inbox/{task.id}/claim/", follow=True)
    assert messages_of(taken) == ["bob has claimed this task."]
    assert client_of(people["carol"]).post(f"/inbox/{task.id}/claim/").status_code == 404


def test_the_page_shows_the_state_input_the_audit_and_comments(people) -> None:
    execution = start("expense", approval(), value={"amount": 42, "who": "Ann"})
    task = task_of(execution)
    bob = client_of(people["bob"])
    bob.post(f"/inbox/{task.id}/comment/", {"comment": "Asking Ann <b>why</b>"})
    page = bob.get(f"/inbox/{task.id}/").content.decode()
    assert f'href="/executions/{execution.id}/"' in page
    assert "&quot;who&quot;: &quot;Ann&quot;" in page  # the state's input
    assert "Asking Ann &lt;b&gt;why&lt;/b&gt;" in page  # escaped
    assert 'data-action="created"' in page and 'data-action="commented"' in page


def test_the_bell_counts_open_tasks_and_unread_notifications(people) -> None:
    task_of(start("expense", approval()))
    bob = client_of(people["bob"])
    unread = Notification.objects.filter(user=people["bob"], read_at=None).count()
    assert unread == 1
    assert bob.get("/inbox/count/").json() == {"tasks": 1, "unread": 1, "total": 2}
    assert 'data-testid="notification-count">2<' in bob.get("/inbox/").content.decode()

    panel = bob.get("/inbox/notifications/panel/").content.decode()
    assert "New task: Expense" in panel
    assert bob.get("/inbox/count/").json() == {"tasks": 1, "unread": 0, "total": 1}


def test_an_approver_without_a_role_lands_on_the_inbox(people) -> None:
    from django.test import Client

    client = Client()
    client.force_login(people["bob"])
    assert client.get("/")["Location"] == "/inbox/"
    client.force_login(people["alice"])  # an operator
    assert client.get("/")["Location"] == "/workflows/"
