"""/api/access-keys/ (baton/api/access_keys.py): the keys that sign requests to /aws/."""

from __future__ import annotations

import os
from typing import Any

import pytest
from botocore.exceptions import ClientError
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from baton.aws.keys import issue
from baton.models import AccessKey
from tests.accounts.users import bearer, error_code, user_with
from tests.aws.clients import boto3_client

# The live server runs the WSGI app in a thread; nothing async touches the database there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_a_created_key_shows_its_secret_once(viewer: User) -> None:
    client = bearer(viewer)
    response = client.post("/api/access-keys/", {}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["user"] == "u-viewer" and body["revoked"] is False
    assert body["access_key_id"].startswith("BTN") and body["secret_access_key"]
    # the secret shown is the one stored (encrypted), and the list never shows it
    stored = AccessKey.objects.get(id=body["id"]).secret
    assert stored.reveal() == body["secret_access_key"] != stored.ciphertext
    listed = client.get("/api/access-keys/")
    assert listed.status_code == 200
    assert [k["access_key_id"] for k in listed.json()] == [body["access_key_id"]]
    assert set(listed.json()[0]) == {"id", "access_key_id", "user", "created_at", "revoked"}
    assert body["secret_access_key"] not in listed.content.decode()


def test_a_post_without_a_body_creates_a_key_too(viewer: User) -> None:
    assert bearer(viewer).post("/api/access-keys/").status_code == 201


def test_a_user_lists_only_their_own_keys(viewer: User) -> None:
    mine, _ = issue(viewer)
    issue(user_with("designer"))
    listed = bearer(viewer).get("/api/access-keys/").json()
    assert [k["access_key_id"] for k in listed] == [mine.access_key_id]


def test_a_user_cannot_see_or_revoke_someone_elses_key(viewer: User) -> None:
    other = user_with("designer")
    theirs, _ = issue(other)
    client = bearer(viewer)
    response = client.delete(f"/api/access-keys/{theirs.id}/")
    assert response.status_code == 404 and error_code(response) == "access_key_not_found"
    response = client.get("/api/access-keys/", {"user": other.username})
    assert response.status_code == 403 and error_code(response) == "permission_denied"
    assert AccessKey.objects.get(id=theirs.id).revoked_at is None


def test_an_admin_lists_and_revokes_anyones_keys(admin: User, viewer: User) -> None:
    theirs, _ = issue(viewer)
    issue(admin)
    client = bearer(admin)
    assert [k["user"] for k in client.get("/api/access-keys/").json()] == ["u-admin"]
    listed = client.get("/api/access-keys/", {"user": viewer.username}).json()
    assert [(k["user"], k["id"]) for k in listed] == [("u-viewer", theirs.id)]
    everyone = client.get("/api/access-keys/", {"user": "*"}).json()
    assert sorted(k["user"] for k in everyone) == ["u-admin", "u-viewer"]
    assert client.delete(f"/api/access-keys/{theirs.id}/").status_code == 204
    assert AccessKey.objects.get(id=theirs.id).revoked_at is not None


def test_listing_an_unknown_users_keys_is_a_404(admin: User) -> None:
    response = bearer(admin).get("/api/access-keys/", {"user": "nobody"})
    assert response.status_code == 404 and error_code(response) == "user_not_found"


def test_revoking_twice_is_harmless_and_unknown_ids_are_a_404(viewer: User) -> None:
    key, _ = issue(viewer)
    client = bearer(viewer)
    assert client.delete(f"/api/access-keys/{key.id}/").status_code == 204
    revoked_at = AccessKey.objects.get(id=key.id).revoked_at
    assert client.delete(f"/api/access-keys/{key.id}/").status_code == 204
    assert AccessKey.objects.get(id=key.id).revoked_at == revoked_at
    assert [k["revoked"] for k in client.get("/api/access-keys/").json()] == [True]
    response = client.delete("/api/access-keys/999999/")
    assert response.status_code == 404 and error_code(response) == "access_key_not_found"


def test_a_created_key_signs_aws_requests_until_it_is_revoked(live_server: Any) -> None:
    client = bearer(user_with("viewer"))
    body = client.post("/api/access-keys/", {}, format="json").json()
    sfn = boto3_client(
        live_server.url + "/aws/", (body["access_key_id"], body["secret_access_key"])
    )
    assert sfn.list_state_machines()["stateMachines"] == []
    assert client.delete(f"/api/access-keys/{body['id']}/").status_code == 204
    with pytest.raises(ClientError) as refused:
        sfn.list_state_machines()
    assert refused.value.response["Error"]["Code"] == "UnrecognizedClientException"


def test_access_keys_need_a_role_and_authentication(db: None) -> None:
    norole = bearer(user_with(None, "norole"))
    response = norole.get("/api/access-keys/")
    assert response.status_code == 403 and error_code(response) == "permission_denied"
    assert norole.post("/api/access-keys/", {}, format="json").status_code == 403
    anonymous = APIClient()
    response = anonymous.get("/api/access-keys/")
    assert response.status_code == 401 and error_code(response) == "not_authenticated"
    assert anonymous.post("/api/access-keys/", {}, format="json").status_code == 401
    assert anonymous.delete("/api/access-keys/1/").status_code == 401
    assert not AccessKey.objects.exists()
