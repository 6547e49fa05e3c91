"""Entering a task's body: the thread-local task (tasklocal), the log fields (logcontext) and,
when tracing is on, the task attempt's span as the current OpenTelemetry context, so that a
function's own spans nest under it and its HTTP calls can carry `traceparent`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from django.conf import settings

from .. import tasklocal
from . import logcontext, tracing


@contextmanager
def task_scope(scope: tasklocal.TaskScope) -> Iterator[tasklocal.TaskScope]:
    named = scope.execution_id and settings.BATON_LOG_JSON  # a query: only when lines need it
    workflow, version = execution_names(scope.execution_id) if named else (None, None)
    tasklocal.enter(scope)
    try:
        with (
            tracing.within(scope.traceparent),
            logcontext.bound(
                execution_id=scope.execution_id or None,
                workflow=workflow,
                version=version,
                state=scope.state or None,
                attempt=scope.attempt,
                trace_id=tracing.trace_id_of(scope.traceparent),
            ),
        ):
            yield scope
    finally:
        tasklocal.leave()


@lru_cache(maxsize=4096)
def execution_names(execution_id: str) -> tuple[str | None, int | None]:
    """The workflow's name and version number of an execution (for log lines), cached: an
    execution never changes either."""
    from ..models import Execution

    row = (
        Execution.objects.filter(id=execution_id)
        .values_list("workflow__name", "version__number")
        .first()
    )
    return (row[0], row[1]) if row else (None, None)
