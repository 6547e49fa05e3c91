"""The metrics directory's housekeeping (prometheus-client multiprocess mode): each process
writes files named after its pid (counter_123.db, gauge_livesum_123.db, …) that /metrics adds up.

A dead process's counters and histograms stay, so totals never go backwards; its live gauges
(open WebSockets) must go, or they would count connections nobody holds: `forget(pid)` when a
process exits. A launcher `empty`s the directory before it starts its processes: files of a
previous run's processes would otherwise add their old live gauges, and their pids may be reused.
Used by scripts/run_all.py (both) and engine/telemetry/http_metrics.py (a process that counted
WebSockets forgets its own at exit).
"""

from __future__ import annotations

import os
from pathlib import Path

from prometheus_client import multiprocess


def forget(pid: int, directory: Path | str | None = None) -> None:
    """Drop the live gauges of process `pid`, which has exited (no-op when metrics are off)."""
    folder = directory or os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        multiprocess.mark_process_dead(pid, str(folder))


def empty(directory: Path) -> int:
    """Remove every process's files (a previous run's); return how many went."""
    removed = 0
    for path in directory.glob("*.db"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed
