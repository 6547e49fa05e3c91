"""Which task this thread is running: for baton.heartbeat() and baton.log inside a function,
and for the context of log lines and trace spans.

Its own module so that the task bodies (taskbodies.py), the inline runner (inline.py) and the
cluster's queued functions (tasks.py) can mark the thread without importing each other.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

INLINE = "inline"  # current_token() inside a function run inline: no task run to heartbeat
_current = threading.local()


@dataclass
class TaskScope:
    """The task a thread runs. `notes` are history events the function asked for (baton.log's
    TaskLog), written to the history together with the task's outcome."""

    token: str
    execution_id: str = ""
    state: str = ""
    attempt: int = 0
    traceparent: str | None = None
    notes: list[dict[str, Any]] = field(default_factory=list)


def enter(scope: TaskScope) -> None:
    """Mark this thread as running the task `scope` until leave()."""
    _current.scope = scope


def leave() -> list[dict[str, Any]]:
    """This thread runs no task any more; the notes its function left, for the history."""
    scope = current()
    _current.scope = None
    return scope.notes if scope is not None else []


def current() -> TaskScope | None:
    return getattr(_current, "scope", None)


def set_token(token: str | None) -> None:
    """Mark this thread as running the task with `token` (None: no task any more)."""
    if token is None:
        leave()
    else:
        enter(TaskScope(token))


def current_token() -> str | None:
    """The token of the task this thread runs (for heartbeats from inside a function)."""
    scope = current()
    return scope.token if scope is not None else None
