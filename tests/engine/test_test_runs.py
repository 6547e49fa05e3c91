"""POST /api/test-runs/: a draft definition run by the real engine with every Task answered from
a Step Functions Local mock configuration file; nothing real is ever called."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from baton import function
from designer.models import UNSAVED_DRAFTS, Workflow, WorkflowVersion
from designer.services import publish_version
from engine import tasks
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, ExecutionMocks, Status
from tests.engine.testrun_client import client_as, finished, start_run

pytestmark = pytest.mark.django_db(transaction=True)

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
CALLS: list[Any] = []


@function("test-runs-charge")
def charge(payload: Any) -> Any:
    CALLS.append(payload)
    return {"charged": "for real"}


@pytest.fixture(autouse=True)
def no_calls_yet() -> None:
    CALLS.clear()


@pytest.fixture
def designer() -> APIClient:
    return client_as("designer")


def charging(**task: Any) -> dict[str, Any]:
    """A Task calling the recording function, then Done."""
    state = {"Type": "Task", "Resource": ARN + "test-runs-charge", "Next": "Done", **task}
    return {"StartAt": "Charge", "States": {"Charge": state, "Done": {"Type": "Succeed"}}}


def mock_file(*answers: dict[str, Any], machine: str = "Shop", state: str = "Charge") -> dict:
    """One machine, one test case `Main` mocking `state` with `answers` for invocations 0, 1…"""
    return {
        "StateMachines": {machine: {"TestCases": {"Main": {state: "ChargeMock"}}}},
        "MockedResponses": {"ChargeMock": {str(n): answer for n, answer in enumerate(answers)}},
    }


def test_a_mocked_task_returns_its_mock_and_the_function_is_never_called(
    designer: APIClient,
) -> None:
    response = start_run(
        designer,
        definition=charging(ResultPath="$.charge"),
        input={"order": 7},
        mocks=mock_file({"Return": {"charged": "mocked"}}),
    )
    execution = finished(response)

    # Started as a test run, answered like POST /api/executions/
    assert response.json()["test_run"] is True
    assert response.json()["version"] is None
    assert response["Location"] == f"/api/executions/{execution.id}/"
    # It ran through the engine and ended with the mocked result
    assert execution.status == Status.SUCCEEDED
    assert execution.output == {"order": 7, "charge": {"charged": "mocked"}}
    # The registered function the Task names was never called
    assert CALLS == []
    # The history reads like a real run's
    types = list(execution.events.values_list("type", flat=True))
    assert types[:5] == [
        "ExecutionStarted",
        "TaskStateEntered",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
    ]


def test_a_throw_then_a_return_is_retried_as_the_retrier_says(designer: APIClient) -> None:
    definition = charging(
        Retry=[{"ErrorEquals": ["Card.Busy"], "IntervalSeconds": 1, "MaxAttempts": 2}]
    )
    mocks = mock_file(
        {"Throw": {"Error": "Card.Busy", "Cause": "try again"}}, {"Return": {"ok": True}}
    )

    execution = finished(start_run(designer, definition=definition, mocks=mocks))

    # Invocation 0 threw, the retrier waited, invocation 1 returned
    assert execution.status == Status.SUCCEEDED
    assert execution.output == {"ok": True}
    failed = execution.events.get(type="LambdaFunctionFailed")
    assert (failed.details["error"], failed.details["cause"]) == ("Card.Busy", "try again")
    assert execution.events.filter(type="LambdaFunctionScheduled").count() == 2
    assert CALLS == []


def test_a_task_the_test_case_does_not_mock_fails_the_execution_naming_it(
    designer: APIClient,
) -> None:
    definition = charging()
    definition["States"]["Charge"]["Next"] = "Ship"
    definition["States"]["Ship"] = {
        "Type": "Task",
        "Resource": ARN + "test-runs-charge",
        "Next": "Done",
    }

    execution = finished(
        start_run(designer, definition=definition, mocks=mock_file({"Return": {}}))
    )

    # The unmocked Task fails the execution instead of calling anything
    assert execution.status == Status.FAILED
    assert execution.error == "Baton.TestRun.NoMock"
    assert "'Ship'" in execution.cause and "'Main'" in execution.cause
    assert CALLS == []


def test_an_invocation_past_the_last_answer_fails_rather_than_repeat_it(
    designer: APIClient,
) -> None:
    definition = charging(Retry=[{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1}])
    mocks = mock_file({"Throw": {"Error": "Card.Busy", "Cause": "again"}})

    execution = finished(start_run(designer, definition=definition, mocks=mocks))

    # Invocation 0 threw; the retry is invocation 1, which has no answer
    assert execution.status == Status.FAILED
    assert execution.error == "Baton.TestRun.NoMock"
    assert "invocation 1" in execution.cause and "'ChargeMock'" in execution.cause


def test_a_malformed_mock_file_is_refused_saying_where(designer: APIClient) -> None:
    mocks = {
        "StateMachines": {"Shop": {"TestCases": {"Main": {"Charge": "Missing"}}}},
        "MockedResponses": {
            "ChargeMock": {"0": {"Return": 1, "Throw": {"Error": "E"}}, "2": {"Return": 2}},
        },
    }
    before = (Execution.objects.count(), WorkflowVersion.everything.count())

    response = start_run(designer, definition=charging(), mocks=mocks)

    # 400 with every problem located by a JSON pointer into the file
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_mocks"
    located = {(d["code"], d["location"]) for d in error["details"]["diagnostics"]}
    assert located == {
        ("invalid_answer", "/MockedResponses/ChargeMock/0"),
        ("missing_invocation", "/MockedResponses/ChargeMock/2"),
        ("unknown_response", "/StateMachines/Shop/TestCases/Main/Charge"),
    }
    # Nothing was kept
    assert (Execution.objects.count(), WorkflowVersion.everything.count()) == before


def test_a_test_case_naming_a_state_the_definition_lacks_is_refused(designer: APIClient) -> None:
    before = WorkflowVersion.everything.count()

    response = start_run(
        designer, definition=charging(), mocks=mock_file({"Return": {}}, state="Charj")
    )

    # A typo in the test case would otherwise leave the real Task unmocked
    assert response.status_code == 400
    diagnostic = response.json()["error"]["details"]["diagnostics"][0]
    assert diagnostic["location"] == "/StateMachines/Shop/TestCases/Main/Charj"
    # The draft saved before the check went with the refusal
    assert WorkflowVersion.everything.count() == before


def test_several_test_cases_need_one_named(designer: APIClient) -> None:
    mocks = mock_file({"Return": {}})
    mocks["StateMachines"]["Shop"]["TestCases"]["Other"] = {"Charge": "ChargeMock"}

    unnamed = start_run(designer, definition=charging(), mocks=mocks)
    named = start_run(designer, definition=charging(), mocks=mocks, test_case="Other")

    # Without test_case: 400 listing the choices
    assert unnamed.status_code == 400
    assert unnamed.json()["error"]["details"]["choices"] == ["Main", "Other"]
    # With it, the run starts with that test case
    assert named.status_code == 201
    assert ExecutionMocks.objects.get(execution_id=named.json()["id"]).test_case == "Other"


def test_the_machine_entry_named_like_the_workflow_is_chosen(designer: APIClient) -> None:
    publish_version("shop", charging())
    mocks = mock_file({"Return": {"from": "shop"}}, machine="shop")
    mocks["StateMachines"]["other"] = copy.deepcopy(mocks["StateMachines"]["shop"])

    execution = finished(start_run(designer, workflow="shop", definition=charging(), mocks=mocks))

    # Of two StateMachines entries, the workflow's own
    assert ExecutionMocks.objects.get(execution=execution).machine == "shop"
    assert execution.output == {"from": "shop"}


def test_a_test_run_moves_no_version_number_and_is_in_no_version_list(
    designer: APIClient,
) -> None:
    published = publish_version("orders", charging())
    draft = charging(ResultPath="$.changed")

    response = start_run(
        designer, workflow="orders", definition=draft, mocks=mock_file({"Return": {}})
    )
    versions = designer.get("/api/workflows/orders/versions/").json()
    following = publish_version("orders", charging(ResultPath=None))

    # The draft is kept for the execution, but is no version of the workflow
    execution = Execution.objects.get(id=response.json()["id"])
    assert execution.workflow == published.workflow
    assert execution.version.is_test_draft and execution.version.definition == draft
    assert [v["number"] for v in versions] == [1]
    assert published.workflow.latest_version() == following
    assert following.number == 2


def test_executions_can_be_listed_with_or_without_test_runs(designer: APIClient) -> None:
    real, _ = start_execution(publish_version("orders", charging()), {})
    test = start_run(
        designer, workflow="orders", definition=charging(), mocks=mock_file({"Return": {}})
    )

    def listed(query: str = "") -> set[str]:
        return {row["id"] for row in designer.get(f"/api/executions/{query}").json()["results"]}

    # By default both, each saying whether it is a test run
    assert listed() == {str(real.id), test.json()["id"]}
    # ?test_run= keeps one kind
    assert listed("?test_run=true") == {test.json()["id"]}
    assert listed("?test_run=false") == {str(real.id)}


def test_a_new_draft_needs_no_workflow(designer: APIClient) -> None:
    execution = finished(
        start_run(designer, definition=charging(), mocks=mock_file({"Return": {"new": True}}))
    )

    # It runs under a hidden workflow that no list or lookup by name shows
    assert execution.status == Status.SUCCEEDED
    assert execution.workflow.name == UNSAVED_DRAFTS
    assert not Workflow.objects.filter(name=UNSAVED_DRAFTS).exists()
    assert designer.get("/api/workflows/").json() == []


def test_an_unknown_workflow_is_not_found(designer: APIClient) -> None:
    response = start_run(
        designer, workflow="nope", definition=charging(), mocks=mock_file({"Return": {}})
    )

    assert response.status_code == 404


def test_only_designers_and_admins_may_start_a_test_run() -> None:
    body = {"definition": charging(), "mocks": mock_file({"Return": {}})}

    answers = {
        role: start_run(client_as(role), **body).status_code
        for role in ("viewer", "operator", "designer", "admin")
    }

    # The designer's capability; roles are cumulative
    assert answers == {"viewer": 403, "operator": 403, "designer": 201, "admin": 201}


def test_a_test_run_that_lost_its_mocks_fails_rather_than_call_anything() -> None:
    version = publish_version("orders", charging())
    execution, _ = start_execution(version, {}, test_run=True)  # no ExecutionMocks row

    run_until_ended([execution.id])
    execution.refresh_from_db()

    # The engine refuses to run it at all: it fails alone, nothing is called
    assert execution.status == Status.FAILED
    assert execution.error == "States.Runtime"
    assert CALLS == []


def test_retention_deletes_old_test_drafts_once_no_execution_runs_them(
    designer: APIClient,
) -> None:
    kept = start_run(designer, definition=charging(), mocks=mock_file({"Return": {}}))
    gone = start_run(designer, definition=charging(Comment="x"), mocks=mock_file({"Return": {}}))
    Execution.objects.filter(id=gone.json()["id"]).update(
        status=Status.SUCCEEDED, stopped_at=timezone.now() - timedelta(days=100)
    )
    WorkflowVersion.everything.update(created_at=timezone.now() - timedelta(days=100))

    tasks.sweep_retention()

    # The ended execution went, and with it its draft; the running one keeps its own
    drafts = WorkflowVersion.everything.filter(is_test_draft=True)
    assert list(drafts) == [Execution.objects.get(id=kept.json()["id"]).version]
