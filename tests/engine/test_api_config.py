"""/api/connections/ and /api/schedules/ (engine/api/connections.py, schedules.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from baton.models import ApiToken
from designer.services import publish_version
from engine.models import Connection, Schedule

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
SECRET_VALUES = ("sk-live-0123456789", "hunter2-password", "oauth-client-secret-xyz")


def client_for(role: str | None) -> APIClient:
    """A client sending a bearer token of a new user in `role` (None: no role at all)."""
    user = User.objects.create_user(f"user-{role}", password="x")
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    _, text = ApiToken.issue(user, "test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


@pytest.fixture
def designer(db: None) -> APIClient:
    return client_for("designer")


@pytest.fixture
def viewer(db: None) -> APIClient:
    return client_for("viewer")


def code_of(response: Any) -> str:
    return response.json()["error"]["code"]


def assert_no_secrets(response: Any) -> None:
    text = response.content.decode()
    for value in SECRET_VALUES:
        assert value not in text
    for connection in Connection.objects.all():
        for field in ("api_key_value", "password", "client_secret"):
            ciphertext = getattr(connection, field).ciphertext
            assert not ciphertext or ciphertext not in text


API_KEY = {
    "name": "payments",
    "authorization_type": "API_KEY",
    "api_key_name": "X-Api-Key",
    "api_key_value": SECRET_VALUES[0],
    "invocation_headers": {"X-Team": "billing"},
}


# Connections


def test_a_designer_creates_and_reads_a_connection_without_its_secret(designer: APIClient) -> None:
    created = designer.post("/api/connections/", API_KEY, format="json")
    assert created.status_code == 201
    assert_no_secrets(created)
    body = created.json()
    assert body["api_key_name"] == "X-Api-Key" and body["secrets_stored"] == ["api_key_value"]
    assert body["arn"].startswith("arn:aws:events:") and "/payments/" in body["arn"]
    assert "api_key_value" not in body
    # stored encrypted, readable by the HTTP task
    connection = Connection.objects.get(name="payments")
    assert connection.api_key_value.reveal() == SECRET_VALUES[0]
    for response in (designer.get("/api/connections/"), designer.get("/api/connections/payments/")):
        assert response.status_code == 200
        assert_no_secrets(response)
    assert [c["name"] for c in designer.get("/api/connections/").json()] == ["payments"]


def test_an_update_without_the_secret_keeps_it(designer: APIClient) -> None:
    designer.post("/api/connections/", API_KEY, format="json")
    patched = designer.patch(
        "/api/connections/payments/", {"description": "Payments API"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["description"] == "Payments API"
    put = designer.put(
        "/api/connections/payments/",
        {"authorization_type": "API_KEY", "api_key_name": "X-Key", "api_key_value": ""},
        format="json",
    )
    assert put.status_code == 200
    assert put.json()["description"] == "" and put.json()["invocation_headers"] == {}  # replaced
    connection = Connection.objects.get(name="payments")
    assert connection.api_key_name == "X-Key"
    assert connection.api_key_value.reveal() == SECRET_VALUES[0]


def test_changing_the_type_drops_the_old_credentials(designer: APIClient) -> None:
    designer.post("/api/connections/", API_KEY, format="json")
    basic = {"authorization_type": "BASIC", "username": "svc", "password": SECRET_VALUES[1]}
    response = designer.patch("/api/connections/payments/", basic, format="json")
    assert response.status_code == 200
    assert_no_secrets(response)
    assert response.json()["secrets_stored"] == ["password"]
    connection = Connection.objects.get(name="payments")
    assert not connection.api_key_value and connection.api_key_name == ""
    assert connection.password.reveal() == SECRET_VALUES[1]


def test_an_oauth_connection_keeps_its_client_secret_hidden(designer: APIClient) -> None:
    oauth = {
        "name": "crm",
        "authorization_type": "OAUTH_CLIENT_CREDENTIALS",
        "token_url": "https://auth.example.org/token",
        "client_id": "baton",
        "client_secret": SECRET_VALUES[2],
        "oauth_body_parameters": {"audience": "crm"},
    }
    response = designer.post("/api/connections/", oauth, format="json")
    assert response.status_code == 201
    assert_no_secrets(response)
    assert response.json()["oauth_body_parameters"] == {"audience": "crm"}


def test_a_connection_needs_the_credentials_of_its_type(designer: APIClient) -> None:
    response = designer.post(
        "/api/connections/", {"name": "x", "authorization_type": "BASIC"}, format="json"
    )
    assert response.status_code == 400 and code_of(response) == "invalid_connection"
    assert set(response.json()["error"]["details"]) == {"username", "password"}
    assert not Connection.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {**API_KEY, "authorization_type": "KERBEROS"},
        {**API_KEY, "name": "has space"},
        {**API_KEY, "name": "x" * 65},
        {**API_KEY, "invocation_headers": ["not", "an", "object"]},
        {**API_KEY, "invocation_headers": {"X": "nul\u0000"}},
        {**API_KEY, "api_key_name": ["list"]},
        {**API_KEY, "token_url": "not a url"},
        ["a", "list"],
    ],
)
def test_a_malformed_connection_is_a_400(designer: APIClient, body: Any) -> None:
    response = designer.post("/api/connections/", body, format="json")
    assert response.status_code == 400 and code_of(response) == "invalid"


def test_a_second_connection_with_the_same_name_is_a_409(designer: APIClient) -> None:
    designer.post("/api/connections/", API_KEY, format="json")
    response = designer.post("/api/connections/", API_KEY, format="json")
    assert response.status_code == 409 and code_of(response) == "connection_exists"


def test_unknown_connections_are_404(designer: APIClient) -> None:
    for method in ("get", "patch", "put", "delete"):
        response = getattr(designer, method)("/api/connections/nope/", {}, format="json")
        assert response.status_code == 404 and code_of(response) == "connection_not_found"
    assert designer.get("/api/connections/a%00b/").status_code == 404


def test_a_designer_deletes_a_connection(designer: APIClient) -> None:
    designer.post("/api/connections/", API_KEY, format="json")
    assert designer.delete("/api/connections/payments/").status_code == 204
    assert not Connection.objects.exists()


def test_connections_are_for_designers_and_admins_only(db: None) -> None:
    Connection.objects.create(name="c", authorization_type="API_KEY", api_key_name="K")
    for role in ("viewer", "operator", None):
        client = client_for(role)
        for method, url in [("get", "/api/connections/"), ("get", "/api/connections/c/")]:
            response = getattr(client, method)(url)
            assert response.status_code == 403 and code_of(response) == "permission_denied"
        assert client.post("/api/connections/", API_KEY, format="json").status_code == 403
        assert client.delete("/api/connections/c/").status_code == 403
    admin = client_for("admin")
    assert admin.get("/api/connections/c/").status_code == 200
    assert APIClient().get("/api/connections/").status_code == 401


# Schedules


def schedule_body(**changes: Any) -> dict[str, Any]:
    return {"name": "nightly", "workflow": "report", "cron": "0 3 * * *", **changes}


@pytest.fixture
def report(db: None) -> None:
    publish_version("report", PASS)
    publish_version("report", PASS)


def test_a_designer_creates_a_schedule_with_its_next_run(designer: APIClient, report: None) -> None:
    body = schedule_body(time_zone="Europe/Paris", input={"full": True}, version=1)
    response = designer.post("/api/schedules/", body, format="json")
    assert response.status_code == 201
    created = response.json()
    assert created["workflow"] == "report" and created["version"] == 1
    assert created["next_run_at"] is not None and created["last_run_at"] is None
    assert created["last_execution"] is None and created["enabled"] is True
    assert Schedule.objects.get(name="nightly").input == {"full": True}
    got = designer.get("/api/schedules/nightly/").json()
    assert got == created
    assert [s["name"] for s in designer.get("/api/schedules/").json()] == ["nightly"]


def test_a_viewer_reads_schedules_but_cannot_change_them(
    designer: APIClient, viewer: APIClient, report: None
) -> None:
    designer.post("/api/schedules/", schedule_body(), format="json")
    assert viewer.get("/api/schedules/").status_code == 200
    assert viewer.get("/api/schedules/nightly/").status_code == 200
    for response in (
        viewer.post("/api/schedules/", schedule_body(name="other"), format="json"),
        viewer.patch("/api/schedules/nightly/", {"enabled": False}, format="json"),
        viewer.put("/api/schedules/nightly/", schedule_body(), format="json"),
        viewer.delete("/api/schedules/nightly/"),
        client_for("operator").delete("/api/schedules/nightly/"),
    ):
        assert response.status_code == 403 and code_of(response) == "permission_denied"
    assert client_for(None).get("/api/schedules/").status_code == 403
    assert APIClient().get("/api/schedules/").status_code == 401


def test_disabling_clears_the_next_run_and_enabling_sets_it(
    designer: APIClient, report: None
) -> None:
    designer.post("/api/schedules/", schedule_body(), format="json")
    disabled = designer.patch("/api/schedules/nightly/", {"enabled": False}, format="json")
    assert disabled.status_code == 200 and disabled.json()["next_run_at"] is None
    enabled = designer.patch("/api/schedules/nightly/", {"enabled": True}, format="json")
    assert enabled.json()["next_run_at"] is not None


def test_a_new_cron_moves_the_next_run(designer: APIClient, report: None) -> None:
    first = designer.post("/api/schedules/", schedule_body(), format="json").json()
    changed = designer.patch("/api/schedules/nightly/", {"cron": "*/5 * * * *"}, format="json")
    assert changed.json()["next_run_at"] != first["next_run_at"]


def test_put_replaces_a_schedule(designer: APIClient, report: None) -> None:
    designer.post("/api/schedules/", schedule_body(version=2, input={"a": 1}), format="json")
    response = designer.put(
        "/api/schedules/nightly/", {"workflow": "report", "cron": "@hourly"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] is None and response.json()["input"] == {}
    assert response.json()["cron"] == "@hourly"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (schedule_body(cron="61 * * * *"), "cron"),
        (schedule_body(time_zone="Mars/Olympus"), "time_zone"),
        (schedule_body(workflow="missing"), "workflow"),
        (schedule_body(version=9), "version"),
        (schedule_body(name="bad name!"), "name"),
    ],
)
def test_an_invalid_schedule_is_a_400_naming_the_field(
    designer: APIClient, report: None, body: dict[str, Any], field: str
) -> None:
    response = designer.post("/api/schedules/", body, format="json")
    assert response.status_code == 400 and code_of(response) == "invalid_schedule"
    assert field in response.json()["error"]["details"]
    assert not Schedule.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        schedule_body(version="one"),
        schedule_body(version=2**40),
        schedule_body(enabled="perhaps"),
        schedule_body(cron=["*"]),
        schedule_body(input={"k": "\u0000"}),
        [schedule_body()],
    ],
)
def test_a_malformed_schedule_is_a_400(designer: APIClient, report: None, body: Any) -> None:
    response = designer.post("/api/schedules/", body, format="json")
    assert response.status_code == 400 and code_of(response) == "invalid"


def test_an_oversized_input_is_refused(designer: APIClient, report: None, settings: Any) -> None:
    settings.BATON_ENGINE = {**settings.BATON_ENGINE, "PAYLOAD_LIMIT_BYTES": 100}
    body = schedule_body(input={"blob": "x" * 200})
    response = designer.post("/api/schedules/", body, format="json")
    assert response.status_code == 400 and "input" in response.json()["error"]["details"]


def test_an_invalid_change_leaves_the_schedule_as_it_was(designer: APIClient, report: None) -> None:
    designer.post("/api/schedules/", schedule_body(), format="json")
    response = designer.patch("/api/schedules/nightly/", {"cron": "nonsense"}, format="json")
    assert response.status_code == 400 and code_of(response) == "invalid_schedule"
    assert Schedule.objects.get(name="nightly").cron == "0 3 * * *"


def test_a_duplicate_schedule_is_a_409(designer: APIClient, report: None) -> None:
    designer.post("/api/schedules/", schedule_body(), format="json")
    response = designer.post("/api/schedules/", schedule_body(), format="json")
    assert response.status_code == 409 and code_of(response) == "schedule_exists"


def test_unknown_schedules_are_404_and_deleting_works(designer: APIClient, report: None) -> None:
    for method in ("get", "patch", "put", "delete"):
        response = getattr(designer, method)("/api/schedules/nope/", {}, format="json")
        assert response.status_code == 404 and code_of(response) == "schedule_not_found"
    designer.post("/api/schedules/", schedule_body(), format="json")
    assert designer.delete("/api/schedules/nightly/").status_code == 204
    assert not Schedule.objects.exists()
