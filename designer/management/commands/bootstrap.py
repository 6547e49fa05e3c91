"""First-run set-up for `make run`: an admin account if there is none, and the examples."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from baton.management.base import DatabaseCommand
from designer.examples import load_examples


@dataclass(frozen=True)
class Admin:
    """The admin account `make run` names in its banner; `password` only when just created."""

    username: str
    password: str | None = None


def ensure_admin(username: str = "admin") -> Admin:
    """The first superuser, created with a random password when there is none."""
    users = get_user_model()
    existing = users.objects.filter(is_superuser=True).order_by("pk").first()
    if existing is not None:
        return Admin(existing.get_username())
    password = secrets.token_urlsafe(12)
    users.objects.create_superuser(username, f"{username}@localhost", password)
    return Admin(username, password)


class Command(DatabaseCommand):
    help = "Create the first admin account (printing its password once) and load the examples."

    def handle(self, *args: Any, **options: Any) -> None:
        admin = ensure_admin()
        if admin.password:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created admin account: username {admin.username!r}, password"
                    f" {admin.password!r} (shown only this once; change it in the admin)."
                )
            )
        count = load_examples()
        self.stdout.write(f"Loaded {count} example workflow(s).")
