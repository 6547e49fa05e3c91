"""Authentication and roles remembered per process (baton/auth_cache.py): the common request
asks the database nothing about who it is, and a token, key, user or role changed by another
process stops counting once BATON_AUTH_CACHE_SECONDS have passed.

"Another process" is a QuerySet.update() or raw SQL here: neither sends the signals that empty
this process's cache at once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from baton import auth_cache
from baton.models import AccessKey, ApiToken
from designer.services import publish_version
from tests.aws.clients import AMZ_JSON, access_key, signed_headers

EXPIRY = 1  # seconds; the waits below go past it
PAST_EXPIRY = EXPIRY + 0.5
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:cached"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    auth_cache.forget_all()
    with override_settings(BATON_AUTH_CACHE_SECONDS=EXPIRY):
        yield
    auth_cache.forget_all()


def program(role: str = "operator") -> tuple[User, ApiToken, APIClient]:
    user = User.objects.create_user(f"cached-{role}")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    token, text = ApiToken.issue(user, "cached")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return user, token, client


def listing(client: APIClient) -> int:
    return client.get("/api/executions/").status_code


def start_at_aws(key: tuple[str, str]) -> Any:
    body = json.dumps({"stateMachineArn": MACHINE}).encode()
    headers = signed_headers(key, body, "StartExecution")
    return Client().post("/aws/", body, content_type=AMZ_JSON, **headers)


def test_a_known_token_and_its_role_cost_no_query_on_the_next_request(db: None) -> None:
    _, _, client = program()
    assert listing(client) == 200

    with override_settings(BATON_AUTH_CACHE_SECONDS=60), CaptureQueriesContext(connection) as q:
        assert listing(client) == 200
        assert listing(client) == 200

    statements = " ".join(query["sql"] for query in q.captured_queries)
    assert "baton_apitoken" not in statements
    assert "auth_user_groups" not in statements


def test_a_token_revoked_elsewhere_is_refused_once_the_expiry_has_passed(db: None) -> None:
    _, token, client = program()
    assert listing(client) == 200

    ApiToken.objects.filter(id=token.id).update(revoked_at=timezone.now())
    time.sleep(PAST_EXPIRY)

    assert listing(client) == 401


def test_a_user_deactivated_elsewhere_is_refused_once_the_expiry_has_passed(db: None) -> None:
    user, _, client = program()
    assert listing(client) == 200

    User.objects.filter(id=user.id).update(is_active=False)
    time.sleep(PAST_EXPIRY)

    assert listing(client) == 401


def test_a_role_removed_elsewhere_stops_counting_once_the_expiry_has_passed(db: None) -> None:
    user, _, client = program("viewer")
    assert listing(client) == 200

    User.groups.through.objects.filter(user_id=user.id).delete()
    time.sleep(PAST_EXPIRY)

    assert listing(client) == 403


def test_a_role_removed_in_this_process_stops_counting_at_once(db: None) -> None:
    user, _, client = program("viewer")
    assert listing(client) == 200

    with override_settings(BATON_AUTH_CACHE_SECONDS=60):
        user.groups.clear()

        assert listing(client) == 403


def test_an_access_key_deleted_elsewhere_is_refused_at_aws_once_the_expiry_has_passed(
    db: None,
) -> None:
    publish_version("cached", PASS)
    key = access_key("cached-aws", "operator")
    assert start_at_aws(key).status_code == 200

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AccessKey._meta.db_table} WHERE access_key_id = %s", [key[0]])
    time.sleep(PAST_EXPIRY)

    refused = start_at_aws(key)
    assert refused.status_code == 400
    assert json.loads(refused.content)["__type"].endswith("UnrecognizedClientException")


def test_with_the_cache_off_a_revoked_token_is_refused_at_once(db: None) -> None:
    _, token, client = program()
    assert listing(client) == 200

    with override_settings(BATON_AUTH_CACHE_SECONDS=0):
        ApiToken.objects.filter(id=token.id).update(revoked_at=timezone.now())

        assert listing(client) == 401
