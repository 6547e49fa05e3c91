"""states-language.net — Task State: hands its payload to a resource and waits for the result.

The interpreter only says what to run (Invoke); the driver runs it and resumes the state.
TimeoutSeconds and HeartbeatSeconds, however given, must be integers from 1 to 99,999,999
(Step Functions' range), or the state fails before its task is scheduled.
"""

from __future__ import annotations

from typing import Any

from ..limits import MAX_TIMEOUT_SECONDS
from ..outcomes import Invoke
from . import numbers
from .base import State, StateRun, arguments, effective_input, parameters


class TaskState(State):
    def enter(self, run: StateRun) -> Invoke:
        if run.is_jsonata:
            payload = arguments(run)
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


def _seconds(run: StateRun, field: str, value: Any) -> int | None:
    """TimeoutSeconds/HeartbeatSeconds: a number, a JSONata expression, or a …Path."""
    seconds = numbers.read(run, value, run.node, field, "integer")
    if seconds is None:
        return None
    if seconds != int(seconds) or not 1 <= seconds <= MAX_TIMEOUT_SECONDS:
        expected = f"an integer from 1 to {MAX_TIMEOUT_SECONDS}"
        raise numbers.out_of_range(run, run.node, field, seconds, expected)
    return int(seconds)
