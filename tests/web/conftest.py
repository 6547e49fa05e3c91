"""Page fixtures: a logged-in browser session (Django's test client) per role, and workflows.

Roles are the API's groups (baton.api.permissions.ROLES); `norole` has an account but no group.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import Client

from baton.api.permissions import ROLES
from designer.models import WorkflowVersion
from designer.services import publish_version
from tests.accounts.users import user_with

PASS_THEN_WAIT = {
    "Comment": "keys in the author's order",
    "StartAt": "Greet",
    "States": {
        "Greet": {
            "Type": "Pass",
            "Result": {"hello": "world"},
            "ResultPath": "$.greeting",
            "Next": "Pause",
        },
        "Pause": {"Type": "Wait", "Seconds": 1, "End": True},
    },
}

RoleClient = Callable[..., Client]


@pytest.fixture
def as_role(db: None) -> RoleClient:
    """as_role("viewer") -> a Client logged in as a user with that role (CSRF checked if asked)."""

    def login(role: str, *, csrf_checks: bool = False) -> Client:
        client = Client(enforce_csrf_checks=csrf_checks)
        client.force_login(user_with(role if role in ROLES else None, f"web-{role}"))
        return client

    return login


@pytest.fixture
def viewer(as_role: RoleClient) -> Client:
    return as_role("viewer")


@pytest.fixture
def operator(as_role: RoleClient) -> Client:
    return as_role("operator")


@pytest.fixture
def designer(as_role: RoleClient) -> Client:
    return as_role("designer")


@pytest.fixture
def saga(db: None) -> WorkflowVersion:
    """'saga', version 1, published from text whose key order the JSON column would lose."""
    return publish_version("saga", json.dumps(PASS_THEN_WAIT, indent=4), description="first")


def shown_testids(response: HttpResponse) -> set[str]:
    """The data-testid values on a page."""
    return set(re.findall(r'data-testid="([^"]+)"', response.content.decode()))
