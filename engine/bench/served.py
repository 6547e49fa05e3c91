"""Baton served as `make run` serves it, for the bench's browser workloads: daphne in its own
process on a free port, and a logged-in session for a throwaway viewer."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client

from .harness import ROOT
from .w5 import free_port, wait_listening

VIEWER = "bench-viewer"


@contextmanager
def daphne() -> Iterator[str]:
    """Yields the base URL once the server listens; stops it on exit."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": settings.DATABASE_URL}
    command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
    server = subprocess.Popen(
        [*command, "baton.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_listening(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in this thread, which Django takes for async
    code and refuses ORM calls in; the bench's queries are plain blocking ones, so allow them."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def viewer_cookie(base_url: str) -> dict[str, str]:
    """A session cookie of a user with the viewer role, for Playwright's context."""
    user, _ = User.objects.get_or_create(username=VIEWER)
    user.groups.add(Group.objects.get_or_create(name="viewer")[0])
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}


def forget_viewer() -> None:
    User.objects.filter(username=VIEWER).delete()
