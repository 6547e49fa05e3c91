"""Users with roles and the bearer-token clients they call the REST API with.

Used by the tests in tests/accounts/ (their conftest.py makes the viewer and admin fixtures) and
by tests/browser/conftest.py's make_user.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from baton.models import ApiToken


def user_with(role: str | None, username: str | None = None, password: str = "x") -> User:
    user = User.objects.create_user(username or f"u-{role}", password=password)
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def bearer(user: User, name: str = "test") -> APIClient:
    _, text = ApiToken.issue(user, name)
    return bearer_text(text)


def bearer_text(text: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


def error_code(response: Any) -> str:
    return response.json()["error"]["code"]
