"""Approvals fixtures: the people (alice asks; bob and dave approve; erin is a manager the
task escalates to; carol is outside every group), and helpers that start a workflow as
someone and wait for what the engine does."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from approvals.models import HumanTask
from approvals.rules import Person
from designer.services import publish_version
from engine.executions import start_execution
from engine.models import Execution

PASSWORD = "pw-for-approvals-1"


@pytest.fixture
def people(transactional_db: None) -> dict[str, User]:
    approvers = Group.objects.create(name="approvers")
    managers = Group.objects.create(name="managers")
    operator = Group.objects.get_or_create(name="operator")[0]
    found = {}
    for name in ("alice", "bob", "dave", "erin", "carol"):
        found[name] = User.objects.create_user(name, f"{name}@example.org", PASSWORD)
    found["alice"].groups.add(operator)
    found["bob"].groups.add(approvers)
    found["dave"].groups.add(approvers)
    found["erin"].groups.add(managers)
    return found


def person(user: User) -> Person:
    return Person.of(user)


def start(name: str, definition: dict[str, Any], value: Any = None, by: str = "alice") -> Execution:
    version = publish_version(name, definition)
    execution, _ = start_execution(version, value or {}, started_by=by)
    return execution


def wait_for(check: Callable[[], Any], seconds: float = 15.0) -> Any:
    """Poll until `check()` is truthy; its value. The engine runs on its own thread."""
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {check.__doc__ or check}")


def task_of(execution: Execution, status: str | None = None) -> HumanTask:
    def found() -> HumanTask | None:
        tasks = HumanTask.objects.filter(execution=execution).order_by("-id")
        if status:
            tasks = tasks.filter(status=status)
        return tasks.first()

    return wait_for(found)


def ended(execution: Execution) -> Execution:
    def check() -> Execution | None:
        execution.refresh_from_db()
        return execution if execution.status != "RUNNING" else None

    return wait_for(check)


# A refund whose rejection a Catch routes to a compensation path (Undo).
WITH_CATCH = {
    "StartAt": "Approve",
    "States": {
        "Approve": {
            "Type": "Task",
            "Resource": "baton:approval",
            "Parameters": {"Title": "Refund", "Groups": ["approvers"]},
            "Catch": [
                {"ErrorEquals": ["Approval.Rejected"], "ResultPath": "$.why", "Next": "Undo"}
            ],
            "Next": "Pay",
        },
        "Pay": {"Type": "Pass", "Result": "paid", "End": True},
        "Undo": {"Type": "Pass", "Parameters": {"undone.$": "$.why.Cause"}, "End": True},
    },
}


def approval(**parameters: Any) -> dict[str, Any]:
    """A one-state workflow: the approval, its output the decision."""
    return {
        "StartAt": "Approve",
        "States": {
            "Approve": {
                "Type": "Task",
                "Resource": "baton:approval",
                "Parameters": {"Title": "Expense", "Groups": ["approvers"], **parameters},
                "End": True,
            }
        },
    }
