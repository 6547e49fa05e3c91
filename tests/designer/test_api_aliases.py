"""The designer API's aliases: one version, or two with weights summing to 100."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from baton.models import ApiToken
from designer.models import Alias
from designer.services import publish_version

pytestmark = pytest.mark.django_db

ONE = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
URL = "/api/workflows/orders/aliases/live/"


def client_as(role: str) -> APIClient:
    user = User.objects.create_user(f"{role}-user")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    _, text = ApiToken.issue(user, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


@pytest.fixture
def designer(db: None) -> APIClient:
    return client_as("designer")


@pytest.fixture
def viewer(db: None) -> APIClient:
    return client_as("viewer")


@pytest.fixture
def operator(db: None) -> APIClient:
    return client_as("operator")


@pytest.fixture(autouse=True)
def orders(db: None) -> None:
    """A workflow with versions 1, 2 and 3."""
    for _ in range(3):
        publish_version("orders", ONE)


def error_code(response: Any) -> str:
    body = response.json()
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]["code"]


def put(client: APIClient, routes: Any, url: str = URL, **extra: Any) -> Any:
    return client.put(url, {"routes": routes, **extra}, format="json")


def test_a_designer_creates_an_alias_to_one_version(designer: APIClient) -> None:
    response = put(designer, [{"version": 2}], description="production")

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "live"
    assert body["description"] == "production"
    assert body["routes"] == [{"version": 2, "weight": 100}]


def test_putting_again_replaces_the_routes(designer: APIClient) -> None:
    put(designer, [{"version": 1}])

    response = put(designer, [{"version": 2, "weight": 90}, {"version": 3, "weight": 10}])

    assert response.status_code == 200
    assert Alias.objects.get().routes == [
        {"version": 2, "weight": 90},
        {"version": 3, "weight": 10},
    ]


@pytest.mark.parametrize(
    "routes",
    [
        [],
        [{"version": 1, "weight": 50}, {"version": 2, "weight": 40}],
        [{"version": 1, "weight": 50}, {"version": 1, "weight": 50}],
        [{"version": 9}],
        [{"version": 1, "weight": 40}, {"version": 2, "weight": 30}, {"version": 3, "weight": 30}],
        [{"version": 1, "weight": 50}, {"version": 2}],
    ],
)
def test_routes_that_cannot_route_are_refused(designer: APIClient, routes: Any) -> None:
    response = put(designer, routes)

    assert response.status_code == 400
    assert error_code(response) == "invalid_alias"
    assert not Alias.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"routes": "1"},
        {"routes": [{"version": "one"}]},
        {"routes": [{"version": 1, "weight": 101}]},
        {"routes": [{"version": 0}]},
    ],
)
def test_a_malformed_alias_is_invalid(designer: APIClient, body: Any) -> None:
    response = designer.put(URL, body, format="json")

    assert response.status_code == 400
    assert error_code(response) == "invalid"


def test_an_alias_name_must_be_a_valid_name(designer: APIClient) -> None:
    response = put(designer, [{"version": 1}], url="/api/workflows/orders/aliases/no.dots/")

    assert response.status_code == 400
    assert error_code(response) == "invalid_alias"


def test_viewers_and_operators_cannot_change_aliases(
    viewer: APIClient, operator: APIClient
) -> None:
    for client in (viewer, operator):
        assert put(client, [{"version": 1}]).status_code == 403
        assert client.delete(URL).status_code == 403
    assert not Alias.objects.exists()


def test_a_viewer_lists_and_reads_aliases(designer: APIClient, viewer: APIClient) -> None:
    put(designer, [{"version": 1}])
    put(designer, [{"version": 3}], url="/api/workflows/orders/aliases/beta/")

    listed = viewer.get("/api/workflows/orders/aliases/")
    one = viewer.get(URL)

    assert listed.status_code == 200
    assert [a["name"] for a in listed.json()] == ["beta", "live"]
    assert one.status_code == 200
    assert one.json()["routes"] == [{"version": 1, "weight": 100}]


def test_a_designer_deletes_an_alias(designer: APIClient) -> None:
    put(designer, [{"version": 1}])

    response = designer.delete(URL)

    assert response.status_code == 204
    assert not Alias.objects.exists()


def test_an_unknown_alias_is_404(designer: APIClient, viewer: APIClient) -> None:
    for response in (viewer.get(URL), designer.delete(URL)):
        assert response.status_code == 404
        assert error_code(response) == "alias_not_found"


def test_aliases_of_an_unknown_workflow_are_404(designer: APIClient) -> None:
    for response in (
        designer.get("/api/workflows/nope/aliases/"),
        designer.get("/api/workflows/nope/aliases/live/"),
        put(designer, [{"version": 1}], url="/api/workflows/nope/aliases/live/"),
        designer.delete("/api/workflows/nope/aliases/live/"),
    ):
        assert response.status_code == 404
        assert error_code(response) == "workflow_not_found"


def test_post_on_an_alias_is_405(designer: APIClient) -> None:
    response = designer.post(URL, {"routes": [{"version": 1}]}, format="json")

    assert response.status_code == 405
    assert error_code(response) == "method_not_allowed"


def test_the_workflow_description_lists_its_aliases(designer: APIClient) -> None:
    put(designer, [{"version": 2, "weight": 90}, {"version": 3, "weight": 10}])

    aliases = designer.get("/api/workflows/orders/").json()["aliases"]

    assert aliases[0]["name"] == "live"
    assert aliases[0]["routes"][1] == {"version": 3, "weight": 10}
