"""states-language.net — Task State: hands its payload to a resource and waits for the result.

The interpreter only says what to run (Invoke); the driver runs it and resumes the state.
"""

from __future__ import annotations

from typing import Any

from .. import jsonpath
from ..outcomes import Invoke
from .base import State, StateRun, effective_input, parameters


class TaskState(State):
    def enter(self, run: StateRun) -> Invoke:
        if run.is_jsonata:
            payload = (
                run.evaluate(run.node["Arguments"], "Arguments")
                if "Arguments" in run.node
                else run.input
            )
            scope_value = run.input
        else:
            scope_value = effective_input(run)
            payload = parameters(run, scope_value)
        return Invoke(
            resource=run.node["Resource"],
            payload=payload,
            timeout_seconds=_seconds(run, "TimeoutSeconds", scope_value),
            heartbeat_seconds=_seconds(run, "HeartbeatSeconds", scope_value),
        )


def _seconds(run: StateRun, field: str, value: Any) -> float | None:
    """TimeoutSeconds/HeartbeatSeconds: a number, a JSONata expression, or a …Path."""
    if field in run.node:
        return run.evaluate(run.node[field], field) if run.is_jsonata else run.node[field]
    if f"{field}Path" in run.node:
        return jsonpath.select(run.node[f"{field}Path"], run.scope(value))
    return None
