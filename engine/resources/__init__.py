"""Task resources: what a Task state's `Resource` runs. One module per kind.

A handler takes the task (resource, payload, context) and returns the result, or raises
TaskFailure with the error name and cause the Task state fails with, or returns PENDING when
someone else reports the outcome later through the task token (engine/callbacks.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PENDING = object()  # a handler's result meaning "the outcome arrives later, by token"


@dataclass(frozen=True)
class Waiting:
    """PENDING, with history events ({"type", "details"}) to record as the task starts, in
    the same transaction as its …Started event (approvals: HumanTaskCreated)."""

    notes: tuple[dict[str, Any], ...] = ()


class TaskFailure(Exception):
    def __init__(self, error: str, cause: str) -> None:
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause


@dataclass(frozen=True)
class TaskCall:
    resource: str
    payload: Any
    token: str
    execution_id: str
    state: str
    attempt: int
    traceparent: str | None = None  # the attempt's span (W3C), when tracing is on


Matcher = Callable[[str], bool]
Handler = Callable[[TaskCall], Any]
_handlers: list[tuple[Matcher, Handler]] = []


def register(matches: Matcher, handler: Handler) -> None:
    """Add a resource kind; the first kind whose matcher accepts a resource runs it."""
    _handlers.append((matches, handler))


def run(call: TaskCall) -> Any:
    for matches, handler in _handlers:
        if matches(call.resource):
            return handler(call)
    raise TaskFailure(
        "States.TaskFailed", f"The resource '{call.resource}' is not supported by Baton."
    )


def register_builtin() -> None:
    """Register the resource kinds Baton ships (called once from EngineConfig.ready)."""
    from . import activity, http, python, subworkflow

    if not _handlers:
        python.register_kind()
        subworkflow.register_kind()
        activity.register_kind()
        http.register_kind()
