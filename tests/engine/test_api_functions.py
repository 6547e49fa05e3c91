"""GET /api/functions/: what the designer's function picker offers."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from engine import functions
from tests.accounts.users import bearer, user_with


@pytest.fixture
def viewer(db: None) -> APIClient:
    return bearer(user_with("viewer"))


def test_it_lists_registered_functions_with_the_resource_that_calls_them(
    viewer: APIClient,
) -> None:
    def shout(payload: object) -> object:
        """Upper-cases the text it is given.

        More words that the picker does not show."""
        return payload

    functions.register("test-shout", shout)
    rows = {row["name"]: row for row in viewer.get("/api/functions/").json()}
    assert rows["test-shout"] == {
        "name": "test-shout",
        "resource": "arn:aws:lambda:us-east-1:000000000000:function:test-shout",
        "queued": False,
        "description": "Upper-cases the text it is given.",
    }
    # The examples that ship with Baton are registered in the web process too
    assert {"reserve-inventory", "charge-payment", "ship-order"} <= set(rows)
