"""Engine subprocesses on the test database, and reading back what they did.

Shared by tests/engine/test_processes.py and tests/engine/test_failover.py. Task functions come
from tests/engine/proc_functions.py, which records every call in BATON_PROC_DIR/calls.jsonl.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from engine.models import Execution, HistoryEvent, Status
from tests.processes import Process, function_env

HERE = Path(__file__).resolve().parent
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


class Engines:
    """Starts `runengine` subprocesses on the test database and stops every one of them."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.procs: list[Process] = []

    def start(
        self,
        concurrency: int = 4,
        lease_seconds: int | None = None,
        extra_env: dict[str, str] | None = None,
        **settings: object,
    ) -> Process:
        """Start one engine and return once it says it is running; `settings` become
        BATON_ENGINE_<NAME> environment variables (dead_seconds=3: BATON_ENGINE_DEAD_SECONDS)."""
        env = {**function_env(HERE, "proc_functions"), "BATON_PROC_DIR": str(self.workdir)}
        if lease_seconds is not None:
            env["BATON_TASK_LEASE_SECONDS"] = str(lease_seconds)
        env.update({f"BATON_ENGINE_{k.upper()}": str(v) for k, v in settings.items()})
        env.update(extra_env or {})
        log = self.workdir / f"engine-{len(self.procs)}.log"
        engine = Process.manage("runengine", "--concurrency", str(concurrency), log=log, env=env)
        self.procs.append(engine)
        return engine.wait_for("running, concurrency")

    def kill(self, engine: Process) -> None:
        engine.kill()

    def stop_all(self) -> None:
        for engine in self.procs:
            engine.stop()

    def logs(self) -> str:
        return "\n".join(engine.tail() for engine in self.procs)


# -- reading the outcome ------------------------------------------------------------------------


def wait_for(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)
    return found


def wait_ended(ids: Iterable[object], timeout: float) -> None:
    ids = list(ids)

    def ended() -> bool:
        return not Execution.objects.filter(id__in=ids, status=Status.RUNNING).exists()

    try:
        wait_for(ended, timeout, f"{len(ids)} executions to end")
    except AssertionError:
        running = Execution.objects.filter(id__in=ids, status=Status.RUNNING).count()
        raise AssertionError(f"{running} of {len(ids)} still RUNNING after {timeout} s") from None


def histories(ids: Iterable[object]) -> dict[object, list[tuple[int, str]]]:
    """Per execution, its (event id, type) pairs in event id order."""
    found: dict[object, list[tuple[int, str]]] = defaultdict(list)
    rows = HistoryEvent.objects.filter(execution_id__in=list(ids)).order_by("execution", "event_id")
    for execution_id, event_id, kind in rows.values_list("execution_id", "event_id", "type"):
        found[execution_id].append((event_id, kind))
    return found


def assert_event_ids_are_gapless(history: list[tuple[int, str]]) -> None:
    ids = [event_id for event_id, _ in history]
    assert ids == list(range(1, len(ids) + 1)), ids


def events(execution: Execution) -> list[HistoryEvent]:
    return list(execution.events.order_by("event_id"))


def stamps(execution: Execution, kind: str) -> list[float]:
    """Timestamps (epoch seconds) of the execution's events of type `kind`."""
    return [e.timestamp.timestamp() for e in events(execution) if e.type == kind]


def calls(workdir: Path, fn: str | None = None) -> list[dict[str, Any]]:
    path = workdir / "calls.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    found = [json.loads(line) for line in lines]
    return [c for c in found if fn is None or c["fn"] == fn]


def leased_to(engine: Process) -> str:
    """The claimed_by prefix of an engine process: `host:pid:…`."""
    return f":{engine.pid}:"
