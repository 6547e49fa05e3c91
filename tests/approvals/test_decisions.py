"""Deciding: approve continues the state with the decision; reject fails it with
Approval.Rejected, which Catch routes; the rules on who may decide, and how often."""

from __future__ import annotations

import threading

import pytest

from approvals import decisions, services
from approvals.models import HumanTask, TaskStatus
from approvals.rules import Refused
from engine.models import Status
from tests.approvals.conftest import WITH_CATCH, approval, ended, person, start, task_of

pytestmark = pytest.mark.usefixtures("engine")

FORM = [
    {"name": "amount", "type": "number", "label": "Amount", "required": True, "max": 1000},
    {"name": "reason", "type": "text"},
]


def test_an_approval_continues_the_execution_with_the_decision_and_form(people) -> None:
    execution = start("expense", approval(Form=FORM))
    task = task_of(execution)
    assert task.status == TaskStatus.OPEN and task.requested_by == "alice"

    services.claim(task.id, person(people["bob"]))
    decisions.decide(
        task.id, person(people["bob"]), "approve", comment="fine", data={"amount": "250"}
    )

    execution = ended(execution)
    assert execution.status == Status.SUCCEEDED
    assert execution.output["decision"] == "approved"
    assert execution.output["decidedBy"] == "bob"
    assert execution.output["data"] == {"amount": 250}
    assert [a["user"] for a in execution.output["approvals"]] == ["bob"]
    types = list(execution.events.order_by("event_id").values_list("type", flat=True))
    assert types[types.index("TaskScheduled") :] == [
        "TaskScheduled",
        "TaskStarted",
        "HumanTaskCreated",
        "HumanTaskClaimed",
        "HumanTaskApproved",
        "HumanTaskDecided",
        "TaskSucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
    ]
    audit = list(HumanTask.objects.get(id=task.id).audit.values_list("action", flat=True))
    assert audit == ["created", "claimed", "approved", "decided"]


def test_a_rejection_is_caught_and_runs_the_compensation_path(people) -> None:
    execution = start("refund", WITH_CATCH)
    task = task_of(execution)

    decisions.decide(task.id, person(people["dave"]), "reject", comment="Not this quarter")

    execution = ended(execution)
    assert execution.status == Status.SUCCEEDED
    assert execution.output["undone"] == "Not this quarter"
    assert HumanTask.objects.get(id=task.id).status == TaskStatus.REJECTED


def test_a_form_value_out_of_bounds_is_refused_naming_the_field(people) -> None:
    task = task_of(start("expense", approval(Form=FORM)))
    with pytest.raises(Refused) as refused:
        decisions.decide(task.id, person(people["bob"]), "approve", data={"amount": 5000})
    assert refused.value.code == "invalid_form" and "amount" in refused.value.details


def test_the_requester_cannot_approve_their_own_request(people) -> None:
    people["alice"].groups.add(*people["bob"].groups.all())
    task = task_of(start("expense", approval()))
    with pytest.raises(Refused) as refused:
        decisions.decide(task.id, person(people["alice"]), "approve")
    assert refused.value.code == "self_approval"


def test_self_approval_is_allowed_when_the_definition_says_so(people) -> None:
    people["alice"].groups.add(*people["bob"].groups.all())
    execution = start("expense", approval(AllowSelfApproval=True))
    decisions.decide(task_of(execution).id, person(people["alice"]), "approve")
    assert ended(execution).status == Status.SUCCEEDED


def test_an_outsider_can_neither_claim_nor_decide(people) -> None:
    task = task_of(start("expense", approval()))
    with pytest.raises(Refused) as refused:
        decisions.decide(task.id, person(people["carol"]), "approve")
    assert refused.value.code == "not_assigned"
    with pytest.raises(Refused) as refused:
        services.claim(task.id, person(people["carol"]))
    assert refused.value.code == "not_found"  # she cannot even see it


def test_two_required_approvals_need_two_different_people(people) -> None:
    execution = start("expense", approval(RequiredApprovals=2))
    task = task_of(execution)

    decisions.decide(task.id, person(people["bob"]), "approve", comment="one")
    with pytest.raises(Refused) as refused:
        decisions.decide(task.id, person(people["bob"]), "approve", comment="again")
    assert refused.value.code == "already_approved"
    assert HumanTask.objects.get(id=task.id).status == TaskStatus.OPEN

    decisions.decide(task.id, person(people["dave"]), "approve", comment="two")
    execution = ended(execution)
    assert [a["user"] for a in execution.output["approvals"]] == ["bob", "dave"]


def test_two_people_approving_at_the_same_instant_make_one_decision(people) -> None:
    execution = start("expense", approval())
    task = task_of(execution)
    barrier, outcomes = threading.Barrier(2), []

    def press(name: str) -> None:
        from django.db import connection

        barrier.wait()
        try:
            decisions.decide(task.id, person(people[name]), "approve")
            outcomes.append("decided")
        except Refused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(n,)) for n in ("bob", "dave")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already_decided", "decided"]
    assert len(ended(execution).output["approvals"]) == 1
