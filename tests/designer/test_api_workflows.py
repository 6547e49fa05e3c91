"""The designer API: creating, listing, describing and archiving workflows, as each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from designer.models import Workflow, WorkflowVersion
from designer.services import is_archived, publish_version
from engine.models import Execution
from tests.designer.api_clients import BROKEN, ONE, TWO, create, error_of

pytestmark = pytest.mark.django_db


# Creating and listing


def test_a_designer_creates_a_workflow_whose_definition_is_version_1(designer: APIClient) -> None:
    response = create(designer, description="Order intake")

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "orders"
    assert body["description"] == "Order intake"
    assert body["archived"] is False
    assert body["latest_version"]["number"] == 1
    assert WorkflowVersion.objects.get(workflow__name="orders").definition == ONE


def test_a_comment_on_create_describes_version_1(designer: APIClient) -> None:
    response = create(designer, comment="Drawn in the designer")

    assert response.status_code == 201
    version = WorkflowVersion.objects.get(workflow__name="orders")
    assert (version.number, version.description) == (1, "Drawn in the designer")


def test_a_definition_sent_as_text_is_stored_exactly(designer: APIClient) -> None:
    text = '{ "States": {"A": {"End": true, "Type": "Pass"}},\n  "StartAt": "A" }'

    assert create(designer, definition=text).status_code == 201

    assert WorkflowVersion.objects.get(workflow__name="orders").source == text


def test_an_invalid_definition_is_refused_with_its_diagnostics_and_nothing_saved(
    designer: APIClient,
) -> None:
    response = create(designer, definition=BROKEN)

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_definition"
    assert error["details"]["diagnostics"] == [
        {
            "code": "next_missing_state",
            "message": error["details"]["diagnostics"][0]["message"],
            "location": "/States/A/Next",
            "severity": "error",
        }
    ]
    assert not Workflow.objects.exists()


def test_definition_text_that_is_not_json_is_an_invalid_definition(designer: APIClient) -> None:
    response = create(designer, definition='{"StartAt": ')

    assert response.status_code == 400
    assert error_of(response)["details"]["diagnostics"][0]["code"] == "invalid_json"


@pytest.mark.parametrize(
    "text",
    [
        '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": NaN, "End": true}}}',
        '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "\\u0000", "End": true}}}',
    ],
)
def test_values_postgres_cannot_store_are_an_invalid_definition(
    designer: APIClient, text: str
) -> None:
    response = create(designer, definition=text)

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_definition"
    assert not Workflow.objects.exists()


def test_a_name_that_exists_is_a_conflict(designer: APIClient) -> None:
    create(designer)

    response = create(designer, definition=TWO)

    assert response.status_code == 409
    assert error_of(response)["code"] == "workflow_exists"
    assert WorkflowVersion.objects.count() == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "has space", "definition": ONE}, "name"),
        ({"name": "x" * 81, "definition": ONE}, "name"),
        ({"definition": ONE}, "name"),
        ({"name": "orders"}, "definition"),
        ({"name": "orders", "definition": 42}, "definition"),
        ({"name": "orders", "definition": [ONE]}, "definition"),
        ({"name": ["orders"], "definition": ONE}, "name"),
    ],
)
def test_a_malformed_create_is_invalid_with_the_field_named(
    designer: APIClient, body: dict[str, Any], field: str
) -> None:
    response = designer.post("/api/workflows/", body, format="json")

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert field in error["details"]


def test_bad_json_is_a_parse_error(designer: APIClient) -> None:
    response = designer.post("/api/workflows/", "{nope", content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_a_viewer_and_an_operator_cannot_create(viewer: APIClient, operator: APIClient) -> None:
    for client in (viewer, operator):
        response = create(client)
        assert response.status_code == 403
        assert error_of(response)["code"] == "permission_denied"
    assert not Workflow.objects.exists()


def test_without_a_token_the_api_answers_401() -> None:
    response = APIClient().get("/api/workflows/")

    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


def test_an_unsupported_method_is_405(designer: APIClient) -> None:
    response = designer.put("/api/workflows/", {}, format="json")

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_the_list_shows_each_latest_version_in_a_fixed_number_of_queries(
    viewer: APIClient, django_assert_max_num_queries: Any
) -> None:
    for name in ("a", "b", "c", "d"):
        publish_version(name, ONE)
    publish_version("b", TWO)
    Workflow.objects.create(name="empty")

    with django_assert_max_num_queries(5):
        response = viewer.get("/api/workflows/")

    latest = {w["name"]: w["latest_version"] for w in response.json()}
    assert latest["b"]["number"] == 2 and latest["a"]["number"] == 1
    assert latest["b"]["created_at"] == WorkflowVersion.objects.get(
        workflow__name="b", number=2
    ).created_at.isoformat().replace("+00:00", "Z")
    assert latest["empty"] is None


def test_a_viewer_lists_workflows_and_can_filter_archived_ones(viewer: APIClient) -> None:
    publish_version("orders", ONE)
    publish_version("refunds", ONE)
    Workflow.objects.filter(name="refunds").update(archived_at=timezone.now())

    everything = viewer.get("/api/workflows/")
    active = viewer.get("/api/workflows/?archived=false")
    archived = viewer.get("/api/workflows/?archived=true")

    assert everything.status_code == 200
    assert [w["name"] for w in everything.json()] == ["orders", "refunds"]
    assert [w["name"] for w in active.json()] == ["orders"]
    assert [w["name"] for w in archived.json()] == ["refunds"]
    assert viewer.get("/api/workflows/?archived=maybe").status_code == 400


# Describing, updating, archiving


def test_describe_shows_the_latest_version_aliases_and_counts_by_status(viewer: APIClient) -> None:
    publish_version("orders", ONE)
    second = publish_version("orders", TWO)
    workflow = second.workflow
    workflow.aliases.create(name="live", routes=[{"version": 2, "weight": 100}])
    for index, status in enumerate(["SUCCEEDED", "SUCCEEDED", "FAILED"]):
        Execution.objects.create(
            workflow=workflow,
            version=second,
            name=f"e{index}",
            status=status,
            started_at=timezone.now(),
        )

    response = viewer.get("/api/workflows/orders/")

    assert response.status_code == 200
    body = response.json()
    assert body["latest_version"]["number"] == 2
    assert [a["name"] for a in body["aliases"]] == ["live"]
    assert body["executions"] == {
        "RUNNING": 0,
        "SUCCEEDED": 2,
        "FAILED": 1,
        "TIMED_OUT": 0,
        "ABORTED": 0,
    }


def test_an_unknown_workflow_is_404_with_a_code(viewer: APIClient, designer: APIClient) -> None:
    for response in (
        viewer.get("/api/workflows/nope/"),
        designer.patch("/api/workflows/nope/", {"description": "x"}, format="json"),
        designer.delete("/api/workflows/nope/"),
        viewer.get("/api/workflows/nope/versions/"),
        designer.post("/api/workflows/nope/versions/", {"definition": ONE}, format="json"),
        viewer.get("/api/workflows/nope/versions/1/"),
    ):
        assert response.status_code == 404
        assert error_of(response)["code"] == "workflow_not_found"


def test_a_designer_updates_the_description(designer: APIClient, viewer: APIClient) -> None:
    publish_version("orders", ONE)

    refused = viewer.patch("/api/workflows/orders/", {"description": "new"}, format="json")
    response = designer.patch("/api/workflows/orders/", {"description": "new"}, format="json")

    assert refused.status_code == 403
    assert response.status_code == 200
    assert response.json()["description"] == "new"
    assert Workflow.objects.get().description == "new"


def test_a_patch_with_a_wrong_type_is_invalid(designer: APIClient) -> None:
    publish_version("orders", ONE)

    response = designer.patch("/api/workflows/orders/", {"description": ["x"]}, format="json")

    assert response.status_code == 400
    assert "description" in error_of(response)["details"]


def test_delete_archives_the_workflow_and_keeps_its_history(
    designer: APIClient, viewer: APIClient, operator: APIClient
) -> None:
    version = publish_version("orders", ONE)
    Execution.objects.create(
        workflow=version.workflow,
        version=version,
        name="e",
        status="SUCCEEDED",
        started_at=timezone.now(),
    )

    assert viewer.delete("/api/workflows/orders/").status_code == 403
    assert operator.delete("/api/workflows/orders/").status_code == 403
    response = designer.delete("/api/workflows/orders/")

    assert response.status_code == 200
    assert response.json()["archived"] is True
    workflow = Workflow.objects.get()
    assert is_archived(workflow)
    assert workflow.versions.count() == 1 and workflow.executions.count() == 1


def test_an_archived_workflow_takes_no_new_versions_until_restored(designer: APIClient) -> None:
    publish_version("orders", ONE)
    designer.delete("/api/workflows/orders/")

    refused = designer.post("/api/workflows/orders/versions/", {"definition": TWO}, format="json")
    restored = designer.patch("/api/workflows/orders/", {"archived": False}, format="json")
    published = designer.post("/api/workflows/orders/versions/", {"definition": TWO}, format="json")

    assert refused.status_code == 409
    assert error_of(refused)["code"] == "workflow_archived"
    assert restored.json()["archived"] is False
    assert published.status_code == 201


def test_an_archived_name_cannot_be_created_again(designer: APIClient) -> None:
    publish_version("orders", ONE)
    designer.delete("/api/workflows/orders/")

    assert create(designer).status_code == 409
