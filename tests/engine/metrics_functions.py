"""Task functions for tests/engine/test_metrics_processes.py, imported by its `runengine`
subprocess through PYTHONPATH and BATON_FUNCTION_MODULES."""

from __future__ import annotations

from typing import Any

from baton import function


@function("metrics-flaky")
def flaky(payload: dict[str, Any]) -> dict[str, Any]:
    """Fails its first attempt (RetryCount 0) and succeeds on the retry."""
    if payload["retry"] == 0:
        raise RuntimeError(f"item {payload['n']}: the first attempt always fails")
    return {"n": payload["n"]}
