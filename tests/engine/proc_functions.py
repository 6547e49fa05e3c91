"""Task functions for tests/engine/test_processes.py, imported by `runengine` subprocesses.

The subprocess finds this module through PYTHONPATH and BATON_FUNCTION_MODULES. Every call is
recorded as one JSON line in BATON_PROC_DIR/calls.jsonl (one os.write on an O_APPEND file, so
lines from several engine processes never interleave); flags are files in that directory.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from baton import function


def _dir() -> Path:
    return Path(os.environ["BATON_PROC_DIR"])


def record(name: str, payload: Any, phase: str = "call") -> None:
    entry = {"fn": name, "phase": phase, "pid": os.getpid(), "at": time.time()}
    line = json.dumps({**entry, "payload": payload})
    fd = os.open(_dir() / "calls.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


@function("proc-echo")
def echo(payload: Any) -> Any:
    record("proc-echo", payload)
    return payload


@function("proc-slow")
def slow(payload: dict[str, Any]) -> dict[str, Any]:
    """Sleeps payload["sleep"] seconds; records its start and its end."""
    record("proc-slow", payload, "start")
    time.sleep(float(payload.get("sleep", 2)))
    record("proc-slow", payload, "end")
    return {"id": payload.get("id"), "slept": True}


@function("proc-fail")
def fail(payload: Any) -> Any:
    record("proc-fail", payload)
    raise RuntimeError("always broken")


@function("proc-flaky")
def flaky(payload: dict[str, Any]) -> dict[str, Any]:
    """Fails until the test creates the file BATON_PROC_DIR/fixed."""
    record("proc-flaky", payload)
    if not (_dir() / "fixed").exists():
        raise RuntimeError(f"item {payload.get('id')} is broken")
    return {"id": payload.get("id"), "ok": True}


@function("proc-hand-out")
def hand_out(payload: Any) -> None:
    """A .waitForTaskToken target that hands the token to nobody."""
    record("proc-hand-out", payload)


@function("proc-traced")
def traced(payload: Any) -> Any:
    """Makes a span of its own with OpenTelemetry's API: it must nest under the task attempt's."""
    from opentelemetry import trace

    with trace.get_tracer("tests.proc").start_as_current_span("inside the function"):
        record("proc-traced", payload)
    return payload
