"""What every workload needs: engine processes of its own, a way to await executions, commits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from designer.models import WorkflowVersion
from designer.services import publish_version
from engine.executions import start_execution
from engine.listener import WorkListener
from engine.notify import ENDED_CHANNEL

ROOT = Path(settings.BASE_DIR)
NOOP_ARN = "arn:aws:lambda:us-east-1:000000000000:function:bench-noop"
# The engines import engine.bench.functions, which registers bench-noop.
FUNCTIONS_ENV = {"BATON_FUNCTION_MODULES": "engine.bench.functions"}


@contextmanager
def engines(
    count: int = 1, concurrency: int = 4, env: dict[str, str] | None = None
) -> Iterator[list[subprocess.Popen]]:
    """Start `count` runengine processes on the same database; stop them on exit.

    `env` adds to their environment, e.g. FUNCTIONS_ENV to register the bench's functions.
    """
    env = {**os.environ, "DATABASE_URL": settings.DATABASE_URL, **(env or {})}
    command = [sys.executable, "manage.py", "runengine", "--concurrency", str(concurrency)]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        for _ in range(count)
    ]
    profilers = _profile(processes)
    try:
        time.sleep(1.5)  # let them connect and LISTEN before the clock starts
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        for profiler in profilers:
            profiler.wait(timeout=60)  # py-spy writes its file once its target exited


def _profile(processes: list[subprocess.Popen]) -> list[subprocess.Popen]:
    """With BENCH_PROFILE=DIR, py-spy records each engine (wall clock, idle included) to
    DIR/<n>-<pid>.txt as collapsed stacks, one line per stack with its sample count. With
    BENCH_PROFILE_GIL=1 as well, only the thread holding the GIL is sampled: where the
    process's Python CPU goes, without threads that merely wait for the GIL."""
    folder = os.environ.get("BENCH_PROFILE")
    if not folder:
        return []
    Path(folder).mkdir(parents=True, exist_ok=True)
    spy = Path(sys.executable).with_name("py-spy")
    found = sorted(Path(folder).glob("*.txt"))
    return [
        subprocess.Popen(
            [
                str(spy),
                "record",
                "--pid",
                str(process.pid),
                *(["--gil"] if os.environ.get("BENCH_PROFILE_GIL") else ["--idle"]),
                "--threads",
                "--rate",
                "250",
                "--format",
                "raw",
                "--nonblocking",
                "-o",
                str(Path(folder) / f"{len(found) + n:02d}-{process.pid}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n, process in enumerate(processes)
    ]


class Waiter:
    """Waits for executions to end, woken by the runtime's `baton_ended` notifications."""

    def __init__(self) -> None:
        self._listener = WorkListener(ENDED_CHANNEL)
        self.ended: set[str] = set()

    def wait_for(self, execution_id: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while execution_id not in self.ended:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"execution {execution_id} did not end within {timeout} s")
            self.ended.update(self._listener.payloads(left))

    def wait_all(
        self, execution_ids: list[str], timeout: float = 120.0, *, partial: bool = False
    ) -> float:
        """Wait until every one has ended; the perf_counter() time the last end was heard.

        With `partial`, give up quietly at the timeout (count `ended` to see how far it got).
        """
        pending = set(execution_ids) - self.ended
        deadline = time.monotonic() + timeout
        heard = time.perf_counter()
        while pending:
            left = deadline - time.monotonic()
            if left <= 0:
                if partial:
                    return heard
                raise TimeoutError(f"{len(pending)} executions did not end within {timeout} s")
            payloads = self._listener.payloads(left)
            if payloads:
                heard = time.perf_counter()
            self.ended.update(payloads)
            pending.difference_update(payloads)
        return heard

    def close(self) -> None:
        self._listener.close()


def publish(name: str, definition: dict[str, Any]) -> WorkflowVersion:
    return publish_version(name, definition, reuse_unchanged=True)


def start(version: WorkflowVersion, value: Any = None) -> str:
    execution, _ = start_execution(version, value)
    return str(execution.id)


def start_many(version: WorkflowVersion, values: list[Any]) -> list[str]:
    """Start one execution per value through start_execution, all in one transaction: they
    become visible (and the engines are woken) together when it commits."""
    with transaction.atomic():
        return [str(start_execution(version, value)[0].id) for value in values]


def purge(*workflow_names: str) -> int:
    """Delete the executions of these workflows with every row that refers to them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM engine_execution e JOIN designer_workflow w"
            " ON w.id = e.workflow_id WHERE w.name = ANY(%s)",
            [list(workflow_names)],
        )
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS bench_doomed (id uuid PRIMARY KEY)"
            " ON COMMIT DELETE ROWS"
        )
        with transaction.atomic():
            cursor.execute(
                "INSERT INTO bench_doomed SELECT e.id FROM engine_execution e"
                " JOIN designer_workflow w ON w.id = e.workflow_id WHERE w.name = ANY(%s)",
                [list(workflow_names)],
            )
            doomed = cursor.rowcount
            for table, column, nullable in _references("engine_execution"):
                if nullable:
                    cursor.execute(
                        f"UPDATE {table} SET {column} = NULL WHERE {column} IN "
                        "(SELECT id FROM bench_doomed)"
                    )
                else:
                    cursor.execute(
                        f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM bench_doomed)"
                    )
            cursor.execute("DELETE FROM engine_execution WHERE id IN (SELECT id FROM bench_doomed)")
    return doomed


def _references(table: str) -> list[tuple[str, str, bool]]:
    """(table, column, nullable) of every single-column foreign key that points at `table`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, a.attname, NOT a.attnotnull FROM pg_constraint c"
            " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
            " WHERE c.contype = 'f' AND c.confrelid = %s::regclass",
            [table],
        )
        return [(name, column, nullable) for name, column, nullable in cursor.fetchall()]


def commits() -> int:
    """Committed transactions of this database so far (the stats flush about once a second)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
        )
        return int(cursor.fetchone()[0])


def events(execution_id: str, types: list[str]) -> list[tuple[int, str, Any, Any]]:
    """(event id, type, timestamp, details) of an execution's events of these types, in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_id, type, timestamp, details FROM engine_historyevent"
            " WHERE execution_id = %s AND type = ANY(%s) ORDER BY event_id",
            [execution_id, types],
        )
        return [(row[0], row[1], row[2], _json(row[3])) for row in cursor.fetchall()]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def load() -> float:
    """The 1-minute load average: other work on this machine skews every figure."""
    return round(os.getloadavg()[0], 2)


def settle_stats() -> None:
    time.sleep(1.2)  # PGSTAT_MIN_INTERVAL: backends report their counters at most every second


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
