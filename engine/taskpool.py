"""The threads an engine runs task bodies on, and the task runs it holds while they wait or run.

Used by worker.Engine: it hands each task run leased to it here, and reads `held()` for its
pulse (lease renewal). A delivery that schedules more tasks leases them to the same engine;
the first runs next on the same thread (a chain of Task states needs no hand-off).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from . import claims, conf, isolation, notify, taskbodies
from .models import TaskRun

log = logging.getLogger(__name__)


class TaskPool:
    """Task bodies of engine `engine` on `size` threads."""

    def __init__(self, engine: str, size: int) -> None:
        self.engine = engine
        self.size = size
        self._threads = ThreadPoolExecutor(size, thread_name_prefix="baton-task")
        self._in_flight = 0  # submitted and not finished (queued or running)
        self._held: set[int] = set()  # task runs leased to this engine, queued or running
        self._closing = threading.Event()
        self._lock = threading.Lock()

    def held(self) -> list[int]:
        with self._lock:
            return list(self._held)

    def free_slots(self) -> int:
        with self._lock:
            return self.size - self._in_flight

    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    def submit(self, tasks: list[TaskRun]) -> None:
        """Run these leased task runs; while closing they are only held (to be handed back)."""
        for task in tasks:
            with self._lock:
                self._held.add(task.id)
                if self._closing.is_set():
                    continue
                self._in_flight += 1
            self._threads.submit(self._run, task)

    def _run(self, task: TaskRun) -> None:
        current: TaskRun | None = task
        try:
            while current is not None and not self._closing.is_set():
                leased = taskbodies.run_and_deliver(current, self.engine, conf.lease_seconds())
                with self._lock:
                    self._held.discard(current.id)
                    self._held.update(task.id for task in leased or [])
                current = leased[0] if leased else None
                self.submit(leased[1:] if leased else [])
        except Exception:  # noqa: BLE001 - keep the pool alive; the task goes back to PENDING
            log.exception(
                "task %s of execution %s failed", current and current.key, task.execution_id
            )
            isolation.close_broken_connection()
            if current is not None:
                self._give_back([current.id])
        finally:
            with self._lock:
                self._in_flight -= 1
            notify.send(notify.WORK_CHANNEL, "")  # a slot is free; an execution may have ended

    def close(self, grace_seconds: float) -> int:
        """Graceful stop: start nothing more, give running bodies `grace_seconds` to end, hand
        every task run still held back as PENDING (another engine runs it at once); return how
        many went back. Then close the threads' connections."""
        self._closing.set()
        deadline = time.monotonic() + grace_seconds
        while self.in_flight() and time.monotonic() < deadline:
            time.sleep(0.02)
        handed_back = self._give_back(self.held())
        if self.in_flight():  # a body overran the grace: its thread cannot be interrupted
            self._threads.shutdown(wait=False, cancel_futures=True)
        else:
            self._close_connections()
        return handed_back

    def _give_back(self, task_ids: list[int]) -> int:
        with self._lock:
            self._held.difference_update(task_ids)
        try:
            return claims.hand_back_task_runs(self.engine, task_ids)
        except Exception:  # noqa: BLE001 - the database is away: the pulse of others takes over
            log.warning("engine %s: could not hand back %s", self.engine, task_ids, exc_info=True)
            return 0

    def _close_connections(self) -> None:
        """One job per thread, held at a barrier so each thread closes its own connection."""
        barrier = threading.Barrier(self.size)

        def close_connection() -> None:
            try:
                barrier.wait(timeout=5)
            except threading.BrokenBarrierError:
                pass
            connection.close()

        for _ in range(self.size):
            self._threads.submit(close_connection)
        self._threads.shutdown(wait=True)
