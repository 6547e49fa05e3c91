"""/api/tokens/, /api/health/ and `manage.py create_token` (baton/api/tokens.py, health.py)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from rest_framework.test import APIClient

from baton.models import ApiToken
from engine import tasks
from engine.models import EngineHeartbeat
from engine.models.heartbeat import Process
from engine.pulse import Pulse
from tests.accounts.users import bearer, bearer_text, error_code, user_with

# Tokens


def test_a_created_token_is_shown_once_and_authenticates(viewer: User) -> None:
    response = bearer(viewer).post("/api/tokens/", {"name": "ci"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "ci" and body["user"] == "u-viewer" and body["revoked"] is False
    assert body["token"].startswith(body["hint"])
    # the new token works on its own, and the list never shows token texts
    listed = bearer_text(body["token"]).get("/api/tokens/")
    assert listed.status_code == 200
    assert sorted(t["name"] for t in listed.json()) == ["ci", "test"]
    assert all("token" not in t for t in listed.json())
    assert body["token"] not in listed.content.decode()
    # only its digest is stored
    assert not ApiToken.objects.filter(digest=body["token"]).exists()


def test_a_revoked_token_stops_working(viewer: User) -> None:
    token, text = ApiToken.issue(viewer, "laptop")
    client = bearer_text(text)
    assert client.get("/api/tokens/").status_code == 200
    assert client.delete(f"/api/tokens/{token.id}/").status_code == 204
    response = client.get("/api/tokens/")
    assert response.status_code == 401 and error_code(response) == "authentication_failed"
    token.refresh_from_db()
    assert token.revoked_at is not None
    listed = bearer(viewer).get("/api/tokens/").json()
    assert [t["revoked"] for t in listed if t["name"] == "laptop"] == [True]


def test_revoking_twice_is_harmless(viewer: User) -> None:
    token, _ = ApiToken.issue(viewer, "old")
    client = bearer(viewer)
    assert client.delete(f"/api/tokens/{token.id}/").status_code == 204
    revoked_at = ApiToken.objects.get(id=token.id).revoked_at
    assert client.delete(f"/api/tokens/{token.id}/").status_code == 204
    assert ApiToken.objects.get(id=token.id).revoked_at == revoked_at


def test_last_used_at_is_recorded(viewer: User) -> None:
    token, text = ApiToken.issue(viewer, "used")
    bearer_text(text).get("/api/tokens/")
    listed = bearer_text(text).get("/api/tokens/").json()
    assert [t["last_used_at"] is not None for t in listed if t["id"] == token.id] == [True]


def test_a_user_cannot_see_or_revoke_someone_elses_token(viewer: User) -> None:
    other = user_with("designer")
    theirs, text = ApiToken.issue(other, "theirs")
    client = bearer(viewer)
    assert [t["name"] for t in client.get("/api/tokens/").json()] == ["test"]
    response = client.delete(f"/api/tokens/{theirs.id}/")
    assert response.status_code == 404 and error_code(response) == "token_not_found"
    response = client.get("/api/tokens/", {"user": other.username})
    assert response.status_code == 403 and error_code(response) == "permission_denied"
    assert bearer_text(text).get("/api/tokens/").status_code == 200  # still valid


def test_an_admin_lists_and_revokes_anyones_tokens(admin: User, viewer: User) -> None:
    theirs, text = ApiToken.issue(viewer, "theirs")
    client = bearer(admin)
    assert [t["name"] for t in client.get("/api/tokens/").json()] == ["test"]  # own by default
    listed = client.get("/api/tokens/", {"user": viewer.username}).json()
    assert [(t["user"], t["name"]) for t in listed] == [("u-viewer", "theirs")]
    everyone = client.get("/api/tokens/", {"user": "*"}).json()
    assert {t["user"] for t in everyone} == {"u-admin", "u-viewer"}
    assert client.delete(f"/api/tokens/{theirs.id}/").status_code == 204
    assert bearer_text(text).get("/api/tokens/").status_code == 401


def test_a_superuser_is_an_admin(alice: User, viewer: User) -> None:
    ApiToken.issue(viewer, "theirs")
    listed = bearer(alice).get("/api/tokens/", {"user": viewer.username})
    assert listed.status_code == 200 and len(listed.json()) == 1


def test_listing_an_unknown_users_tokens_is_a_404(admin: User) -> None:
    response = bearer(admin).get("/api/tokens/", {"user": "nobody"})
    assert response.status_code == 404 and error_code(response) == "user_not_found"


def test_tokens_need_a_role_and_authentication(db: None) -> None:
    norole = bearer(user_with(None, "norole"))
    response = norole.get("/api/tokens/")
    assert response.status_code == 403 and error_code(response) == "permission_denied"
    assert norole.post("/api/tokens/", {"name": "x"}, format="json").status_code == 403
    anonymous = APIClient()
    response = anonymous.get("/api/tokens/")
    assert response.status_code == 401 and error_code(response) == "not_authenticated"
    assert bearer_text("bt_made-up").get("/api/tokens/").status_code == 401


def test_a_browser_session_manages_tokens_too(viewer: User) -> None:
    client = APIClient()
    client.force_login(viewer)
    assert client.post("/api/tokens/", {"name": "web"}, format="json").status_code == 201


@pytest.mark.parametrize(
    "body",
    [{}, {"name": ""}, {"name": "x" * 101}, {"name": ["a"]}, [1], "text"],
)
def test_a_malformed_token_request_is_a_400(viewer: User, body: Any) -> None:
    response = bearer(viewer).post("/api/tokens/", body, format="json")
    assert response.status_code == 400 and error_code(response) == "invalid"


def test_bad_json_is_a_400_and_unknown_ids_a_404(viewer: User) -> None:
    client = bearer(viewer)
    response = client.post("/api/tokens/", "{nope", content_type="application/json")
    assert response.status_code == 400 and error_code(response) == "parse_error"
    assert client.delete("/api/tokens/999999/").status_code == 404
    assert client.delete(f"/api/tokens/{2**70}/").status_code == 404
    form = "application/x-www-form-urlencoded"
    response = client.post("/api/tokens/", "name=x", content_type=form)
    assert response.status_code == 415


# create_token


def test_create_token_prints_a_working_token_once(viewer: User) -> None:
    out = StringIO()
    call_command("create_token", "u-viewer", "--name", "deploy", stdout=out)
    text = out.getvalue().strip()
    assert ApiToken.objects.get(user=viewer).name == "deploy"
    assert bearer_text(text).get("/api/tokens/").status_code == 200


def test_create_token_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="No user is named 'ghost'"):
        call_command("create_token", "ghost")


# Health


def test_liveness_needs_no_authentication_and_reports_missing_heartbeats(db: None) -> None:
    response = APIClient().get("/api/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": True,
        "engine": {"ok": False, "last_seen": None},
        "cluster": {"ok": False, "last_seen": None},
    }


def test_health_ignores_a_bad_token(db: None) -> None:
    assert bearer_text("bt_revoked-long-ago").get("/api/health/").status_code == 200


def test_readiness_is_503_without_heartbeats(db: None) -> None:
    response = APIClient().get("/api/health/", {"ready": "1"})
    assert response.status_code == 503 and response.json()["status"] == "degraded"


def test_readiness_is_200_with_fresh_heartbeats(db: None) -> None:
    Pulse("engine-1", list).beat()  # what each engine's pulse thread does every few seconds
    tasks.beat_cluster()  # the cluster's periodic job
    response = APIClient().get("/api/health/", {"ready": "true"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["engine"]["ok"] and body["cluster"]["ok"]
    assert body["engine"]["last_seen"] is not None


def test_readiness_is_503_when_only_the_engine_beats(db: None) -> None:
    EngineHeartbeat.beat(Process.ENGINE, "e1")
    response = APIClient().get("/api/health/?ready=1")
    assert response.status_code == 503
    assert response.json()["engine"]["ok"] and not response.json()["cluster"]["ok"]


def test_stale_heartbeats_are_not_ready(db: None) -> None:
    long_ago = timezone.now() - timedelta(minutes=10)
    EngineHeartbeat.beat(Process.ENGINE, "e1", long_ago)
    EngineHeartbeat.beat(Process.CLUSTER, "c1", long_ago)
    assert APIClient().get("/api/health/?ready=1").status_code == 503
    assert APIClient().get("/api/health/").status_code == 200  # still alive


def test_the_cluster_job_forgets_processes_dead_for_a_day(db: None) -> None:
    EngineHeartbeat.beat(Process.ENGINE, "gone", timezone.now() - timedelta(days=2))
    tasks.beat_cluster()
    assert list(EngineHeartbeat.objects.values_list("kind", flat=True)) == [Process.CLUSTER]
