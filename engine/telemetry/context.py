"""Entering a task's body: the thread-local task (tasklocal), the log fields (logcontext) and,
when tracing is on, the task attempt's span as the current OpenTelemetry context, so that a
function's own spans nest under it and its HTTP calls can carry `traceparent`.

A class rather than three nested context managers: every inline task enters one (W2 runs
thousands a second), so it allocates little and skips tracing entirely when it is off.
"""

from __future__ import annotations

from contextlib import ExitStack
from functools import lru_cache
from typing import Any

from django.conf import settings

from .. import tasklocal
from . import logcontext, tracing


class task_scope:  # noqa: N801 - used as a context manager, like contextlib's
    def __init__(self, scope: tasklocal.TaskScope) -> None:
        self.scope = scope
        self._stack: ExitStack | None = None
        self._fields: Any = None

    def __enter__(self) -> tasklocal.TaskScope:
        scope = self.scope
        tasklocal.enter(scope)
        if scope.traceparent and tracing.enabled():
            self._stack = ExitStack()
            self._stack.enter_context(tracing.within(scope.traceparent))
        self._fields = logcontext.bind(_fields_of(scope))
        return scope

    def __exit__(self, *exc: object) -> None:
        logcontext.unbind(self._fields)
        if self._stack is not None:
            self._stack.close()
        tasklocal.leave()


def _fields_of(scope: tasklocal.TaskScope) -> dict[str, Any]:
    fields: dict[str, Any] = {"attempt": scope.attempt}
    if scope.execution_id:
        fields["execution_id"] = scope.execution_id
        if settings.BATON_LOG_JSON:  # a query (once per execution): only when lines need it
            fields["workflow"], fields["version"] = execution_names(scope.execution_id)
    if scope.state:
        fields["state"] = scope.state
    if scope.traceparent:
        fields["trace_id"] = tracing.trace_id_of(scope.traceparent)
    return {key: value for key, value in fields.items() if value is not None}


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
