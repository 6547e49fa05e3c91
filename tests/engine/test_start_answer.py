"""A start's answer is exactly what describing the execution answers, byte for byte, and the
lean start path costs few queries: one to find the workflow and version, then the insert."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from baton.models import ApiToken
from designer.models import Workflow
from designer.services import publish_version, put_alias

ECHO = {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}}


@pytest.fixture
def operator(db: None) -> APIClient:
    user = User.objects.create_user(f"operator-{uuid.uuid4().hex[:8]}")
    user.groups.add(Group.objects.get_or_create(name="operator")[0])
    _, text = ApiToken.issue(user, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


@pytest.fixture
def workflow(db: None) -> str:
    publish_version("answered", ECHO)
    publish_version("answered", ECHO)
    return "answered"


def described(client: APIClient, response: Any) -> bytes:
    return client.get(response["Location"]).content


@pytest.mark.parametrize(
    "body",
    [
        {"input": {"n": 1, "text": "é ✓"}},
        {"version": 1, "input": [1, 2.5, None, True]},
        {"name": "named", "input": None},
        {},
    ],
)
def test_a_start_answers_the_bytes_that_describing_the_execution_answers(
    operator: APIClient, workflow: str, body: dict[str, Any]
) -> None:
    response = operator.post("/api/executions/", {"workflow": workflow, **body}, format="json")

    assert response.status_code == 201
    assert response.content == described(operator, response)


def test_a_repeated_start_answers_the_same_bytes_as_describing_it(
    operator: APIClient, workflow: str
) -> None:
    body = {"workflow": workflow, "name": "twice", "input": {"a": 1}}
    operator.post("/api/executions/", body, format="json")

    again = operator.post("/api/executions/", body, format="json")

    assert again.status_code == 200
    assert again.content == described(operator, again)


def test_a_start_through_an_alias_answers_the_same_bytes_as_describing_it(
    operator: APIClient, workflow: str
) -> None:
    put_alias(Workflow.objects.get(name=workflow), "live", [{"version": 2, "weight": 100}])

    response = operator.post(
        "/api/executions/", {"workflow": workflow, "alias": "live"}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["version"] == 2
    assert response.content == described(operator, response)


def test_a_start_reads_the_workflow_once_and_writes_in_one_transaction(
    operator: APIClient, workflow: str
) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = operator.post("/api/executions/", {"workflow": workflow}, format="json")

    assert response.status_code == 201
    statements = [q["sql"] for q in queries.captured_queries]
    # No second read of the workflow, no children query for a new execution.
    assert sum("designer_workflow " in s for s in statements) == 1
    assert not any('"parent_id" =' in s for s in statements)
    assert sum(s.startswith("INSERT") for s in statements) == 1
