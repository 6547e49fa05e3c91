"""Task functions for tests/browser/test_live_execution.py, imported by its `runengine`
subprocess (through PYTHONPATH and BATON_FUNCTION_MODULES, tests.processes.function_env)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from baton import function, log


class Flaky(Exception):
    """Raised by live-flaky on its first two attempts."""


class FlagMissing(Exception):
    """Raised by live-needs-flag until its flag file exists."""


@function("live-flaky")
def flaky(payload: dict[str, Any]) -> dict[str, Any]:
    """Fails while `attempt` ($$.State.RetryCount) is below 2: the third attempt succeeds."""
    attempt = int(payload.get("attempt", 0))
    if attempt < 2:
        raise Flaky(f"attempt {attempt} fails on purpose")
    return {"attempts": attempt + 1}


@function("live-needs-flag")
def needs_flag(payload: dict[str, Any]) -> dict[str, Any]:
    """Fails until BATON_LIVE_DIR/<flag> exists (the test creates it before redriving)."""
    flag = Path(os.environ["BATON_LIVE_DIR"]) / str(payload["flag"])
    if not flag.exists():
        raise FlagMissing(f"no flag file '{flag.name}' yet")
    return {"flag": flag.name}


@function("live-pay")
def pay(payload: dict[str, Any]) -> dict[str, Any]:
    """Writes two log lines with baton.log (tests/browser/test_live_task_log.py)."""
    log.info("waiting on payment", order_id=payload["order"])
    log.warning("payment provider slow", seconds=2.5)
    return {"paid": payload["order"]}
