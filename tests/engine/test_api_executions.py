"""The executions API: start (by version, alias or latest; idempotent; ?wait), list, describe,
history, stop and redrive, as the roles that may and may not."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from rest_framework.test import APIClient

from baton.models import ApiToken
from designer.models import Alias, Workflow
from designer.services import publish_version
from engine import runtime, stops
from engine.executions import start_execution
from engine.models import Execution, Status

ECHO = {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}}
NAP = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 600, "End": True}}}
STEPS = {
    "StartAt": "One",
    "States": {
        "One": {"Type": "Pass", "Next": "Two"},
        "Two": {"Type": "Pass", "Next": "Three"},
        "Three": {"Type": "Pass", "End": True},
    },
}


def client_as(role: str | None) -> APIClient:
    """A program holding a bearer token of a user in `role` (None: no role at all)."""
    user = User.objects.create_user(f"{role or 'nobody'}-{uuid.uuid4().hex[:8]}")
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    _, text = ApiToken.issue(user, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


@pytest.fixture
def viewer(db: None) -> APIClient:
    return client_as("viewer")


@pytest.fixture
def operator(db: None) -> APIClient:
    return client_as("operator")


def workflow(definition: dict[str, Any] = ECHO, name: str | None = None) -> str:
    name = name or f"wf-{uuid.uuid4().hex[:10]}"
    publish_version(name, definition)
    return name


def code_of(response: Any) -> str:
    return response.json()["error"]["code"]


def start(client: APIClient, query: str = "", **body: Any) -> Any:
    return client.post(f"/api/executions/{query}", body, format="json")


# Starting


def test_an_operator_starts_the_latest_version_and_is_told_where_it_is(
    operator: APIClient,
) -> None:
    name = workflow()
    publish_version(name, STEPS)

    response = start(operator, workflow=name, input={"n": 1})

    assert response.status_code == 201
    body = response.json()
    assert response["Location"] == f"/api/executions/{body['id']}/"
    assert (body["workflow"], body["version"], body["status"]) == (name, 2, "RUNNING")
    assert body["input"] == {"n": 1} and body["redrive_count"] == 0


def test_a_viewer_cannot_start_and_an_anonymous_caller_is_not_authenticated(
    viewer: APIClient,
) -> None:
    name = workflow()

    denied = start(viewer, workflow=name)
    anonymous = APIClient().post("/api/executions/", {"workflow": name}, format="json")

    assert (denied.status_code, code_of(denied)) == (403, "permission_denied")
    assert anonymous.status_code == 401
    assert not Execution.objects.filter(workflow__name=name).exists()


def test_a_version_number_or_an_alias_chooses_what_runs(operator: APIClient) -> None:
    name = workflow()
    publish_version(name, STEPS)
    Alias.objects.create(
        workflow=Workflow.objects.get(name=name),
        name="live",
        routes=[{"version": 1, "weight": 100}],
    )

    by_version = start(operator, workflow=name, version=1)
    by_alias = start(operator, workflow=name, alias="live")

    assert by_version.status_code == by_alias.status_code == 201
    assert by_version.json()["version"] == by_alias.json()["version"] == 1


def test_unknown_workflows_versions_and_aliases_are_404(operator: APIClient) -> None:
    name = workflow()

    for body in (
        {"workflow": "nope"},
        {"workflow": name, "version": 9},
        {"workflow": name, "alias": "x"},
    ):
        response = start(operator, **body)
        assert (response.status_code, code_of(response)) == (404, "not_found"), body


def test_an_archived_workflow_starts_nothing(operator: APIClient) -> None:
    name = workflow()
    Workflow.objects.filter(name=name).update(archived_at=timezone.now())

    response = start(operator, workflow=name)

    assert (response.status_code, code_of(response)) == (409, "workflow_archived")
    assert not Execution.objects.filter(workflow__name=name).exists()


def test_a_name_makes_the_start_idempotent(operator: APIClient) -> None:
    name = workflow()

    first = start(operator, workflow=name, name="order-1", input={"id": 1})
    again = start(operator, workflow=name, name="order-1", input={"id": 1})
    other = start(operator, workflow=name, name="order-1", input={"id": 2})

    # The same name and input give back the same execution; another input is a conflict.
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert again["Location"] == first["Location"]
    assert (other.status_code, code_of(other)) == (409, "ExecutionAlreadyExists")


def test_an_input_over_the_payload_limit_is_413(operator: APIClient, settings: Any) -> None:
    settings.BATON_ENGINE = {**settings.BATON_ENGINE, "PAYLOAD_LIMIT_BYTES": 100}
    name = workflow()

    response = start(operator, workflow=name, input={"text": "x" * 200})

    assert (response.status_code, code_of(response)) == (413, "payload_too_large")


def test_bad_json_wrong_types_and_odd_fields_are_400(operator: APIClient) -> None:
    name = workflow()
    cases = [
        operator.post("/api/executions/", "{not json", content_type="application/json"),
        operator.post("/api/executions/", "[1, 2]", content_type="application/json"),
        start(operator, workflow=name, version="two"),
        start(operator, workflow=name, version=2**40),
        start(operator, workflow=name, version=1, alias="live"),
        start(operator, workflow=name, name="has spaces"),
        start(operator, workflow=["not", "a", "name"]),
        start(operator, workflow=name, input={"nul": "a\x00b"}),
        start(operator, "?wait=61", workflow=name),
        start(operator, "?wait=soon", workflow=name),
    ]

    for response in cases:
        assert response.status_code == 400, response.content
        assert set(response.json()["error"]) == {"code", "message", "details"}
    assert not Execution.objects.filter(workflow__name=name).exists()


def test_a_body_that_is_not_json_is_415(operator: APIClient) -> None:
    response = operator.post("/api/executions/", "workflow=x", content_type="text/plain")

    assert response.status_code == 415 and "error" in response.json()


@pytest.mark.django_db(transaction=True)
def test_wait_holds_the_request_until_the_execution_ends(engine: None) -> None:
    operator = client_as("operator")
    name = workflow(STEPS)

    response = start(operator, "?wait=20", workflow=name, input={"n": 7})

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["output"]) == ("SUCCEEDED", {"n": 7})
    assert body["stopped_at"] is not None
    assert response["Location"] == f"/api/executions/{body['id']}/"


def test_wait_answers_202_when_the_execution_is_still_running(operator: APIClient) -> None:
    name = workflow(NAP)

    response = start(operator, "?wait=1", workflow=name)

    assert response.status_code == 202
    assert response.json()["status"] == "RUNNING"
    assert response["Location"] == f"/api/executions/{response.json()['id']}/"


def test_wait_zero_answers_at_once(operator: APIClient) -> None:
    response = start(operator, "?wait=0", workflow=workflow(NAP))

    assert response.status_code == 202


# Listing


def started(name: str, definition: dict[str, Any] = ECHO, *, ago: int, **fields: Any) -> Execution:
    """An execution of workflow `name` that started `ago` minutes ago."""
    version = publish_version(name, definition, reuse_unchanged=True)
    execution, _ = start_execution(version, {}, name=fields.pop("called", None))
    moment = timezone.now() - timedelta(minutes=ago)
    Execution.objects.filter(id=execution.id).update(started_at=moment, **fields)
    return execution


def ids(response: Any) -> list[str]:
    return [item["id"] for item in response.json()["results"]]


def test_the_list_pages_newest_first_by_cursor(viewer: APIClient) -> None:
    name = workflow()
    executions = [started(name, ago=minutes) for minutes in (5, 1, 3, 2, 4)]
    newest_first = [str(executions[i].id) for i in (1, 3, 2, 4, 0)]

    first = viewer.get(f"/api/executions/?workflow={name}&limit=2")
    second = viewer.get(first.json()["next"])
    third = viewer.get(second.json()["next"])

    assert first.status_code == 200
    assert ids(first) + ids(second) + ids(third) == newest_first
    assert third.json()["next"] is None
    assert viewer.get(second.json()["previous"]).json()["results"] == first.json()["results"]
    item = first.json()["results"][0]
    assert set(item) == {
        "id",
        "name",
        "workflow",
        "version",
        "status",
        "started_at",
        "stopped_at",
        "redrive_count",
        "test_run",
    }


def test_the_list_filters_by_workflow_version_status_time_and_name_prefix(
    viewer: APIClient,
) -> None:
    name, other = workflow(), workflow()
    old = started(name, ago=60, called="order-1")
    failed = started(name, ago=30, called="order-2", status=Status.FAILED)
    publish_version(name, STEPS)
    newer = started(name, STEPS, ago=10, called="refund-1")
    started(other, ago=5, called="order-3")

    def listed(query: str) -> set[str]:
        response = viewer.get(f"/api/executions/?workflow={name}&{query}")
        assert response.status_code == 200, response.content
        return set(ids(response))

    after = (timezone.now() - timedelta(minutes=45)).isoformat()
    before = (timezone.now() - timedelta(minutes=20)).isoformat()
    assert listed("") == {str(old.id), str(failed.id), str(newer.id)}
    assert listed("version=2") == {str(newer.id)}
    assert listed("status=FAILED") == {str(failed.id)}
    assert listed("name=order-") == {str(old.id), str(failed.id)}
    assert listed(f"started_after={after}&started_before={before}".replace("+", "%2B")) == {
        str(failed.id)
    }
    assert viewer.get("/api/executions/?name=order-").json()["results"][0]["workflow"] == other


def test_the_list_refuses_bad_filters_and_cursors(viewer: APIClient) -> None:
    for query in ("status=DONE", "version=x", "started_after=yesterday", "cursor=garbage"):
        response = viewer.get(f"/api/executions/?{query}")
        assert response.status_code == 400, query
    assert code_of(viewer.get("/api/executions/?cursor=garbage")) == "invalid_cursor"


# Describing


def test_describe_shows_everything_about_an_execution(viewer: APIClient) -> None:
    parent = started(workflow(), ago=2)
    version = publish_version(workflow(), ECHO)
    child, _ = start_execution(version, {"x": 1}, parent_id=parent.id)

    response = viewer.get(f"/api/executions/{parent.id}/")
    child_view = viewer.get(f"/api/executions/{child.id}/").json()

    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {
        "id",
        "name",
        "workflow",
        "version",
        "status",
        "input",
        "output",
        "error",
        "cause",
        "parent",
        "children",
        "started_at",
        "stopped_at",
        "redrive_count",
    }
    assert body["children"] == [str(child.id)] and body["parent"] is None
    assert child_view["parent"] == str(parent.id) and child_view["input"] == {"x": 1}


def test_unknown_and_malformed_ids_are_404(viewer: APIClient) -> None:
    for execution_id in (uuid.uuid4(), "not-a-uuid", "%00"):
        for suffix in ("", "history/"):
            response = viewer.get(f"/api/executions/{execution_id}/{suffix}")
            assert (response.status_code, code_of(response)) == (404, "not_found")


# History


def test_history_pages_after_an_event_id(viewer: APIClient) -> None:
    execution = started(workflow(STEPS), STEPS, ago=1)
    runtime.advance_one()
    total = execution.events.count()
    assert total >= 6

    first = viewer.get(f"/api/executions/{execution.id}/history/?limit=4")
    rest = viewer.get(first.json()["next"])
    resumed = viewer.get(f"/api/executions/{execution.id}/history/?after=2")

    events = first.json()["events"]
    assert [e["id"] for e in events] == [1, 2, 3, 4]
    assert set(events[0]) == {"id", "type", "previous_event_id", "timestamp", "details"}
    assert events[0]["type"] == "ExecutionStarted"
    assert [e["id"] for e in rest.json()["events"]] == list(range(5, total + 1))
    assert rest.json()["next"] is None
    assert [e["id"] for e in resumed.json()["events"]] == list(range(3, total + 1))


def test_history_refuses_limits_out_of_range(viewer: APIClient) -> None:
    execution = started(workflow(), ago=1)

    for query in ("limit=0", "limit=1001", "after=-1", "after=x"):
        response = viewer.get(f"/api/executions/{execution.id}/history/?{query}")
        assert (response.status_code, code_of(response)) == (400, "invalid"), query


# Stop and redrive


def test_an_operator_stops_a_running_execution_once(operator: APIClient, viewer: APIClient) -> None:
    execution = started(workflow(NAP), NAP, ago=1)
    url = f"/api/executions/{execution.id}/stop/"

    denied = viewer.post(url, {}, format="json")
    stopped = operator.post(url, {"error": "Ops.Stop", "cause": "not needed"}, format="json")
    again = operator.post(url, {}, format="json")

    assert denied.status_code == 403
    assert stopped.status_code == 200
    body = stopped.json()
    assert (body["status"], body["error"], body["cause"]) == ("ABORTED", "Ops.Stop", "not needed")
    assert (again.status_code, code_of(again)) == (409, "not_running")


def test_stop_and_redrive_of_unknown_executions_are_404(operator: APIClient) -> None:
    for action in ("stop", "redrive"):
        response = operator.post(f"/api/executions/{uuid.uuid4()}/{action}/", {}, format="json")
        assert (response.status_code, code_of(response)) == (404, "not_found")


def test_stop_refuses_an_overlong_error(operator: APIClient) -> None:
    execution = started(workflow(NAP), NAP, ago=1)

    response = operator.post(
        f"/api/executions/{execution.id}/stop/", {"error": "E" * 300}, format="json"
    )

    assert (response.status_code, code_of(response)) == (400, "invalid")


def test_an_operator_redrives_a_stopped_execution_but_not_a_running_one(
    operator: APIClient, viewer: APIClient
) -> None:
    execution = started(workflow(NAP), NAP, ago=1)
    runtime.advance_one()
    url = f"/api/executions/{execution.id}/redrive/"

    running = operator.post(url)
    stops.stop_execution(execution.id)
    denied = viewer.post(url)
    redriven = operator.post(url)

    assert (running.status_code, code_of(running)) == (409, "cannot_redrive")
    assert denied.status_code == 403
    assert redriven.status_code == 200
    assert (redriven.json()["status"], redriven.json()["redrive_count"]) == ("RUNNING", 1)


def test_the_schema_describes_the_execution_endpoints(viewer: APIClient) -> None:
    response = viewer.get("/api/schema/?format=json")

    paths = response.json()["paths"]
    assert {"get", "post"} <= set(paths["/api/executions/"])
    assert "/api/executions/{id}/history/" in paths
    start_responses = paths["/api/executions/"]["post"]["responses"]
    assert {"200", "201", "202", "409", "413"} <= set(start_responses)


@pytest.mark.django_db
def test_list_filters_by_the_alias_an_execution_was_started_through() -> None:
    from django.contrib.auth.models import Group, User
    from rest_framework.test import APIClient

    from designer.models import Alias
    from designer.services import publish_version

    version = publish_version(
        "aliased", {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    )
    Alias.objects.create(
        workflow=version.workflow, name="live", routes=[{"version": 1, "weight": 100}]
    )
    user = User.objects.create_user("alias-operator")
    user.groups.add(Group.objects.get_or_create(name="operator")[0])
    client = APIClient(HTTP_HOST="127.0.0.1")
    client.force_authenticate(user)
    by_alias = client.post(
        "/api/executions/", {"workflow": "aliased", "alias": "live"}, format="json"
    )
    direct = client.post("/api/executions/", {"workflow": "aliased"}, format="json")

    listed = client.get("/api/executions/", {"alias": "live"}).json()

    assert by_alias.status_code == direct.status_code == 201
    ids = [row["id"] for row in listed["results"]]
    assert ids == [by_alias.json()["id"]]
