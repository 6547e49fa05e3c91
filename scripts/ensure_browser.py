#!/usr/bin/env python
"""Find the Chromium that the browser tests drive (tests/browser), installing Debian's if need be.

Run by `make test` before pytest:
1. BATON_CHROMIUM if it is set, else /usr/bin/chromium, else `chromium` on PATH.
2. None of them, but root with apt-get: `apt-get install chromium` (its output in a log file).
3. Still none: one line saying how to get one. `make test` carries on, and the browser tests
   fail with that same line (tests/browser/conftest.py calls find_chromium()).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
from baton.chromium import NoChromium, find_chromium  # noqa: E402

__all__ = ["NoChromium", "find_chromium"]


def can_install() -> bool:
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


def install(log: Path) -> bool:
    """`apt-get install chromium`, after `apt-get update` if the package lists lack it."""
    print("ensure_browser: installing Debian's chromium for the browser tests", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with log.open("w") as out:

        def apt(*args: str) -> bool:
            done = subprocess.run(["apt-get", *args], stdout=out, stderr=out, env=env)
            return done.returncode == 0

        return apt("install", "-y", "-q", "chromium") or (
            apt("update", "-q") and apt("install", "-y", "-q", "chromium")
        )


def main() -> int:
    try:
        find_chromium()
        return 0
    except NoChromium as missing:
        reason = str(missing)
        if os.environ.get("BATON_CHROMIUM") or not can_install():
            print(f"ensure_browser: {reason}", flush=True)
            return 0
    log = Path(tempfile.gettempdir()) / "baton-apt-chromium.log"
    if not install(log):
        print(f"ensure_browser: {reason} (apt-get failed: see {log})", flush=True)
    return 0  # the browser tests report a missing browser themselves


if __name__ == "__main__":
    sys.exit(main())
