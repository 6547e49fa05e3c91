"""What an error looks like under /api/ and under /aws/, asserted; and calls that produce them.

Used by tests/api/test_malformed_requests.py and tests/api/test_malformed_fuzz.py.
"""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.aws.clients import AMZ_JSON, signed_headers


def rest_error(response: Any, status: int | None = None) -> dict[str, Any]:
    """The {"code", "message", "details"} of a REST error response (of `status`, if given)."""
    where = f"{response.status_code} {response.content[:300]!r}"
    if status is not None:
        assert response.status_code == status, where
    assert response.status_code >= 400, where
    assert response["Content-Type"].startswith("application/json"), where
    body = json.loads(response.content)
    assert set(body) == {"error"}, where
    assert set(body["error"]) == {"code", "message", "details"}, where
    assert isinstance(body["error"]["code"], str) and body["error"]["message"], where
    return body["error"]


def aws_error(response: Any, status: int | None = None) -> dict[str, Any]:
    """The {"__type", "message"} of a Step Functions error response, x-amzn-ErrorType agreeing."""
    where = f"{response.status_code} {response.content[:300]!r}"
    if status is not None:
        assert response.status_code == status, where
    assert response.status_code >= 400, where
    assert response["Content-Type"] == AMZ_JSON, where
    body = json.loads(response.content)
    assert set(body) == {"__type", "message"}, where
    assert response["x-amzn-ErrorType"] == body["__type"], where
    return body


def aws_call(
    client: Client,
    key: tuple[str, str],
    target: str,
    body: bytes,
    host: str = "testserver",
) -> Any:
    """POST `body` to /aws/ as action `target`, signed with `key`; `host` is the Host sent."""
    headers = signed_headers(key, body, target)
    headers["HTTP_HOST"] = host  # signed for testserver: another host fails before or at SigV4
    return client.post("/aws/", body, content_type=AMZ_JSON, **headers)
