"""The bootstrapped expense-approval example: one approver up to 1,000, two above it, paid once
approved; a rejection or a week without a decision runs the compensation path."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from approvals import decisions
from approvals.models import HumanTask, TaskStatus
from approvals.rules import Person, Refused
from designer.examples import definition, expense, load_examples
from engine import alarms
from engine.asl.validate import validate
from engine.models import Execution, Status
from tests.approvals.conftest import ended, person, start, task_of

pytestmark = pytest.mark.usefixtures("engine", "finance")

WORKFLOW = "expense-approval"


@pytest.fixture
def finance(people: dict[str, User]) -> Group:
    """The group the example escalates to: without it the task fails to open."""
    return Group.objects.get_or_create(name="finance")[0]


def submit(amount: float, by: str = "alice") -> Execution:
    value = expense("EXP-7", "Alice Example", amount, "Conference hotel")
    return start(WORKFLOW, definition(WORKFLOW), value, by=by)


def approve(task: HumanTask, who: Person, amount: float, centre: str = "Sales") -> None:
    data = {"approvedAmount": amount, "costCentre": centre}
    decisions.decide(task.id, who, "approve", comment="ok", data=data)


def entered(execution: Execution) -> list[str]:
    events = execution.events.filter(type__endswith="StateEntered").order_by("event_id")
    return [event.details["name"] for event in events]


def test_the_example_is_a_valid_definition() -> None:
    assert [d for d in validate(definition(WORKFLOW)) if d.severity == "error"] == []


def test_loading_the_examples_lets_the_admin_approve_the_sample_expense(
    people: dict[str, User],
) -> None:
    admin = User.objects.create_superuser("admin", "admin@localhost", "pw-admin-1")
    load_examples()
    # The groups the example names exist, and the admin can work the sample's task
    assert Group.objects.filter(name__in=["approvers", "finance"]).count() == 2
    assert admin.groups.filter(name="approvers").exists()
    sample = Execution.objects.get(name="sample-expense-train-tickets")
    task = task_of(sample)
    assert task.requested_by == "" and task.required_approvals == 1

    approve(task, Person.of(admin), 420.5, "Engineering")

    sample = ended(sample)
    assert sample.status == Status.SUCCEEDED
    assert sample.output["status"] == "PAID" and sample.output["approvedBy"] == ["admin"]


def test_a_small_expense_needs_one_approval_and_is_paid(people: dict[str, User]) -> None:
    execution = submit(250)
    task = task_of(execution)
    # The task as the definition describes it
    assert task.title == "Expense EXP-7 for Alice Example"
    assert "**Alice Example** asks for **250 EUR**" in task.description
    assert task.required_approvals == 1 and task.groups == ["approvers"]
    assert task.reminder == {"AfterSeconds": 3600, "EverySeconds": 86400, "MaxCount": 3}
    assert task.escalation["To"]["Groups"] == ["finance"]
    assert [field["name"] for field in task.form] == ["approvedAmount", "costCentre", "note"]

    approve(task, person(people["bob"]), 200)

    execution = ended(execution)
    assert execution.status == Status.SUCCEEDED
    output = execution.output
    assert output["status"] == "PAID" and output["amount"] == 200.0
    assert output["costCentre"] == "Sales" and output["approvedBy"] == ["bob"]
    assert output["paymentId"].startswith("pay_")


def test_a_large_expense_needs_two_different_approvers(people: dict[str, User]) -> None:
    people["alice"].groups.add(Group.objects.get(name="approvers"))  # an approver herself
    execution = submit(2500)
    task = task_of(execution)
    assert task.required_approvals == 2 and task.priority == "high"

    approve(task, person(people["bob"]), 2500)
    # One approval is not enough, the same person twice is refused, and so is the requester
    assert HumanTask.objects.get(id=task.id).status == TaskStatus.OPEN
    for who, code in (("bob", "already_approved"), ("alice", "self_approval")):
        with pytest.raises(Refused) as refused:
            approve(task, person(people[who]), 2500)
        assert refused.value.code == code
    approve(task, person(people["dave"]), 2000, "Operations")

    execution = ended(execution)
    assert execution.status == Status.SUCCEEDED
    # Neither approver meant more than the smaller amount
    assert execution.output["amount"] == 2000.0
    assert execution.output["approvedBy"] == ["bob", "dave"]


def test_a_rejected_expense_notifies_the_employee_and_fails(people: dict[str, User]) -> None:
    execution = submit(250)
    task = task_of(execution)

    decisions.decide(task.id, person(people["bob"]), "reject", comment="no receipt")

    execution = ended(execution)
    assert execution.status == Status.FAILED
    assert execution.error == "ExpenseRejected"
    assert execution.cause == (
        "Expense EXP-7 of 250 EUR for Alice Example was rejected: no receipt"
    )
    assert entered(execution)[-3:] == ["NotifyEmployee", "RejectedOrExpired", "Rejected"]
    assert "Pay" not in entered(execution)


def test_an_undecided_expense_is_reminded_escalated_and_expires(people: dict[str, User]) -> None:
    execution = submit(250)
    task = task_of(execution)

    # A week later, by the task's own alarms: reminded, escalated to finance, then expired
    alarms.fire_due(task.deadline_at + timedelta(seconds=1))

    execution = ended(execution)
    assert execution.status == Status.FAILED
    assert execution.error == "ExpenseExpired"
    assert "expired: no one decided in time" in execution.cause
    task.refresh_from_db()
    assert task.status == TaskStatus.TIMED_OUT and task.groups == ["finance"]
    actions: list[Any] = list(task.audit.values_list("action", flat=True))
    assert actions == ["created", "reminded", "escalated", "timed_out"]
