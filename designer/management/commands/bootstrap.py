"""First-run set-up for `make run`: an admin account if there is none, and the examples."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from designer.examples import load_examples


def create_first_admin(username: str = "admin") -> tuple[str, str] | None:
    """Create a superuser with a random password unless one exists; return its credentials."""
    users = get_user_model()
    if users.objects.filter(is_superuser=True).exists():
        return None
    password = secrets.token_urlsafe(12)
    users.objects.create_superuser(username, f"{username}@localhost", password)
    return username, password


class Command(BaseCommand):
    help = "Create the first admin account (printing its password once) and load the examples."

    def handle(self, *args: Any, **options: Any) -> None:
        credentials = create_first_admin()
        if credentials:
            username, password = credentials
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created admin account: username {username!r}, password {password!r}"
                    " (shown only this once; change it in the admin)."
                )
            )
        count = load_examples()
        self.stdout.write(f"Loaded {count} example workflow(s).")
