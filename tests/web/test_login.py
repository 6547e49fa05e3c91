"""Logging in and out at /accounts/login/, and every page needing a login."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from tests.conftest import PASSWORD

PAGES = [
    "/",
    "/workflows/",
    "/workflows/saga/",
    "/workflows/new/",
    "/executions/",
    "/inbox/",
    "/account/tokens/",
    "/account/access-keys/",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_an_anonymous_visitor_to_the_login_page(db: None, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_logging_in_goes_to_the_page_asked_for(bob: User) -> None:
    client = Client()
    page = client.get("/accounts/login/?next=/executions/")
    assert 'name="username"' in page.content.decode() and 'name="password"' in page.content.decode()
    response = client.post(
        "/accounts/login/", {"username": "bob", "password": PASSWORD, "next": "/executions/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/executions/")


def test_logging_in_without_next_lands_on_the_workflow_list(bob: User) -> None:
    bob.groups.add(Group.objects.get_or_create(name="viewer")[0])
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "bob", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/workflows/"
    assert response.request["PATH_INFO"] == "/workflows/"


def test_someone_without_a_role_lands_on_the_inbox(bob: User) -> None:
    """An approver needs no role, and every other page would refuse them."""
    response = Client().post(
        "/accounts/login/", {"username": "bob", "password": PASSWORD}, follow=True
    )
    assert response.request["PATH_INFO"] == "/inbox/" and response.status_code == 200


def test_a_next_on_another_site_is_not_followed(bob: User) -> None:
    response = Client().post(
        "/accounts/login/",
        {"username": "bob", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_a_wrong_password_says_so_and_keeps_the_username(bob: User) -> None:
    response = Client().post("/accounts/login/", {"username": "bob", "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct username and password" in page
    assert 'value="bob"' in page


def test_logging_out_takes_a_post_and_ends_the_session(bob_client: Client) -> None:
    assert bob_client.get("/accounts/logout/").status_code == 405
    response = bob_client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert bob_client.get("/workflows/").status_code == 302
