"""API fixtures: one user per role, each with a bearer token, and a live server to call.

Roles are Django groups (baton.api.permissions.ROLES); `norole` has an account and a token but
no group, `anonymous` sends no Authorization header at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from django.contrib.auth.models import Group, User

from baton.api.permissions import ROLES
from baton.models import ApiToken

# The live server runs the WSGI app in a thread; nothing async touches the database there, but
# schemathesis and requests may run inside an event loop on some set-ups.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PERSONAS = (*ROLES, "norole", "anonymous")


@dataclass
class Persona:
    role: str
    user: User | None
    token: str | None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


def make_persona(role: str) -> Persona:
    if role == "anonymous":
        return Persona(role, None, None)
    user = User.objects.create_user(
        f"api-{role}", f"{role}@example.org"
    )  # no password: tokens only
    if role in ROLES:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    _, text = ApiToken.issue(user, f"{role} token")
    return Persona(role, user, text)


@pytest.fixture
def personas(db: None) -> dict[str, Persona]:
    """{"viewer": Persona, …, "norole": …, "anonymous": …}; each has `.headers` to send."""
    return {role: make_persona(role) for role in PERSONAS}


@pytest.fixture
def admin(personas: dict[str, Persona]) -> Persona:
    return personas["admin"]


@pytest.fixture
def api_url(live_server: Any) -> str:
    """The live server's /api root (pytest-django's live_server: transactional database)."""
    return f"{live_server.url}/api"


class Api:
    """`requests` with a persona's bearer token and the /api prefix; JSON in, Response out."""

    def __init__(self, base: str, persona: Persona) -> None:
        self.base = base.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update(persona.headers)

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base}/{path.lstrip('/')}"

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        return self.session.request(method, self.url(path), **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, json=json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, json=json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


@pytest.fixture
def admin_api(api_url: str, admin: Persona) -> Api:
    return Api(api_url, admin)
