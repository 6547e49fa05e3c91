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

from django.db import connection
from django.utils import timezone

from . import alarms, claims, conf, isolation, runtime, schedule_runs, stops, taskbodies
from .listener import WorkListener
from .models import TaskRun
from .pulse import Pulse
from .taskpool import TaskPool

log = logging.getLogger(__name__)

FALLBACK_POLL_SECONDS = 2.0
BATCH = 100
# After a round failed (the database went away): wait this long, doubling up to the longest.
BACKOFF_SECONDS = (0.1, 5.0)
# Recorded stops and due cron schedules are looked for this often while an engine is busy (and
# at once when a stop's NOTIFY or the next schedule's time wakes it): not a query every round.
HOUSEKEEPING_SECONDS = 0.25


class Engine:
    """One engine process's loop, its pulse (pulse.py) and its task-body threads (taskpool.py)."""

    def __init__(self, concurrency: int = 4, name: str | None = None) -> None:
        self.concurrency = concurrency
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.stopping = threading.Event()
        self.pool = TaskPool(self.name, concurrency)
        self._housekeeping_at = 0.0
        self._alarms_at = 0.0

    def serve(self, until: Callable[[], bool] | None = None) -> None:
        """Loop until stop() (SIGTERM) or `until()` holds.

        1. Beat once, then let the pulse beat, renew leases and take over dead engines' tasks.
        2. Advance runnable executions, fire due timers, deliver recorded task outcomes and
           overdue tasks' timeouts, and hand claimable task runs to the pool.
        3. When a round found nothing to do, sleep until the next deadline, a NOTIFY, or the
           fallback interval, whichever comes first.
        4. A round that raises (an execution's own failures never reach here: runtime.py fails
           that execution alone) is logged; the loop backs off, reconnects and goes on.
        5. On stop: claim nothing more, give running task bodies STOP_GRACE_SECONDS, hand the
           task runs still held back as PENDING, delete the heartbeat, close.
        """
        pulse = Pulse(self.name, self.pool.held)
        pulse.beat()  # before the first lease: an engine with no heartbeat counts as dead
        pulse.start()
        listener: WorkListener | None = None
        backoff = BACKOFF_SECONDS[0]
        try:
            while not self.stopping.is_set() and not (until and until()):
                try:
                    listener = listener or WorkListener()
                    if not self.tick():
                        woken_by = listener.payloads(self._sleep_seconds())
                        self._alarms_at = 0.0  # it may have slept until an alarm's time
                        if stops.NOTIFY_PAYLOAD in woken_by:
                            self._housekeeping_at = 0.0
                    backoff = BACKOFF_SECONDS[0]
                except Exception:
                    log.exception("engine %s: a round failed; again in %.1f s", self.name, backoff)
                    listener = self._drop_listener(listener)
                    isolation.close_broken_connection()
                    self.stopping.wait(backoff)
                    backoff = min(backoff * 2, BACKOFF_SECONDS[1])
        finally:
            handed_back = self.pool.close(float(conf.engine_setting("STOP_GRACE_SECONDS")))
            if handed_back:
                log.warning("engine %s: handed %d task runs back", self.name, handed_back)
            pulse.stop()
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
        did = self._housekeeping()
        # Timers next: a burst of starts must not hold back timers that are due.
        while (leased := runtime.fire_due_timers(timezone.now(), lease_to=self.name)) is not None:
            did = self._dispatch(leased) or did
        did = self._fire_alarms() or did
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

    def _fire_alarms(self) -> bool:
        """Apps' alarms (reminders, escalations): at once after a sleep, every
        HOUSEKEEPING_SECONDS while busy, and again at once after a full batch."""
        if time.monotonic() < self._alarms_at:
            return False
        fired = alarms.fire_due(timezone.now())
        self._alarms_at = 0.0 if fired >= alarms.BATCH else time.monotonic() + HOUSEKEEPING_SECONDS
        return fired > 0

    def _housekeeping(self) -> bool:
        """Stops recorded while an engine was busy go first (such an execution must not go
        on), then due cron schedules start their executions."""
        if time.monotonic() < self._housekeeping_at:
            return False
        self._housekeeping_at = time.monotonic() + HOUSEKEEPING_SECONDS
        stopped = stops.apply_stop_requests()
        return schedule_runs.fire_due_schedules() > 0 or stopped

    def _sleep_seconds(self) -> float:
        longest = min(FALLBACK_POLL_SECONDS, HOUSEKEEPING_SECONDS * 4)
        due, schedule_due = claims.next_due()
        if schedule_due is not None and schedule_due <= timezone.now():
            self._housekeeping_at = 0.0  # a schedule is due: fire it in the next round, now
            return 0.0
        due = min((d for d in (due, schedule_due) if d is not None), default=None)
        if due is None:
            return longest
        return min(longest, (due - timezone.now()).total_seconds())

    def _claim_free_tasks(self) -> bool:
        if self.stopping.is_set():
            return False
        tasks = claims.claim_task_runs(self.name, self.pool.free_slots(), conf.lease_seconds())
        self.pool.submit(tasks)
        return bool(tasks)

    def _dispatch(self, tasks: list[TaskRun] | None) -> bool:
        """Hand leased task runs to the pool; True when there was a transition at all."""
        if tasks is None:
            return False
        self.pool.submit(tasks)
        return True
