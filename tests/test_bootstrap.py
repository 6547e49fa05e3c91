"""manage.py bootstrap: the first admin account is created once, with a printed password."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command


def test_it_creates_an_admin_and_prints_its_password(db: None) -> None:
    out = StringIO()
    call_command("bootstrap", stdout=out)
    password = out.getvalue().split("password '")[1].split("'")[0]
    # The printed password logs the new superuser in
    user = authenticate(username="admin", password=password)
    assert user is not None and user.is_superuser


def test_it_leaves_existing_superusers_alone(alice: User) -> None:
    out = StringIO()
    call_command("bootstrap", stdout=out)
    assert "password" not in out.getvalue()
    assert User.objects.filter(is_superuser=True).count() == 1
