"""The browser harness itself: Chromium reaches daphne on the test database, static files load,
console errors are caught, a persona logs in through the login page and a screenshot is kept."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, Response

from tests.browser.harness import BatonServer, login, shot

pytestmark = pytest.mark.browser


def health(page: Page) -> dict[str, Any]:
    response = page.goto("/api/health/")
    assert response is not None and response.status == 200
    return response.json()


def test_chromium_gets_the_health_check_from_daphne_and_the_engine_is_up(
    page: Page, baton_server: BatonServer
) -> None:
    print(f"daphne and runengine started in {baton_server.start_seconds:.1f} s")
    deadline = time.monotonic() + 10
    while not (report := health(page))["engine"]["ok"] and time.monotonic() < deadline:
        time.sleep(0.2)  # a test before this one may have flushed the engine's heartbeat

    assert report["database"] is True and report["engine"]["ok"] is True
    # No qcluster runs beside the test server, so the service reports itself degraded
    assert (report["status"], report["cluster"]["ok"]) == ("degraded", False)


def test_pages_get_their_static_files(page: Page) -> None:
    loaded: list[Response] = []
    page.on("response", lambda r: loaded.append(r) if "/static/" in r.url else None)

    page.goto("/accounts/login/")

    assert [r for r in loaded if r.request.resource_type == "stylesheet"], "no stylesheet"
    assert {(r.url, r.status) for r in loaded if r.status != 200} == set()


def test_the_page_fixture_records_console_errors_and_uncaught_exceptions(
    page: Page, console_errors: list[str]
) -> None:
    page.set_content("<script>console.error('logged on purpose'); throw new Error('boom')</script>")

    assert console_errors[0].startswith("console.error: logged on purpose")
    assert console_errors[1] == "uncaught Error: boom"
    console_errors.clear()  # or the page fixture fails this test


def test_a_persona_logs_in_through_the_login_page(
    page: Page,
    make_user: Callable[[str], User],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_user("viewer")
    monkeypatch.setenv("BATON_SCREENSHOTS", str(tmp_path))

    login(page, "viewer")
    saved = shot(page, "after-login")

    assert urlsplit(page.url).path == "/workflows/"
    assert saved == tmp_path / "after-login.png" and saved.stat().st_size > 1000
