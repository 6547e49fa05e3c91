"""The designer API: publishing and reading versions, and validating definitions."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from designer.models import Workflow, WorkflowVersion
from designer.services import publish_version
from tests.designer.api_clients import BROKEN, ONE, TWO, error_of

pytestmark = pytest.mark.django_db


# Versions


def test_a_designer_publishes_a_new_version(designer: APIClient) -> None:
    publish_version("orders", ONE)

    response = designer.post(
        "/api/workflows/orders/versions/", {"definition": TWO, "description": "v2"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["number"], body["description"], body["definition"]) == (2, "v2", TWO)
    assert body["author"] == "designer-user"


def test_an_operator_and_a_viewer_cannot_publish(operator: APIClient, viewer: APIClient) -> None:
    publish_version("orders", ONE)

    for client in (operator, viewer):
        response = client.post(
            "/api/workflows/orders/versions/", {"definition": TWO}, format="json"
        )
        assert response.status_code == 403
    assert WorkflowVersion.objects.count() == 1


def test_an_invalid_version_is_refused_with_diagnostics(designer: APIClient) -> None:
    publish_version("orders", ONE)

    response = designer.post(
        "/api/workflows/orders/versions/", {"definition": BROKEN}, format="json"
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_definition"
    assert error["details"]["diagnostics"][0]["location"] == "/States/A/Next"
    assert WorkflowVersion.objects.count() == 1


def test_a_viewer_lists_versions_newest_first(viewer: APIClient) -> None:
    publish_version("orders", ONE)
    publish_version("orders", TWO, description="second")

    response = viewer.get("/api/workflows/orders/versions/")

    assert response.status_code == 200
    assert [(v["number"], v["description"]) for v in response.json()] == [(2, "second"), (1, "")]


def test_a_version_is_described_with_its_definition(viewer: APIClient) -> None:
    publish_version("orders", ONE)

    response = viewer.get("/api/workflows/orders/versions/1/")

    assert response.status_code == 200
    assert response.json()["workflow"] == "orders"
    assert response.json()["definition"] == ONE


def test_format_asl_returns_the_definition_byte_for_byte(viewer: APIClient) -> None:
    text = (
        '{"States":{"A":{"End":true,   "Type":"Pass", "Comment": "caf\u00e9"}},\n"StartAt":"A"}\n'
    )
    publish_version("orders", text)

    response = viewer.get("/api/workflows/orders/versions/1/?format=asl")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == text.encode()


@pytest.mark.parametrize("number", ["2", "0", "x", "-1", "99999999999999999999"])
def test_an_unknown_version_is_404_with_a_code(viewer: APIClient, number: str) -> None:
    publish_version("orders", ONE)

    response = viewer.get(f"/api/workflows/orders/versions/{number}/")
    as_asl = viewer.get(f"/api/workflows/orders/versions/{number}/?format=asl")

    for answer in (response, as_asl):
        assert answer.status_code == 404
        assert error_of(answer)["code"] == "version_not_found"


# Validation


def test_validate_reports_a_valid_definition(viewer: APIClient) -> None:
    response = viewer.post("/api/validate/", {"definition": ONE}, format="json")

    assert response.status_code == 200
    assert response.json() == {"valid": True, "diagnostics": []}


def test_validate_lists_every_problem_of_definition_text(operator: APIClient) -> None:
    text = json.dumps(BROKEN)

    response = operator.post("/api/validate/", {"definition": text}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    assert [(d["code"], d["location"]) for d in body["diagnostics"]] == [
        ("next_missing_state", "/States/A/Next")
    ]
    assert not Workflow.objects.exists()


def test_validate_needs_a_definition_of_the_right_type(viewer: APIClient) -> None:
    for body in ({}, {"definition": 3}, {"definition": None}):
        response = viewer.post("/api/validate/", body, format="json")
        assert response.status_code == 400
        assert error_of(response)["code"] == "invalid"


def test_validate_needs_authentication() -> None:
    assert APIClient().post("/api/validate/", {"definition": ONE}, format="json").status_code == 401
