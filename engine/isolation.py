"""One bad execution fails alone: what escapes while an engine advances it ends it, not the engine.

An exception out of the interpreter, the store or a resource (a bug of ours, a value Postgres
refuses, a RecursionError, a MemoryError) rolls back the transaction it happened in. Then:
1. a batch of executions is taken again one at a time, so the others go on;
2. the execution it happened to is failed with States.Runtime from its last stored program, in a
   transaction of its own (runtime.fail_alone); the cause says what happened, the engine's log
   has the stack trace and the execution id;
3. the execution is no longer RUNNING, so no engine claims it again.
Errors of the database connection itself (OperationalError, InterfaceError: a lost connection, a
lock timeout) are not the execution's fault: they go up to the engine loop, which backs off.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from .asl import errors, storable
from .models import Execution, Status, TaskRun, Timer
from .telemetry import logcontext

log = logging.getLogger("engine.isolation")

T = TypeVar("T")
CAUSE_MAX_CHARS = 300


def is_transient(exc: BaseException) -> bool:
    """True for failures of the database connection rather than of the execution."""
    return isinstance(exc, OperationalError | InterfaceError)


def describe(exc: BaseException) -> str:
    """One storable line naming the exception, without its stack trace."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    if len(text) > CAUSE_MAX_CHARS:
        text = text[: CAUSE_MAX_CHARS - 1] + "…"
    return storable.clean_text(text)


def cause_of(exc: BaseException) -> str:
    return f"The engine could not advance the execution: {describe(exc)}"


def report(execution_id: Any, exc: BaseException) -> None:
    """The stack trace goes to the engine's log, with the execution id; never into a cause."""
    with logcontext.bound(execution_id=str(execution_id)):
        log.error(
            "execution %s failed in the engine: %s", execution_id, describe(exc), exc_info=exc
        )


def guarded(
    execution_id: Any, attempt: Callable[[], T], fail: Callable[[Any, BaseException], None]
) -> T | None:
    """`attempt()`, or, when it raises for a reason of the execution's own, `fail(id, exc)`."""
    try:
        return attempt()
    except Exception as exc:
        if is_transient(exc):
            raise
        report(execution_id, exc)
        fail(execution_id, exc)
        return None


def one_by_one(
    execution_ids: Iterable[Any],
    attempt: Callable[[Any], list[T] | None],
    fail: Callable[[Any, BaseException], None],
) -> list[T]:
    """After a batch failed: each execution alone, so only the one at fault fails."""
    results: list[T] = []
    for execution_id in execution_ids:
        results.extend(guarded(execution_id, functools.partial(attempt, execution_id), fail) or [])
    return results


def force_fail(execution_id: Any, cause: str) -> None:
    """Fail an execution without the interpreter: the last resort when failing it properly
    raised too. Its pending timers and task runs go; its history gets no event."""
    with transaction.atomic():
        TaskRun.objects.filter(execution_id=execution_id).delete()
        Timer.objects.filter(execution_id=execution_id).delete()
        Execution.objects.filter(id=execution_id, status=Status.RUNNING).update(
            status=Status.FAILED,
            is_runnable=False,
            error=errors.RUNTIME,
            cause=cause,
            stopped_at=timezone.now(),
        )


def close_broken_connection() -> None:
    """After a transient error: drop this thread's connection if it is unusable now."""
    try:
        connection.close_if_unusable_or_obsolete()
    except Exception:  # noqa: BLE001 - closing a broken connection may fail as well
        log.debug("closing the broken connection failed", exc_info=True)
