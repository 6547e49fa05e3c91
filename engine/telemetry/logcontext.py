"""The fields every log line of an engine or a task carries (execution id, workflow, version,
state, attempt, trace id), bound for the duration of a piece of work: a contextvar, so threads
and asyncio tasks each keep their own. Read by the JSON log formatter (baton/logs.py)."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_fields: contextvars.ContextVar[dict[str, Any]] = contextvars.ContextVar("baton_log_fields")


def fields() -> dict[str, Any]:
    """The fields bound now (empty outside any work)."""
    return _fields.get({})


def bind(values: dict[str, Any]) -> contextvars.Token:
    """Add `values` to the fields until unbind(the returned token): the allocation-light form
    of bound() for the engine's hot path (telemetry/context.py)."""
    return _fields.set({**fields(), **values})


def unbind(token: contextvars.Token) -> None:
    _fields.reset(token)


@contextmanager
def bound(**values: Any) -> Iterator[None]:
    """Add `values` (None values are left out) to every log line written inside the block."""
    token = _fields.set({**fields(), **{k: v for k, v in values.items() if v is not None}})
    try:
        yield
    finally:
        _fields.reset(token)
