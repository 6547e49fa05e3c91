"""What the browser tests do with Chromium: launch Debian's, watch a page's console, log in,
save screenshots; and the server they drive. The fixtures built on these are in
tests/browser/conftest.py."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright
from playwright.sync_api import Error as PlaywrightError

from baton.chromium import LAUNCH_ARGS, NoChromium, find_chromium
from tests.conftest import PASSWORD

TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class BatonServer:
    """daphne and runengine on the test database (the baton_server fixture)."""

    url: str  # http://127.0.0.1:PORT, no trailing slash
    logs: Path  # daphne.log and engine.log
    start_seconds: float


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium (or BATON_CHROMIUM); fails the test in one line when there is none."""
    try:
        path, reason = find_chromium(), ""
    except NoChromium as missing:
        path, reason = "", str(missing)
    if not path:
        pytest.fail(reason, pytrace=False)
    try:
        return playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
    except PlaywrightError as exc:
        reason = f"Chromium at {path} did not start: {str(exc).strip().splitlines()[0]}"
    pytest.fail(reason, pytrace=False)


def record_console_errors(page: Page, errors: list[str]) -> None:
    """Append every console.error and uncaught exception of `page` to `errors`."""

    def on_console(message: ConsoleMessage) -> None:
        url = message.location.get("url") or ""
        # Chromium asks for /favicon.ico by itself where a page names no icon (a JSON answer)
        if message.type == "error" and not url.endswith("/favicon.ico"):
            errors.append(f"console.error: {message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught {exc.name}: {exc.message}"))


def login(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login page, as a person would, and wait for the page after it."""
    page.goto("/accounts/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    with page.expect_navigation():
        page.click('button[type="submit"]')


def screenshot_dir() -> Path:
    return Path(os.environ.get("BATON_SCREENSHOTS") or Path(tempfile.gettempdir()) / "baton-shots")


def shot(page: Page, name: str) -> Path:
    """Save the whole page as BATON_SCREENSHOTS/NAME.png (default: a folder in /tmp) to look at."""
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")  # shown with a failing test's output
    return path
