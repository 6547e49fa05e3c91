"""Functions the bench's Task states call; engines load them via BATON_FUNCTION_MODULES."""

from __future__ import annotations

import json
import os
import time
from typing import Any

from engine.functions import function


@function("bench-noop")
def noop(payload: Any) -> Any:
    """Trivial: returns its input, so the cost measured is the engine's alone."""
    return payload


@function("bench-recorded")
def recorded(payload: Any) -> Any:
    """Sleeps payload["sleep"] seconds and appends its start and end, with its task token and
    process, to the file BATON_BENCH_CALLS (W10 counts the attempts that ran twice)."""
    _record(payload, "start")
    time.sleep(float(payload.get("sleep", 0.05)))
    _record(payload, "end")
    return {"n": payload.get("n")}


def _record(payload: Any, phase: str) -> None:
    entry = {"token": payload.get("token"), "pid": os.getpid(), "phase": phase, "at": time.time()}
    fd = os.open(os.environ["BATON_BENCH_CALLS"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (json.dumps(entry) + "\n").encode())  # one write: lines never interleave
    finally:
        os.close(fd)


@function("bench-sleep")
def sleep(payload: Any) -> Any:
    """Sleeps payload["sleep"] seconds (default 20 ms): a task whose start and end are two
    separate engine rounds, so a live page sees it running, then succeeded (W7)."""
    time.sleep(float((payload or {}).get("sleep", 0.02)))
    return payload
