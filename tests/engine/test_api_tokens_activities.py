"""The task-token and activity APIs: workers poll for tasks and answer by token over HTTP."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from baton.models import ApiToken
from designer.services import publish_version
from engine import activities
from engine.models import Activity, TaskRun

ARN = "arn:aws:states:us-east-1:000000000000:activity:"


def client_as(role: str) -> APIClient:
    user = User.objects.create_user(f"{role}-{uuid.uuid4().hex[:8]}")
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


@pytest.fixture
def designer(db: None) -> APIClient:
    return client_as("designer")


@pytest.fixture
def activity(db: None) -> str:
    name = f"act-{uuid.uuid4().hex[:10]}"
    activities.create_activity(name)
    return name


def code_of(response: Any) -> str:
    return response.json()["error"]["code"]


def on_activity(name: str) -> dict[str, Any]:
    task = {"Type": "Task", "Resource": ARN + name, "Next": "Done"}
    done = {"Type": "Pass", "Parameters": {"result.$": "$"}, "End": True}
    return {"StartAt": "Work", "States": {"Work": task, "Done": done}}


def start_on(operator: APIClient, activity: str, value: Any) -> str:
    workflow = f"wf-{uuid.uuid4().hex[:10]}"
    publish_version(workflow, on_activity(activity))
    response = operator.post(
        "/api/executions/", {"workflow": workflow, "input": value}, format="json"
    )
    assert response.status_code == 201
    return response.json()["id"]


def ended(operator: APIClient, execution_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        body = operator.get(f"/api/executions/{execution_id}/").json()
        if body["status"] != "RUNNING":
            return body
        time.sleep(0.05)
    raise AssertionError("the execution did not end")


# Activities


def test_a_designer_creates_activities_idempotently_and_a_viewer_lists_them(
    designer: APIClient, viewer: APIClient
) -> None:
    created = designer.post("/api/activities/", {"name": "pack-orders"}, format="json")
    again = designer.post("/api/activities/", {"name": "pack-orders"}, format="json")
    listed = viewer.get("/api/activities/")

    assert created.status_code == 201 and again.status_code == 200
    assert created.json()["name"] == "pack-orders" and created.json()["created_at"]
    assert [a["name"] for a in listed.json()] == ["pack-orders"]


def test_operators_and_viewers_cannot_create_activities(
    operator: APIClient, viewer: APIClient
) -> None:
    for client in (operator, viewer):
        response = client.post("/api/activities/", {"name": "pack"}, format="json")
        assert (response.status_code, code_of(response)) == (403, "permission_denied")
    assert not Activity.objects.exists()


def test_an_activity_name_follows_the_naming_rule(designer: APIClient) -> None:
    for name in ("", "has space", "x" * 81, None):
        response = designer.post("/api/activities/", {"name": name}, format="json")
        assert (response.status_code, code_of(response)) == (400, "invalid"), name


def test_a_designer_deletes_an_activity_and_unknown_ones_are_404(
    designer: APIClient, viewer: APIClient, activity: str
) -> None:
    denied = viewer.delete(f"/api/activities/{activity}/")
    deleted = designer.delete(f"/api/activities/{activity}/")
    again = designer.delete(f"/api/activities/{activity}/")
    odd = designer.delete("/api/activities/a%00b/")

    assert denied.status_code == 403
    assert deleted.status_code == 204
    assert (again.status_code, code_of(again)) == (404, "ActivityDoesNotExist")
    assert odd.status_code == 404


def test_a_poll_without_tasks_answers_204_after_the_wait(
    operator: APIClient, activity: str
) -> None:
    began = time.monotonic()

    response = operator.get(f"/api/activities/{activity}/tasks/?worker=w1&wait=1")

    assert response.status_code == 204
    assert 0.9 <= time.monotonic() - began < 5


def test_polls_are_refused_for_viewers_unknown_activities_and_long_waits(
    operator: APIClient, viewer: APIClient, activity: str
) -> None:
    denied = viewer.get(f"/api/activities/{activity}/tasks/?wait=0")
    unknown = operator.get("/api/activities/nope/tasks/?wait=0")
    too_long = operator.get(f"/api/activities/{activity}/tasks/?wait=61")

    assert denied.status_code == 403
    assert (unknown.status_code, code_of(unknown)) == (404, "ActivityDoesNotExist")
    assert (too_long.status_code, code_of(too_long)) == (400, "invalid")


# Workers over HTTP, end to end


@pytest.mark.django_db(transaction=True)
def test_a_worker_polls_heartbeats_and_succeeds_by_token(engine: None) -> None:
    operator = client_as("operator")
    activity = f"act-{uuid.uuid4().hex[:10]}"
    activities.create_activity(activity)
    execution_id = start_on(operator, activity, {"n": 21})

    polled = operator.get(f"/api/activities/{activity}/tasks/?worker=packer-1&wait=10")
    assert polled.status_code == 200
    token = polled.json()["token"]
    assert polled.json()["input"] == {"n": 21}
    assert TaskRun.objects.get(token=token).worker == "packer-1"

    beat = operator.post("/api/task-tokens/heartbeat/", {"token": token}, format="json")
    done = operator.post(
        "/api/task-tokens/success/", {"token": token, "output": {"answer": 42}}, format="json"
    )

    assert (beat.status_code, done.status_code) == (204, 204)
    body = ended(operator, execution_id)
    assert (body["status"], body["output"]) == ("SUCCEEDED", {"result": {"answer": 42}})
    # The token is spent now: answering again, or beating, is too late.
    late = operator.post("/api/task-tokens/success/", {"token": token, "output": 1}, format="json")
    late_beat = operator.post("/api/task-tokens/heartbeat/", {"token": token}, format="json")
    assert (late.status_code, code_of(late)) == (409, "TaskTimedOut")
    assert (late_beat.status_code, code_of(late_beat)) == (409, "TaskTimedOut")


@pytest.mark.django_db(transaction=True)
def test_a_worker_failure_fails_the_execution_with_its_error_and_cause(engine: None) -> None:
    operator = client_as("operator")
    activity = f"act-{uuid.uuid4().hex[:10]}"
    activities.create_activity(activity)
    execution_id = start_on(operator, activity, {})

    token = operator.get(f"/api/activities/{activity}/tasks/?wait=10").json()["token"]
    failed = operator.post(
        "/api/task-tokens/failure/",
        {"token": token, "error": "Printer.OutOfPaper", "cause": "tray 2 is empty"},
        format="json",
    )

    assert failed.status_code == 204
    body = ended(operator, execution_id)
    assert (body["status"], body["error"], body["cause"]) == (
        "FAILED",
        "Printer.OutOfPaper",
        "tray 2 is empty",
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_defaults_to_the_callers_username(engine: None) -> None:
    operator = client_as("operator")
    activity = f"act-{uuid.uuid4().hex[:10]}"
    activities.create_activity(activity)
    start_on(operator, activity, {})

    token = operator.get(f"/api/activities/{activity}/tasks/?wait=10").json()["token"]

    assert TaskRun.objects.get(token=token).worker.startswith("operator-")


# Task tokens: errors


def test_unknown_tokens_are_404_task_does_not_exist(operator: APIClient) -> None:
    cases = {
        "success": {"token": "nope", "output": {}},
        "failure": {"token": f"{uuid.uuid4()}.secret"},
        "heartbeat": {"token": "nope"},
    }
    for action, body in cases.items():
        response = operator.post(f"/api/task-tokens/{action}/", body, format="json")
        assert (response.status_code, code_of(response)) == (404, "TaskDoesNotExist"), action


def test_viewers_cannot_answer_tasks(viewer: APIClient) -> None:
    for action in ("success", "failure", "heartbeat"):
        response = viewer.post(
            f"/api/task-tokens/{action}/", {"token": "t", "output": 1}, format="json"
        )
        assert (response.status_code, code_of(response)) == (403, "permission_denied")


def test_designers_answer_tasks_as_operators_do(designer: APIClient) -> None:
    # Roles are cumulative: a designer test-running a workflow answers its callbacks.
    response = designer.post(
        "/api/task-tokens/success/", {"token": "t", "output": 1}, format="json"
    )
    assert (response.status_code, code_of(response)) == (404, "TaskDoesNotExist")


def test_token_bodies_are_validated(operator: APIClient) -> None:
    cases = [
        ("success", {"token": "t"}),  # no output
        ("success", {"output": 1}),  # no token
        ("failure", {"token": "t", "error": "E" * 257}),
        ("heartbeat", {"token": "t" * 1025}),
        ("heartbeat", {"token": 5 * [1]}),
    ]
    for action, body in cases:
        response = operator.post(f"/api/task-tokens/{action}/", body, format="json")
        assert (response.status_code, code_of(response)) == (400, "invalid"), body


def test_an_output_over_the_payload_limit_is_413(operator: APIClient, settings: Any) -> None:
    settings.BATON_ENGINE = {**settings.BATON_ENGINE, "PAYLOAD_LIMIT_BYTES": 100}

    response = operator.post(
        "/api/task-tokens/success/", {"token": "t", "output": "x" * 200}, format="json"
    )

    assert (response.status_code, code_of(response)) == (413, "payload_too_large")


def test_a_body_past_the_upload_limit_is_413(operator: APIClient, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = operator.post(
        "/api/task-tokens/success/", {"token": "t", "output": "x" * 2000}, format="json"
    )

    assert (response.status_code, code_of(response)) == (413, "payload_too_large")
