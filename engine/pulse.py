"""An engine's pulse: a thread of its own that proves the engine alive and takes over the dead.

Every `beat_seconds` (a fifth of ENGINE_DEAD_SECONDS, or a third of the lease when that is
shorter), on its own database connection, so a busy claim loop or a long task never starves it:
1. write the engine's heartbeat (EngineHeartbeat, also read by /api/health/);
2. renew the leases of the task runs the engine holds (queued or running), so a healthy long
   task is never run twice because its lease ran out;
3. put the RUNNING task runs of engines whose heartbeat is older than ENGINE_DEAD_SECONDS (or
   gone) back to PENDING, so any engine runs them again at once with the same idempotency key.
   A dead engine's row locks went with its connection; nothing else it held needs freeing.
The task lease stays the backstop for an engine that beats but hangs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import connection

from . import claims, conf, isolation, notify
from .models.heartbeat import EngineHeartbeat, Process

log = logging.getLogger(__name__)


def dead_after_seconds() -> float:
    return float(conf.engine_setting("ENGINE_DEAD_SECONDS"))


class Pulse(threading.Thread):
    """The heartbeat thread of engine `name`; `held()` lists the task runs it holds."""

    def __init__(self, name: str, held: Callable[[], list[int]]) -> None:
        super().__init__(name=f"baton-pulse-{name}", daemon=True)
        self.engine = name
        self._held = held
        self._stopped = threading.Event()
        # Often enough for both: a few beats before others call it dead, and a few renewals
        # within one lease (tests shorten the lease to seconds).
        self.beat_seconds = min(dead_after_seconds() / 5, conf.lease_seconds() / 3)

    def run(self) -> None:
        try:
            while not self._stopped.wait(self.beat_seconds):
                self.beat()
        finally:
            connection.close()

    def beat(self) -> None:
        """One pulse; a failure (the database away) is logged and the next pulse tries again."""
        try:
            EngineHeartbeat.beat(Process.ENGINE, self.engine)
            held = self._held()
            if held:
                claims.renew_leases(self.engine, held, conf.lease_seconds())
            taken_over = claims.release_task_runs_of_dead_engines(dead_after_seconds())
            if taken_over:
                log.warning("engine %s: took over %d dead engines' tasks", self.engine, taken_over)
                notify.work()
        except Exception:
            log.exception("engine %s: heartbeat failed", self.engine)
            isolation.close_broken_connection()

    def stop(self) -> None:
        """Stop beating and say the engine is gone: its heartbeat row is deleted."""
        self._stopped.set()
        self.join(timeout=self.beat_seconds + 5)
        try:
            EngineHeartbeat.objects.filter(name=self.engine).delete()
        except Exception:  # noqa: BLE001 - the database may be gone at shutdown
            log.warning("engine %s: could not delete its heartbeat", self.engine, exc_info=True)
