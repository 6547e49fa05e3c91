"""The engine loop: advance executions, fire timers, run task bodies — in one process.

`Engine.serve()` is what `runengine` runs; `execute` and `asl_conformance` run the same loop
in their own process until their executions end.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from django.utils import timezone

from . import claims, conf, isolation, notify, runtime, stops, taskbodies
from .listener import WorkListener
from .models import TaskRun
from .models.heartbeat import BEAT_SECONDS, EngineHeartbeat, Process

log = logging.getLogger(__name__)

FALLBACK_POLL_SECONDS = 2.0
BATCH = 100
# After a round failed (the database went away): wait this long, doubling up to the longest.
BACKOFF_SECONDS = (0.1, 5.0)
# Recorded stops are looked for when a stop's NOTIFY wakes the engine, and at least this often
# (a busy engine reads no notifications): not a query every round.
STOP_CHECK_SECONDS = 0.25


class Engine:
    """One engine process's loop and its pool of task-body threads."""

    def __init__(self, concurrency: int = 4, name: str | None = None) -> None:
        self.concurrency = concurrency
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.stopping = threading.Event()
        self._pool = ThreadPoolExecutor(concurrency, thread_name_prefix="baton-task")
        self._in_flight = 0
        self._held: set[int] = set()  # task runs leased to this engine, queued or running
        self._renewed_at = 0.0
        self._beat_at = 0.0
        self._stops_due_at = 0.0
        self._lock = threading.Lock()

    def serve(self, until: Callable[[], bool] | None = None) -> None:
        """Loop until stop() (SIGTERM) or `until()` holds.

        1. Advance runnable executions, fire due timers, deliver recorded task outcomes and
           overdue tasks' timeouts, and hand claimable task runs to the pool.
        2. When a round found nothing to do, sleep until the next deadline, a NOTIFY, or the
           fallback interval, whichever comes first.
        3. A round that raises (an execution's own failures never reach here: runtime.py fails
           that execution alone) is logged; the loop backs off, reconnects and goes on.
        4. On stop: wait for task bodies in flight (their results are delivered), then close.
        """
        listener: WorkListener | None = None
        backoff = BACKOFF_SECONDS[0]
        try:
            while not self.stopping.is_set() and not (until and until()):
                try:
                    listener = listener or WorkListener()
                    if not self.tick():
                        woken_by = listener.payloads(self._sleep_seconds())
                        if stops.NOTIFY_PAYLOAD in woken_by:
                            self._stops_due_at = 0.0
                    backoff = BACKOFF_SECONDS[0]
                except Exception:
                    log.exception("engine %s: a round failed; again in %.1f s", self.name, backoff)
                    listener = self._drop_listener(listener)
                    isolation.close_broken_connection()
                    self.stopping.wait(backoff)
                    backoff = min(backoff * 2, BACKOFF_SECONDS[1])
        finally:
            self._close_pool()
            self._drop_listener(listener)
            connection.close()

    def stop(self) -> None:
        self.stopping.set()

    @staticmethod
    def _drop_listener(listener: WorkListener | None) -> None:
        if listener is not None:
            try:
                listener.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close
                log.debug("closing the listener failed", exc_info=True)
        return None

    def tick(self) -> bool:
        """One round of work; True when it did something (so the loop goes again at once)."""
        self._beat()
        self._renew_leases()
        did = self._apply_stops()
        # Timers next: a burst of starts must not hold back timers that are due.
        while (leased := runtime.fire_due_timers(timezone.now(), lease_to=self.name)) is not None:
            did = self._dispatch(leased) or did
        while (leased := runtime.advance_many(lease_to=self.name)) is not None:
            did = self._dispatch(leased) or did
        now = timezone.now()
        for execution_id in claims.executions_with_outcomes(BATCH):
            leased = runtime.deliver_recorded_outcomes(execution_id, self.name)
            did = self._dispatch(leased) or did
        for task in claims.overdue_task_runs(now, BATCH):
            outcome_of = taskbodies.deadline_outcome
            leased = runtime.deliver_deadline(
                task.id, task.execution_id, now, outcome_of, self.name
            )
            did = self._dispatch(leased) or did
        return self._claim_free_tasks() or did

    def _apply_stops(self) -> bool:
        """Stops recorded while an engine was busy go first: such an execution must not go on."""
        if time.monotonic() < self._stops_due_at:
            return False
        self._stops_due_at = time.monotonic() + STOP_CHECK_SECONDS
        return stops.apply_stop_requests()

    def _sleep_seconds(self) -> float:
        longest = min(FALLBACK_POLL_SECONDS, STOP_CHECK_SECONDS * 4)
        if self._held:  # wake in time to renew the leases of what this engine holds
            longest = min(longest, self._lease_seconds() / 3)
        due = claims.next_due()
        if due is None:
            return longest
        return min(longest, (due - timezone.now()).total_seconds())

    def _lease_seconds(self) -> float:
        return float(conf.engine_setting("TASK_LEASE_SECONDS"))

    def _beat(self) -> None:
        """Tell /api/health/ this engine is alive, at most every BEAT_SECONDS."""
        if time.monotonic() - self._beat_at < BEAT_SECONDS:
            return
        self._beat_at = time.monotonic()
        EngineHeartbeat.beat(Process.ENGINE, self.name)

    def _renew_leases(self) -> None:
        """Keep the leases of held task runs alive: only a dead engine loses its tasks."""
        lease = self._lease_seconds()
        if time.monotonic() - self._renewed_at < lease / 3:
            return
        self._renewed_at = time.monotonic()
        with self._lock:
            held = list(self._held)
        if held:
            claims.renew_leases(self.name, held, lease)

    def _claim_free_tasks(self) -> bool:
        with self._lock:
            free = self.concurrency - self._in_flight
        tasks = claims.claim_task_runs(self.name, free, self._lease_seconds())
        self._dispatch(tasks)
        return bool(tasks)

    def _dispatch(self, tasks: list[TaskRun] | None) -> bool:
        """Hand leased task runs to the pool; True when there was a transition at all."""
        if tasks is None:
            return False
        for task in tasks:
            with self._lock:
                self._in_flight += 1
                self._held.add(task.id)
            self._pool.submit(self._run_tasks, task)
        return True

    def _run_tasks(self, task: TaskRun) -> None:
        """Run a task body and deliver its outcome; a task scheduled by that delivery runs
        next on this same thread (a chain of Task states needs no hand-off)."""
        current: TaskRun | None = task
        try:
            while current is not None:
                leased = taskbodies.run_and_deliver(current, self.name, self._lease_seconds())
                with self._lock:
                    self._held.discard(current.id)
                    self._held.update(task.id for task in leased or [])
                current = leased[0] if leased else None
                self._dispatch(leased[1:] if leased else None)
        except Exception:  # noqa: BLE001 - keep the pool alive; the lease brings the task back
            log.exception(
                "task %s of execution %s failed", current and current.key, task.execution_id
            )
            isolation.close_broken_connection()
        finally:
            with self._lock:
                self._in_flight -= 1
                if current is not None:
                    self._held.discard(current.id)
            notify.send(notify.WORK_CHANNEL, "")  # a slot is free; an execution may have ended

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
