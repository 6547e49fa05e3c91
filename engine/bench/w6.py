"""W6: 200,000 parked executions (storage per execution, engine memory) and one history of
100,000 events.

The parked executions wait on a Wait of a day. One is parked by the engine and cloned in SQL
(engine/bench/parking.py): advancing 200,000 starts through the engine would take minutes.
bytes_per_parked is the growth of the execution, history event, timer and task run tables
(pg_total_relation_size: heap, TOAST and indexes) divided by the count. The engine's RSS
(VmRSS of the runengine process) is read when it starts over the parked rows, after IDLE
seconds of idling over them, and after a burst: the big-history execution, a loop of
Pass and Choice states. Everything W6 made is deleted at the end.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.db import connection

from . import harness, parking, w1b

NAME = "W6"
TARGET = "≤ 2 KB/parked, RSS flat"
PARKED = 200_000
IDLE = 20.0
LOOPS = 24_990  # 4 events per loop + 3 = 99,963 events, under the 100,000-event limit
BURST = 200  # short executions (10 Tasks each) started with the big one
PARKED_WORKFLOW = "bench-w6-parked"
BIG_WORKFLOW = "bench-w6-big"
BURST_WORKFLOW = "bench-w6-burst"
TABLES = ("engine_execution", "engine_historyevent", "engine_timer", "engine_taskrun")

PARK = {
    "Comment": "bench W6: parked for a day",
    "StartAt": "Park",
    "States": {"Park": {"Type": "Wait", "Seconds": 86400, "End": True}},
}
BIG = {
    "Comment": "bench W6: a history of ~100,000 events",
    "StartAt": "Count",
    "States": {
        "Count": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "More"},
        "More": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.i", "NumericLessThan": LOOPS, "Next": "Count"}],
            "Default": "Done",
        },
        "Done": {"Type": "Succeed"},
    },
}


def table_bytes() -> dict[str, int]:
    """pg_total_relation_size of each table (heap, TOAST and indexes)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname::text, pg_total_relation_size(oid) FROM pg_class"
            " WHERE relname = ANY(%s) AND relkind = 'r'",
            [list(TABLES)],
        )
        return dict(cursor.fetchall())


def index_bytes() -> dict[str, int]:
    """Size of each index of the tables, by index name."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index"
            " WHERE indrelid::regclass::text = ANY(%s)",
            [list(TABLES)],
        )
        return dict(cursor.fetchall())


def compact() -> None:
    """VACUUM FULL the tables: rows deleted earlier (by any workload) leave space that new
    rows would reuse, which would hide part of the growth; and 200,000 dead rows left behind
    would slow everything that scans these tables afterwards."""
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM (FULL, ANALYZE) {table}")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no VmRSS for process {pid}")


def count_events(execution_id: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM engine_historyevent WHERE execution_id = %s", [execution_id]
        )
        return cursor.fetchone()[0]


def run() -> dict[str, Any]:
    workflows = (PARKED_WORKFLOW, BIG_WORKFLOW, BURST_WORKFLOW)
    harness.purge(*workflows)
    compact()
    try:
        return measure()
    finally:
        harness.purge(*workflows)
        compact()


def measure() -> dict[str, Any]:
    parked_version = harness.publish(PARKED_WORKFLOW, PARK)
    big_version = harness.publish(BIG_WORKFLOW, BIG)
    burst_version = harness.publish(BURST_WORKFLOW, w1b.definition(10))
    with harness.engines(1):
        template = parking.park_template(parked_version, {"template": True})
    before, indexes_before = table_bytes(), index_bytes()
    began = time.perf_counter()
    parking.clone(template, PARKED - 1, "clock_timestamp() + interval '1 day'", 0.001)
    insert_seconds = time.perf_counter() - began
    after, indexes_after = table_bytes(), index_bytes()
    grown = {table: after.get(table, 0) - before.get(table, 0) for table in TABLES}
    indexes = {
        name: round((size - indexes_before.get(name, 0)) / PARKED)
        for name, size in sorted(indexes_after.items(), key=lambda item: -item[1])
        if size - indexes_before.get(name, 0) > 0
    }

    waiter = harness.Waiter()
    try:
        with harness.engines(1, env=harness.FUNCTIONS_ENV) as processes:
            pid = processes[0].pid
            rss_start = rss_mb(pid)
            time.sleep(IDLE)
            rss_idle = rss_mb(pid)
            began = time.perf_counter()
            big = harness.start(big_version, {"i": 0})
            burst = harness.start_many(burst_version, [{"n": n} for n in range(BURST)])
            waiter.wait_for(big, timeout=120)
            big_seconds = time.perf_counter() - began
            waiter.wait_all(burst, timeout=60, partial=True)
            rss_end = rss_mb(pid)
    finally:
        waiter.close()
    return {
        "parked": PARKED,
        "path": "template parked by the engine, cloned in SQL",
        "insert_seconds": round(insert_seconds, 1),
        "bytes_per_parked": round(sum(grown.values()) / PARKED),
        "bytes_per_parked_by_table": {table: round(grown[table] / PARKED) for table in TABLES},
        "index_bytes_per_parked": indexes,
        "engine_rss_mb_start": rss_start,
        "engine_rss_mb_idle": rss_idle,
        "engine_rss_mb_end": rss_end,
        "big_history_events": count_events(big),
        "big_history_seconds": round(big_seconds, 2),
        "burst_ended": len(waiter.ended.intersection(burst)),
        "load": harness.load(),
    }


def summary(figures: dict[str, Any]) -> str:
    return (
        f"{figures['bytes_per_parked']} B/parked, RSS {figures['engine_rss_mb_start']} → "
        f"{figures['engine_rss_mb_idle']} → {figures['engine_rss_mb_end']} MB, "
        f"{figures['big_history_events']} events in {figures['big_history_seconds']} s"
    )
