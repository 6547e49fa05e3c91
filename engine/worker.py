"""The engine loop: advance executions, fire timers, run task bodies — in one process.

`Engine.serve()` is what `runengine` runs; `execute` and `asl_conformance` run the same loop
in their own process until their executions end.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection
from django.utils import timezone

from . import claims, resources, runtime
from .listener import WorkListener
from .models import TaskRun

log = logging.getLogger(__name__)

FALLBACK_POLL_SECONDS = 2.0
LEASE_SECONDS = 300.0
BATCH = 50


class Engine:
    """One engine process's loop and its pool of task-body threads."""

    def __init__(self, concurrency: int = 4, name: str | None = None) -> None:
        self.concurrency = concurrency
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.stopping = threading.Event()
        self._pool = ThreadPoolExecutor(concurrency, thread_name_prefix="baton-task")
        self._in_flight = 0
        self._lock = threading.Lock()
        self._listener: WorkListener | None = None

    def serve(self, until: Callable[[], bool] | None = None) -> None:
        """Loop until stop() (SIGTERM) or `until()` holds.

        1. Advance every runnable execution, fire due timers, hand task runs to the pool.
        2. When a round found nothing to do, sleep until the next timer is due, a NOTIFY
           arrives, or the fallback interval passes.
        3. On stop: finish the round, wait for task bodies in flight, release the listener.
        """
        self._listener = WorkListener()
        try:
            while not self.stopping.is_set() and not (until and until()):
                if not self.tick():
                    self._listener.wait(self._sleep_seconds())
        finally:
            self._close_pool()
            self._listener.close()
            connection.close()

    def _close_pool(self) -> None:
        """Wait for task bodies in flight, then close every pool thread's own connection."""
        barrier = threading.Barrier(self.concurrency)

        def close_connection() -> None:
            try:
                barrier.wait(timeout=5)  # one job per thread: each closes its own
            except threading.BrokenBarrierError:
                pass
            connection.close()

        for _ in range(self.concurrency):
            self._pool.submit(close_connection)
        self._pool.shutdown(wait=True)

    def stop(self) -> None:
        self.stopping.set()

    def tick(self) -> bool:
        """One round of work; True when it did something (so the loop goes again at once)."""
        did = False
        while runtime.advance_one():
            did = True
        for timer_id, execution_id in claims.due_timers(timezone.now(), BATCH):
            did = runtime.fire_timer(timer_id, execution_id) or did
        return self._dispatch_tasks() or did

    def _sleep_seconds(self) -> float:
        due = claims.next_timer_due()
        if due is None:
            return FALLBACK_POLL_SECONDS
        return min(FALLBACK_POLL_SECONDS, (due - timezone.now()).total_seconds())

    def _dispatch_tasks(self) -> bool:
        with self._lock:
            free = self.concurrency - self._in_flight
        tasks = claims.claim_task_runs(self.name, free, LEASE_SECONDS)
        for task in tasks:
            with self._lock:
                self._in_flight += 1
            self._pool.submit(self._run_task, task)
        return bool(tasks)

    def _run_task(self, task: TaskRun) -> None:
        try:
            runtime.deliver_task_result(task, _task_outcome(task))
        except Exception:  # noqa: BLE001 - keep the pool alive; the lease brings the task back
            log.exception("task %s of execution %s failed to complete", task.key, task.execution_id)
        finally:
            with self._lock:
                self._in_flight -= 1
            runtime_wake()


def _task_outcome(task: TaskRun) -> dict[str, Any]:
    call = resources.TaskCall(
        resource=task.resource,
        payload=task.payload,
        token=task.token,
        execution_id=str(task.execution_id),
        state=task.state,
        attempt=task.attempt,
    )
    try:
        return {"kind": "task_succeeded", "output": resources.run(call)}
    except resources.TaskFailure as failure:
        return {"kind": "task_failed", "error": failure.error, "cause": failure.cause}


def runtime_wake() -> None:
    """Nudge sleeping engines (this one included) after a task's result landed."""
    runtime.notify_work()
