"""Issue 14, "Done when": the live sockets refuse an anonymous browser and a user without a
role, with the codes a page can tell apart (engine/consumers.py), in Chromium against daphne."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page

from tests.accounts.users import user_with
from tests.browser.harness import login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Opens a socket from the page's origin and resolves with how it ended: "subscribed" or the
# close code.
OPEN = """(path) => new Promise((resolve) => {
  const ws = new WebSocket(`ws://${location.host}${path}`);
  ws.onmessage = (m) => {
    if (JSON.parse(m.data).type === "subscribed") { resolve("subscribed"); ws.close(); }
  };
  ws.onclose = (event) => resolve(event.code);
})"""


def test_an_anonymous_browser_is_refused_with_4401(page: Page) -> None:
    page.goto("/accounts/login/")
    assert page.evaluate(OPEN, "/ws/executions/") == 4401


def test_a_user_without_a_role_is_refused_with_4403_and_a_viewer_is_let_in(
    page: Page, make_user: Callable[[str], User], console_errors: list[str]
) -> None:
    user_with(None, "nobody", password=PASSWORD)
    login(page, "nobody")
    console_errors.clear()  # the page after logging in says 403 to a user without a role
    assert page.evaluate(OPEN, "/ws/executions/") == 4403
    make_user("viewer")
    page.context.clear_cookies()
    login(page, "viewer")
    assert page.evaluate(OPEN, "/ws/executions/") == "subscribed"
    assert page.evaluate(OPEN, "/ws/workflows/no-such-workflow/") == 4404
