"""Starting an execution from its workflow's page, the executions list, stop and redrive."""

from __future__ import annotations

import pytest
from django.test import Client

from designer.models import WorkflowVersion
from designer.services import put_alias
from engine.executions import start_execution
from engine.models import Execution, Status


def test_an_operator_starts_an_execution_with_an_input_and_is_taken_to_it(
    operator: Client, saga: WorkflowVersion
) -> None:
    form = operator.get("/workflows/saga/start/").content.decode()
    assert "Latest version (v1)" in form
    response = operator.post(
        "/workflows/saga/start/", {"target": "latest", "input": '{"orderId": 7}', "name": "first"}
    )
    execution = Execution.objects.get(name="first")
    assert response["Location"] == f"/executions/{execution.id}/"
    assert (execution.input, execution.version_id) == ({"orderId": 7}, saga.id)
    page = operator.get(response["Location"]).content.decode()
    assert "&quot;orderId&quot;: 7" in page and 'data-status="RUNNING"' in page


def test_a_designer_can_test_run_what_they_draw(designer: Client, saga: WorkflowVersion) -> None:
    response = designer.post("/workflows/saga/start/", {"target": "latest", "input": ""})
    assert response.status_code == 302
    assert Execution.objects.get().input == {}


def test_starting_through_an_alias_records_it(operator: Client, saga: WorkflowVersion) -> None:
    put_alias(saga.workflow, "prod", [{"version": 1, "weight": 100}])
    operator.post("/workflows/saga/start/", {"target": "alias:prod", "input": "{}"})
    assert Execution.objects.get().alias == "prod"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            '{"a": 1,}',
            "The input is not JSON: Expecting property name enclosed in double quotes"
            " at line 1, column 9.",
        ),
        ("NaN", "The input is not JSON: NaN is not a JSON value."),
        ("[" * 300 + "]" * 300, "nested more than 256 levels deep"),
    ],
)
def test_an_input_that_is_not_json_is_refused_with_where(
    operator: Client, saga: WorkflowVersion, text: str, says: str
) -> None:
    response = operator.post("/workflows/saga/start/", {"target": "latest", "input": text})
    assert response.status_code == 200
    assert says in response.content.decode()
    assert text.replace('"', "&quot;") in response.content.decode()  # kept for correcting
    assert not Execution.objects.exists()


def test_a_reused_name_with_another_input_is_refused_on_the_name(
    operator: Client, saga: WorkflowVersion
) -> None:
    start_execution(saga, {"a": 1}, name="once")
    response = operator.post(
        "/workflows/saga/start/", {"target": "latest", "input": '{"a": 2}', "name": "once"}
    )
    assert response.status_code == 200
    assert "already has this name" in response.content.decode()
    assert Execution.objects.count() == 1


def test_an_operator_stops_a_running_execution(operator: Client, saga: WorkflowVersion) -> None:
    execution, _ = start_execution(saga, {})
    page = operator.get(f"/executions/{execution.id}/").content.decode()
    assert 'data-testid="stop-execution"' in page
    operator.post(f"/executions/{execution.id}/stop/")
    execution.refresh_from_db()
    assert execution.status == Status.ABORTED
    again = operator.post(f"/executions/{execution.id}/stop/", follow=True).content.decode()
    assert "already ended (ABORTED)" in again


def test_a_viewer_sees_an_execution_but_cannot_stop_it(
    viewer: Client, saga: WorkflowVersion
) -> None:
    execution, _ = start_execution(saga, {})
    page = viewer.get(f"/executions/{execution.id}/").content.decode()
    assert "stop-execution" not in page and execution.name in page
    assert viewer.post(f"/executions/{execution.id}/stop/").status_code == 403
    execution.refresh_from_db()
    assert execution.status == Status.RUNNING


def test_an_unknown_execution_is_a_404_page(viewer: Client, db: None) -> None:
    for wrong in ("0f0f0f0f-0000-0000-0000-000000000000", "not-a-uuid"):
        assert viewer.get(f"/executions/{wrong}/").status_code == 404


def test_a_test_run_is_marked_as_one_and_its_draft_has_no_version_link(
    viewer: Client, saga: WorkflowVersion
) -> None:
    from engine.testruns import start_test_run

    mocks = {"StateMachines": {"x": {"TestCases": {"t": {}}}}, "MockedResponses": {}}
    draft = start_test_run(saga.definition, mocks)
    page = viewer.get(f"/executions/{draft.id}/").content.decode()
    assert 'data-testid="test-run-badge"' in page and "unsaved draft" in page
    listing = viewer.get("/executions/").content.decode()
    assert listing.count('data-testid="test-run-badge"') == 1
    assert "(unsaved drafts)" not in listing
