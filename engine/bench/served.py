"""Baton served as `make run` serves it, for the bench's browser workloads: daphne in its own
process on a free port, and a logged-in session for a throwaway viewer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client

from .harness import ROOT

VIEWER = "bench-viewer"


@contextmanager
def daphne() -> Iterator[str]:
    """Yields the base URL once the server listens; stops it on exit."""
    port = _free_port()
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
        _wait_listening(port, server)
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_listening(port: int, server: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"daphne exited with {server.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"daphne did not listen on {port} within {timeout} s")
