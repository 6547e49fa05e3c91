"""Finding and launching the Chromium that browser tests and the W8 benchmark drive.

Debian's `chromium` package by default (Playwright cannot download its own browsers here);
BATON_CHROMIUM names another binary. The flags keep a headless Chromium off the network."""

from __future__ import annotations

import os
import shutil
from typing import Any

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEBIAN_CHROMIUM = "/usr/bin/chromium"
HOW_TO_GET_ONE = "install Debian's chromium (apt-get install chromium) or set BATON_CHROMIUM=/path"


class NoChromium(RuntimeError):
    """No Chromium or no playwright package: the message says what is missing and what to do."""


def find_chromium() -> str:
    """BATON_CHROMIUM if set, else Debian's, else `chromium` on PATH; NoChromium if none."""
    configured = os.environ.get("BATON_CHROMIUM")
    if configured:
        if _is_executable(configured):
            return configured
        raise NoChromium(f"BATON_CHROMIUM={configured} is not an executable file: {HOW_TO_GET_ONE}")
    for candidate in (DEBIAN_CHROMIUM, shutil.which("chromium")):
        if candidate and _is_executable(candidate):
            return candidate
    raise NoChromium(f"No Chromium for the browser tests: {HOW_TO_GET_ONE}")


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def launch(playwright: Any) -> Any:
    """A headless Chromium browser from a started playwright (sync API)."""
    return playwright.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)


def sync_playwright() -> Any:
    """playwright.sync_api.sync_playwright(), or NoChromium when the package is missing."""
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError:
        raise NoChromium(
            "The playwright package is missing: pip install -e '.[dev]' (or make venv)"
        ) from None
    return start()
