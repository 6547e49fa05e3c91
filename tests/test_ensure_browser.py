"""scripts/ensure_browser.py, run by `make test`: which Chromium the browser tests get, and the
one line said when there is none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.ensure_browser import NoChromium, find_chromium
from tests.processes import REPO


def test_baton_chromium_names_the_browser_to_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = tmp_path / "my-chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    monkeypatch.setenv("BATON_CHROMIUM", str(browser))

    assert find_chromium() == str(browser)


def test_a_baton_chromium_that_cannot_run_is_one_line_saying_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BATON_CHROMIUM", str(tmp_path / "missing"))

    with pytest.raises(NoChromium) as missing:
        find_chromium()
    assert str(missing.value) == (
        f"BATON_CHROMIUM={tmp_path / 'missing'} is not an executable file:"
        " install Debian's chromium (apt-get install chromium) or set BATON_CHROMIUM=/path"
    )


def test_the_script_says_so_in_one_line_and_lets_make_test_go_on(tmp_path: Path) -> None:
    env = {**os.environ, "BATON_CHROMIUM": str(tmp_path / "missing")}
    done = subprocess.run(
        [sys.executable, "scripts/ensure_browser.py"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert done.returncode == 0
    assert done.stdout.count("\n") == 1 and "BATON_CHROMIUM=" in done.stdout
