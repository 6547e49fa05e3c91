"""Which task this thread is running, for baton.heartbeat() called from inside a function.

Its own module so that both the task bodies (taskbodies.py) and the inline runner (inline.py)
can mark the thread without importing each other.
"""

from __future__ import annotations

import threading

INLINE = "inline"  # current_token() inside a function run inline: no task run to heartbeat
_current = threading.local()


def set_token(token: str | None) -> None:
    """Mark this thread as running the task with `token` (None: no task any more)."""
    _current.token = token


def running_inline() -> None:
    """Mark this thread as running a function inline (see engine/inline.py)."""
    _current.token = INLINE


def current_token() -> str | None:
    """The token of the task this thread runs (for heartbeats from inside a function)."""
    return getattr(_current, "token", None)
