"""Fixtures of the designer API's tests: a client holding a bearer token of each role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from baton.models import ApiToken


@pytest.fixture
def client_as(db: None) -> Callable[[str], APIClient]:
    """An API client holding a bearer token of a new user in the given role's group."""

    def make(role: str) -> APIClient:
        user = User.objects.create_user(f"{role}-user")
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        _, text = ApiToken.issue(user, "tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
        return client

    return make


@pytest.fixture
def designer(client_as: Callable[[str], APIClient]) -> APIClient:
    return client_as("designer")


@pytest.fixture
def viewer(client_as: Callable[[str], APIClient]) -> APIClient:
    return client_as("viewer")


@pytest.fixture
def operator(client_as: Callable[[str], APIClient]) -> APIClient:
    return client_as("operator")
