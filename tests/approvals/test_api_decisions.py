"""/api/human-tasks/ actions against a real engine: claim and decide end the execution, the
rules' refusals keep their codes, and two approvals sent at once make one decision."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from approvals.models import HumanTask, TaskStatus
from engine.models import Status
from tests.approvals.conftest import WITH_CATCH, approval, ended, start, task_of
from tests.approvals.test_api import make_admin, signed_in

pytestmark = pytest.mark.usefixtures("engine")

URL = "/api/human-tasks/"
FORM = [{"name": "amount", "type": "number", "label": "Amount", "required": True, "max": 1000}]


def post(client: Client, task: HumanTask, action: str, body: Any = None) -> Any:
    return client.post(f"{URL}{task.id}/{action}/", body or {}, content_type="application/json")


def decide(client: Client, task: HumanTask, decision: str = "approve", **more: Any) -> Any:
    return post(client, task, "decide", {"decision": decision, **more})


def refused(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code, error
    return error


def test_bob_claims_and_approves_and_the_execution_ends_with_his_decision(people) -> None:
    execution = start("expense", approval(Form=FORM))
    task = task_of(execution)
    bob = signed_in(people["bob"])

    claimed = post(bob, task, "claim")
    assert claimed.status_code == 200, claimed.content
    assert claimed.json()["status"] == "CLAIMED" and claimed.json()["can"]["unclaim"] is True
    decided = decide(bob, task, comment="fine", data={"amount": "250"})
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "APPROVED" and decided.json()["decided_by"] == "bob"
    assert decided.json()["approvals"][0]["data"] == {"amount": 250}

    execution = ended(execution)
    assert execution.status == Status.SUCCEEDED
    assert execution.output["decision"] == "approved" and execution.output["decidedBy"] == "bob"
    assert execution.output["data"] == {"amount": 250} and execution.output["comment"] == "fine"
    audit = decided.json()["audit"]
    assert [entry["action"] for entry in audit] == ["created", "claimed", "approved", "decided"]
    assert audit[1]["actor"] == "bob" and audit[1]["address"] == "127.0.0.1"


def test_a_refused_decision_is_a_403_saying_why(people) -> None:
    people["alice"].groups.add(*people["bob"].groups.all())
    task = task_of(start("expense", approval()))

    refused(decide(signed_in(people["alice"]), task), 403, "self_approval")
    refused(decide(signed_in(people["carol"]), task), 403, "not_assigned")
    # Carol cannot see it either: claiming it or reading it is a 404.
    refused(post(signed_in(people["carol"]), task, "claim"), 404, "not_found")
    assert HumanTask.objects.get(id=task.id).status == TaskStatus.OPEN


def test_a_second_decision_is_a_409(people) -> None:
    execution = start("expense", approval())
    task = task_of(execution)
    assert decide(signed_in(people["bob"]), task).status_code == 200
    refused(decide(signed_in(people["dave"]), task, "reject"), 409, "already_decided")
    assert ended(execution).status == Status.SUCCEEDED


def test_two_required_approvals_need_two_different_people(people) -> None:
    execution = start("expense", approval(RequiredApprovals=2))
    task = task_of(execution)
    bob = signed_in(people["bob"])

    first = decide(bob, task, comment="one")
    assert first.json()["status"] == "OPEN" and first.json()["approvals_count"] == 1
    refused(decide(bob, task), 409, "already_approved")
    second = decide(signed_in(people["dave"]), task, comment="two")
    assert second.json()["status"] == "APPROVED"
    assert [a["user"] for a in ended(execution).output["approvals"]] == ["bob", "dave"]


def test_invalid_form_data_is_a_400_naming_the_field(people) -> None:
    task = task_of(start("expense", approval(Form=FORM)))
    bob = signed_in(people["bob"])
    error = refused(decide(bob, task, data={"amount": 5000}), 400, "invalid_form")
    assert "amount" in error["details"]
    # The body's own shape is checked before the rules: a decision that is not one.
    assert "decision" in refused(decide(bob, task, "maybe"), 400, "invalid")["details"]
    assert "data" in refused(decide(bob, task, data=[1]), 400, "invalid")["details"]


def test_a_rejection_runs_the_workflows_catch_path(people) -> None:
    execution = start("refund", WITH_CATCH)
    task = task_of(execution)
    rejected = decide(signed_in(people["dave"]), task, "reject", comment="Not this quarter")
    assert rejected.json()["status"] == "REJECTED"
    execution = ended(execution)
    assert execution.status == Status.SUCCEEDED
    assert execution.output == {"undone": "Not this quarter"}


def test_unclaim_reassign_delegate_and_comment(people) -> None:
    task = task_of(start("expense", approval()))
    bob, admin = signed_in(people["bob"]), signed_in(make_admin())

    refused(post(bob, task, "unclaim"), 409, "not_claimed")
    post(bob, task, "claim")
    assert post(bob, task, "unclaim").json()["claimed_by"] == ""
    refused(post(bob, task, "reassign", {"users": ["erin"]}), 403, "not_allowed")
    refused(post(admin, task, "reassign", {"users": ["nobody"]}), 400, "unknown_assignee")
    moved = post(admin, task, "reassign", {"users": ["erin"], "groups": []}).json()
    assert moved["assignees"] == ["erin"] and moved["groups"] == []
    handed = post(signed_in(people["erin"]), task, "delegate", {"to": "dave"}).json()
    assert handed["claimed_by"] == "dave" and "dave" in handed["assignees"]
    commented = post(signed_in(people["dave"]), task, "comments", {"text": "On it"}).json()
    assert commented["audit"][-1]["text"] == "On it"
    refused(post(signed_in(people["dave"]), task, "comments", {"text": "  "}), 400, "invalid")


def press(user: User, task: HumanTask, barrier: threading.Barrier, codes: list[int]) -> None:
    """One approver's request on its own thread, its own client and database connection."""
    client = signed_in(user)
    barrier.wait()
    try:
        codes.append(decide(client, task).status_code)
    finally:
        connection.close()


def test_two_approvals_sent_at_the_same_instant_make_one_decision(people) -> None:
    execution = start("expense", approval())
    task = task_of(execution)
    barrier, codes = threading.Barrier(2), []
    threads = [
        threading.Thread(target=press, args=(people[name], task, barrier, codes))
        for name in ("bob", "dave")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(codes) == [200, 409]
    assert HumanTask.objects.get(id=task.id).approvals.count() == 1
    assert len(ended(execution).output["approvals"]) == 1
