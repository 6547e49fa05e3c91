"""What the test-run tests share: a designer's client, starting a run, running it to its end."""

from __future__ import annotations

import uuid
from typing import Any

from rest_framework.test import APIClient

from engine.inprocess import run_until_ended
from engine.models import Execution
from tests.accounts.users import bearer, user_with


def client_as(role: str) -> APIClient:
    """A bearer-token client of a new user with `role`."""
    return bearer(user_with(role, f"{role}-{uuid.uuid4().hex[:8]}"))


def start_run(client: APIClient, **body: Any) -> Any:
    return client.post("/api/test-runs/", body, format="json")


def finished(response: Any) -> Execution:
    assert response.status_code == 201, response.content
    run_until_ended([response.json()["id"]])
    return Execution.objects.get(id=response.json()["id"])
