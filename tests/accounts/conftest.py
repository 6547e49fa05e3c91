"""Users with one role each, for the tests of personal tokens, access keys and health."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.accounts.users import user_with


@pytest.fixture
def viewer(db: None) -> User:
    return user_with("viewer")


@pytest.fixture
def admin(db: None) -> User:
    return user_with("admin")
