"""Finding and launching the Chromium that browser tests and the W8 benchmark drive.

Debian's `chromium` package by default (Playwright cannot download its own browsers here);
BATON_CHROMIUM names another binary. The flags keep a headless Chromium off the network."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
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
HOW_TO_GET_ONE = (
    "install Debian's chromium (apt-get install chromium; `make test` does it when run as root) "
    "or set BATON_CHROMIUM to a Chromium binary"
)


class NoChromium(RuntimeError):
    """No Chromium or no playwright package: the message says what is missing and what to do."""


def find_chromium() -> str:
    """The Chromium binary to launch, or NoChromium saying how to get one."""
    named = os.environ.get("BATON_CHROMIUM")
    if named:
        if not Path(named).is_file():
            raise NoChromium(f"BATON_CHROMIUM={named} is not a file; {HOW_TO_GET_ONE}")
        return named
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise NoChromium(f"No Chromium found: {HOW_TO_GET_ONE}")
    return found


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
