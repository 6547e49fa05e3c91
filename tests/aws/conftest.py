"""AWS-protocol fixtures: a live server, users with roles and access keys, boto3 clients."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

from tests.aws.clients import access_key, boto3_client

# The live server runs the WSGI app in a thread; nothing async touches the database there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def aws_url(live_server: Any) -> str:
    return live_server.url + "/aws/"


@pytest.fixture
def make_key(transactional_db: None) -> Callable[..., tuple[str, str]]:
    """make_key("name", "designer", "operator") → (access key id, secret) of a new user."""
    return access_key


@pytest.fixture
def client_for(aws_url: str) -> Callable[[str, str], Any]:
    def make(key_id: str, secret: str) -> Any:
        return boto3_client(aws_url, (key_id, secret))

    return make


@pytest.fixture
def credentials(make_key: Callable[..., tuple[str, str]]) -> tuple[str, str]:
    return make_key("sfn-user", "designer", "operator")


@pytest.fixture
def sfn(client_for: Callable[[str, str], Any], credentials: tuple[str, str]) -> Any:
    """A boto3 Step Functions client for a designer+operator."""
    return client_for(*credentials)
