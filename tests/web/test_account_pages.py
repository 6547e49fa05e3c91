"""The user's menu: their API tokens and access keys, shown once, revocable."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from baton.models import AccessKey, ApiToken
from tests.accounts.users import user_with


def test_a_new_token_is_shown_once_and_works_on_the_api(viewer: Client) -> None:
    page = viewer.post("/account/tokens/", {"name": "ci"}).content.decode()
    token = re.search(r'<div class="once mono">([^<]+)</div>', page).group(1)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/workflows/").status_code == 200
    assert token not in viewer.get("/account/tokens/").content.decode()  # never again


def test_revoking_a_token_locks_it_out(viewer: Client) -> None:
    viewer.post("/account/tokens/", {"name": "ci"})
    row = ApiToken.objects.get()
    viewer.post(f"/account/tokens/{row.pk}/revoke/")
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert "revoked" in viewer.get("/account/tokens/").content.decode()


def test_a_token_needs_a_name(viewer: Client) -> None:
    response = viewer.post("/account/tokens/", {"name": " "})
    assert response.status_code == 200 and "Give the token a name" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_nobody_sees_or_revokes_another_users_token(viewer: Client, db: None) -> None:
    other = user_with("viewer", "someone-else")
    theirs, _ = ApiToken.issue(other, "theirs")
    assert "theirs" not in viewer.get("/account/tokens/").content.decode()
    assert viewer.post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_an_access_key_shows_its_secret_once_and_can_be_revoked(viewer: Client) -> None:
    page = viewer.post("/account/access-keys/").content.decode()
    key = AccessKey.objects.get()
    secret = key.secret.reveal()
    assert key.access_key_id in page and secret in page
    assert secret not in viewer.get("/account/access-keys/").content.decode()
    viewer.post(f"/account/access-keys/{key.pk}/revoke/")
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_the_user_menu_links_tokens_and_keys(viewer: Client, django_user_model: type[User]) -> None:
    page = viewer.get("/inbox/").content.decode()
    assert 'href="/account/tokens/"' in page and 'href="/account/access-keys/"' in page
