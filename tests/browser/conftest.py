"""Fixtures of the browser tests: headless Chromium (Debian's, driven by Playwright) against a
real daphne and `runengine` on the test database.

- chromium (module): the launched Browser; without a Chromium every test fails with one line.
- baton_server: daphne and an engine (tests.processes.running_baton), started once per module;
  `.url` is the base URL. It brings transactional_db, so the rows a test makes are committed
  and the server sees them.
- page: a new context and page on the server (relative URLs, 10 s timeouts). Console errors and
  uncaught exceptions go into `console_errors`; a test that leaves any there fails.
- make_user(role): a user named after the role, in its group (viewer, operator, designer,
  admin), with tests.conftest.PASSWORD; `login(page, username)` in harness.py.

While a browser is open, Playwright's sync API runs an event loop in the test's thread. So the
ORM needs DJANGO_ALLOW_ASYNC_UNSAFE here (set below; tests.processes keeps it from the
servers), in-process async_to_sync cannot be used, and the browser is closed after each module
rather than at the end of the session, so that the tests after it run without that loop.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, sync_playwright

from baton.api.permissions import ROLES
from tests.accounts.users import user_with
from tests.browser.harness import TIMEOUT_MS, BatonServer, launch, record_console_errors
from tests.conftest import PASSWORD
from tests.processes import running_baton

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def baton_processes(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BatonServer]:
    folder = tmp_path_factory.mktemp("baton-server")
    started = time.monotonic()
    with running_baton(folder) as url:
        yield BatonServer(url, folder, time.monotonic() - started)


@pytest.fixture
def baton_server(baton_processes: BatonServer, transactional_db: None) -> BatonServer:
    return baton_processes


@pytest.fixture
def console_errors() -> list[str]:
    return []


@pytest.fixture
def page(chromium: Browser, baton_server: BatonServer, console_errors: list[str]) -> Iterator[Page]:
    context = chromium.new_context(base_url=baton_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()
    record_console_errors(opened, console_errors)
    yield opened
    context.close()
    if console_errors:
        pytest.fail("the page logged errors:\n" + "\n".join(console_errors), pytrace=False)


@pytest.fixture
def make_user(transactional_db: None) -> Callable[[str], User]:
    """make_user("operator") -> a user "operator" in the operator group, password PASSWORD."""

    def make(role: str) -> User:
        assert role in ROLES, f"{role!r} is not one of {ROLES}"
        return user_with(role, role, password=PASSWORD)

    return make
