"""What the designer API's tests share: definitions, creating a workflow, reading the error
envelope (the clients of each role are fixtures in conftest.py)."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

ONE = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
TWO = {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}
BROKEN = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Gone"}}}


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]


def create(client: APIClient, name: str = "orders", definition: Any = ONE, **extra: Any) -> Any:
    body = {"name": name, "definition": definition, **extra}
    return client.post("/api/workflows/", body, format="json")
