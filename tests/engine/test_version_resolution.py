"""One resolver for every caller: engine.workflows picks the version an execution starts."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from designer.models import Workflow
from designer.services import publish_version, put_alias, update_workflow
from engine import execution_services, workflows
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, Schedule, Status
from engine.schedule_runs import fire_due_schedules

ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:"


def passing(result: str) -> dict:
    return {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}}


@pytest.fixture
def workflow(db: None) -> Workflow:
    publish_version("resolved", passing("one"))
    publish_version("resolved", passing("two"))
    publish_version("resolved", passing("three"))
    return Workflow.objects.get(name="resolved")


def test_a_name_alone_starts_the_latest_version(workflow: Workflow) -> None:
    assert workflows.resolve_version(workflow).number == 3


def test_a_version_number_starts_that_version(workflow: Workflow) -> None:
    assert workflows.resolve_version(workflow, version=2).number == 2


def test_numbered_narrows_what_a_number_may_name(workflow: Workflow) -> None:
    only_first = workflow.versions.filter(number=1)
    with pytest.raises(workflows.VersionNotFound):
        workflows.resolve_version(workflow, version=2, numbered=only_first)


def test_an_alias_routes_by_its_weights(workflow: Workflow) -> None:
    put_alias(workflow, "canary", [{"version": 1, "weight": 80}, {"version": 3, "weight": 20}])
    rng = random.Random(7)
    picks = Counter(
        workflows.resolve_version(workflow, alias="canary", rng=rng).number for _ in range(500)
    )
    assert set(picks) == {1, 3}
    assert 340 < picks[1] < 460  # 80% of 500, give or take


def test_an_archived_workflow_is_refused(workflow: Workflow) -> None:
    update_workflow(workflow, archived=True)
    with pytest.raises(workflows.WorkflowArchived):
        workflows.resolve_version(workflow)
    with pytest.raises(workflows.WorkflowArchived):
        execution_services.start("resolved")


@pytest.mark.parametrize(
    ("name", "arguments", "refusal"),
    [
        ("nobody", {}, workflows.WorkflowNotFound),
        ("resolved", {"version": 9}, workflows.VersionNotFound),
        ("resolved", {"alias": "missing"}, workflows.AliasNotFound),
    ],
)
def test_unknown_names_are_refused_with_a_domain_exception(
    workflow: Workflow, name: str, arguments: dict, refusal: type[Exception]
) -> None:
    with pytest.raises(refusal):
        execution_services.start(name, **arguments)


def test_a_workflow_without_versions_has_no_version_to_start(db: None) -> None:
    empty = Workflow.objects.create(name="empty")
    with pytest.raises(workflows.VersionNotFound, match="has no version."):
        workflows.resolve_version(empty)


def test_start_records_the_alias_it_routed_by(workflow: Workflow) -> None:
    put_alias(workflow, "live", [{"version": 2, "weight": 100}])
    execution, created = execution_services.start("resolved", alias="live")
    assert created and execution.version.number == 2 and execution.alias == "live"


def test_a_schedule_of_an_archived_workflow_starts_nothing(workflow: Workflow) -> None:
    due = timezone.now() - timedelta(seconds=1)
    schedule = Schedule.objects.create(
        name="nightly", workflow=workflow, cron="0 3 * * *", next_run_at=due
    )
    update_workflow(workflow, archived=True)
    assert fire_due_schedules() == 0
    schedule.refresh_from_db()
    assert schedule.last_error.startswith("WorkflowArchived")


@pytest.mark.django_db(transaction=True)
def test_a_sub_workflow_started_with_an_alias_arn_routes_by_the_alias() -> None:
    publish_version("child", passing("first"))
    publish_version("child", passing("second"))
    child_workflow = Workflow.objects.get(name="child")
    routes = [{"version": 1, "weight": 100}, {"version": 2, "weight": 0}]
    put_alias(child_workflow, "stable", routes)
    parent_definition = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {"StateMachineArn": f"{ARN}child:stable", "Input": {}},
                "OutputPath": "$.Output",
                "End": True,
            }
        },
    }
    parent, _ = start_execution(publish_version("parent", parent_definition), {})
    run_until_ended([parent.id])

    parent.refresh_from_db()
    assert parent.status == Status.SUCCEEDED and parent.output == "first"
    child = Execution.objects.get(parent=parent)
    assert child.version.number == 1 and child.alias == "stable"


@pytest.mark.django_db(transaction=True)
def test_a_sub_workflow_naming_an_unknown_alias_fails_its_task() -> None:
    publish_version("lonely", passing("only"))
    parent_definition = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution",
                "Parameters": {"StateMachineArn": f"{ARN}lonely:nope"},
                "End": True,
            }
        },
    }
    parent, _ = start_execution(publish_version("caller", parent_definition), {})
    run_until_ended([parent.id])

    parent.refresh_from_db()
    assert parent.status == Status.FAILED
    assert parent.error == "StepFunctions.ResourceNotFoundException"
